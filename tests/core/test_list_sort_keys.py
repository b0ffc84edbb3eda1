"""The list's stored sort keys (contact.sort_email/sort_phone, indexed with the name)
give exactly the order of the straightforward ORDER BY that reads the first email
and phone of every contact, after any mix of the write paths: add, edit, trash,
restore, merge and its undo, export-all/import-all."""

from __future__ import annotations

import itertools
import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prm.core import contact_list, contacts, duplicates, search
from prm.core.drafts import ContactDraft, LabeledValue
from prm.core.export_all import export_everything
from prm.core.import_all import import_everything
from prm.core.paths import AppPaths
from prm.core.secrets import MemorySecretStore
from prm.core.store_open import open_store

VALUES = ["", "amy@x.org", "Bob@x.org", "bob@x.org", "zed@y.org", "emile@z.org"]
PHONES = ["", "+1 415 555 0100", "020 7946 0000", "+44 20 7946 0001", "555"]
TEXT = ["", "Acme", "acme", "Mar Labs", "Émaux", "zeta"]
NAMES = ["Ann", "ann", "Bob", "Cy", "Émile", "Mar"]
COUNTER = itertools.count()
QUERIES = ["", "a", "m", "acme", "bob", "x", "555"]

FIRST = (
    "coalesce((SELECT value FROM {table} v WHERE v.contact_id = contact.id"
    " ORDER BY v.preferred DESC, v.position LIMIT 1), '')"
)
KEYS = {
    "organization": "organization",
    "title": "title",
    "email": FIRST.format(table="contact_email"),
    "phone": FIRST.format(table="contact_phone"),
}


def reference(session, *, query: str, sort: str, descending: bool) -> list[int]:
    """What the list promises, read the plain way: every hit sorted by its key read
    from the value tables, blanks last, ties in name order."""
    way = " DESC" if descending else ""
    key = KEYS[sort]
    where, params = "deleted_at IS NULL", ()
    if query:
        where += " AND id IN (SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?)"
        params = (search.match_expression(query),)
    sql = (
        f"SELECT id FROM contact NOT INDEXED WHERE {where}"
        f" ORDER BY {key} = '', {key} COLLATE NOCASE{way}, sort_name, id"
    )
    return [r[0] for r in session.connection().exec_driver_sql(sql, params)]


def check(store) -> None:
    with store.reading() as session:
        for sort in KEYS:
            for descending in (False, True):
                for query in QUERIES:
                    expected = reference(session, query=query, sort=sort, descending=descending)
                    got = contact_list.list_contact_ids(
                        session, query=query, sort=sort, descending=descending
                    )
                    assert got == expected, (sort, descending, query)
                    first, more = contact_list.first_ids(
                        session, query=query, size=2, sort=sort, descending=descending
                    )
                    assert (first, more) == (expected[:2], len(expected) > 2)
        shown = contact_list.contact_rows(session, ids=contact_list.list_contact_ids(session))
        for sort, column in (("email", "email"), ("phone", "phone")):
            plain = session.connection().exec_driver_sql(f"SELECT id, {KEYS[sort]} FROM contact")
            assert {cid: getattr(shown[cid], column) for cid in shown} == {
                cid: value for cid, value in plain if cid in shown
            }


labeled = st.lists(st.tuples(st.sampled_from(VALUES[1:]), st.booleans()), max_size=3).map(
    lambda items: [LabeledValue(v, "", p) for v, p in items]
)
phones = st.lists(st.tuples(st.sampled_from(PHONES[1:]), st.booleans()), max_size=3).map(
    lambda items: [LabeledValue(v, "", p) for v, p in items]
)
drafts = st.builds(
    lambda given, org, title, emails, phone_list: ContactDraft(
        given_name=given, organization=org, title=title, emails=emails, phones=phone_list
    ),
    st.sampled_from(NAMES),
    st.sampled_from(TEXT),
    st.sampled_from(TEXT),
    labeled,
    phones,
)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("add"), drafts),
        st.tuples(st.just("edit"), drafts),
        st.tuples(st.just("trash"), st.none()),
        st.tuples(st.just("restore"), st.none()),
        st.tuples(st.just("merge"), st.booleans()),
    ),
    min_size=1,
    max_size=12,
)


def apply(store, clock, steps, pick) -> None:
    for kind, arg in steps:
        with store.reading() as session:
            live = contact_list.list_contact_ids(session)
            gone = contact_list.list_contact_ids(session, trashed=True)
        with store.transaction() as session:
            if kind == "add" or (kind == "edit" and not live):
                contacts.create_contact(session, draft=arg, clock=clock, allow_duplicate=True)
            elif kind == "edit":
                contacts.update_contact(session, contact_id=pick(live), draft=arg, clock=clock)
            elif kind == "trash" and live:
                contacts.trash_contacts(session, ids=[pick(live)], clock=clock)
            elif kind == "restore" and gone:
                contacts.restore_contacts(session, ids=[pick(gone)], clock=clock)
            elif kind == "merge" and len(live) >= 2:
                keep, other = pick(live), pick(live)
                if keep != other:
                    done = duplicates.merge_contacts(
                        session, keep_id=keep, other_id=other, clock=clock
                    )
                    if arg:  # and undone
                        duplicates.undo_merge(session, undo=done.undo)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=steps, data=st.data())
def test_sorted_lists_match_the_plain_order_after_any_writes(
    _template_store, tmp_path, clock, steps, data
):
    template, keyring = _template_store
    folder = tmp_path / f"store{next(COUNTER)}"
    shutil.copytree(template.data_dir, folder)
    secrets = MemorySecretStore()
    for name, value in keyring.items():
        secrets.set(name, value)
    store = open_store(AppPaths.for_dir(folder), secrets)  # a fresh store per example
    try:
        apply(store, clock, steps, lambda ids: data.draw(st.sampled_from(ids)))
        check(store)
    finally:
        store.close()


def test_keys_survive_export_all_and_import_all(store, clock, tmp_path):
    people = [
        ContactDraft(given_name=n, emails=[LabeledValue(v, "", i % 2 == 0)], phones=[])
        for i, (n, v) in enumerate(zip(NAMES, VALUES[1:], strict=False))
    ]
    with store.transaction() as session:
        for draft in people:
            contacts.create_contact(session, draft=draft, clock=clock, allow_duplicate=True)
    export = tmp_path / "all.json"
    export_everything(store, export, now=clock.now())
    other_paths = AppPaths.for_dir(tmp_path / "other")
    other = open_store(other_paths, MemorySecretStore())
    try:
        import_everything(other, export)
        check(other)
        with other.reading() as session:
            emails = session.connection().exec_driver_sql(
                "SELECT sort_email FROM contact ORDER BY id"
            )
            assert [r[0] for r in emails] == [v for _n, v in zip(NAMES, VALUES[1:], strict=False)]
    finally:
        other.close()


def test_keys_follow_a_vcard_import_and_its_undo(store, clock):
    from prm.core.vcard.apply import undo_import
    from tests.core.test_vcard_import import apply as apply_cards
    from tests.core.test_vcard_import import card, plan

    cards = [
        card(i + 1, name, emails=[v] if v else (), phones=[p] if p else (), organization=org)
        for i, (name, v, p, org) in enumerate(
            zip(NAMES, VALUES, PHONES + ["+1 212 555 0199"], TEXT, strict=False)
        )
    ]
    result = apply_cards(store, clock, plan(store, cards))
    check(store)
    with store.reading() as session:
        keyed = session.connection().exec_driver_sql(
            "SELECT count(*) FROM contact WHERE sort_email != ''"
        )
        assert keyed.scalar_one() == sum(1 for v in VALUES[: len(NAMES)] if v)
    with store.transaction() as session:
        undo_import(session, result, clock=clock)
    check(store)
