"""The stored suggestions (derived, refreshed for the contacts that changed) always
equal a full search from scratch, whatever was added, edited, trashed, restored,
merged or imported; a very common name alone suggests nobody."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prm.core import contacts, duplicates
from prm.core.drafts import ContactDraft, LabeledValue
from prm.core.duplicates import candidates
from prm.core.duplicates.finding import load_facts, scored_pairs
from prm.core.duplicates.scoring import COMMON_NAME


def stored(session) -> set[tuple]:
    """The stored pairs; the kept count of them (the screen's total) must agree."""
    raw = session.connection().exec_driver_sql
    rows = {tuple(r) for r in raw("SELECT a, b, score, reason FROM derived_dup_candidate")}
    assert raw("SELECT n FROM derived_dup_count").scalar_one() == len(rows)
    return rows


def from_scratch(session) -> set[tuple]:
    pairs, _scored = scored_pairs(load_facts(session))
    return {tuple(p) for p in pairs}


def fresh(store) -> None:
    with store.transaction() as session:
        candidates.ensure_fresh(session)


def draft(given, family, email, phone, birthday) -> ContactDraft:
    return ContactDraft(
        given_name=given,
        family_name=family,
        emails=[LabeledValue(email)] if email else [],
        phones=[LabeledValue(phone)] if phone else [],
        birthday=birthday,
        organization="" if given or family else "Acme",
    )


drafts = st.builds(
    draft,
    st.sampled_from(["Ann", "Anne", "Bob", "Robert", "J.", "John", "Jon", "Lee", ""]),
    st.sampled_from(["Lee", "Li", "Smith", "Smyth", "Ann", ""]),
    st.sampled_from(["", "", "a@x.com", "A@X.com", "b@x.com"]),
    st.sampled_from(["", "", "+442079460018", "+14155550100"]),
    st.sampled_from(["", "", "1980-05-04", "--05-04", "1975-01-02"]),
)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("add"), drafts),
        st.tuples(st.just("edit"), st.integers(0, 40), drafts),
        st.tuples(st.just("trash"), st.integers(0, 40)),
        st.tuples(st.just("restore"), st.integers(0, 40)),
        st.tuples(st.just("merge"), st.integers(0, 40), st.integers(0, 40)),
        st.tuples(st.just("refresh")),
    ),
    max_size=14,
)


def apply(store, clock, step) -> None:
    with store.transaction() as session:
        ids = [r[0] for r in session.connection().exec_driver_sql("SELECT id FROM contact")]
        live = [
            r[0]
            for r in session.connection().exec_driver_sql(
                "SELECT id FROM contact WHERE deleted_at IS NULL"
            )
        ]
        kind = step[0]
        if kind == "add":
            contacts.create_contact(session, draft=step[1], clock=clock, allow_duplicate=True)
        elif kind == "refresh":
            candidates.ensure_fresh(session)
        elif kind == "edit" and live:
            cid = live[step[1] % len(live)]
            contacts.update_contact(session, contact_id=cid, draft=step[2], clock=clock)
        elif kind == "trash" and live:
            contacts.trash_contacts(session, ids=[live[step[1] % len(live)]], clock=clock)
        elif kind == "restore" and ids:
            contacts.restore_contacts(session, ids=[ids[step[1] % len(ids)]], clock=clock)
        elif kind == "merge" and len(live) > 1:
            keep, other = live[step[1] % len(live)], live[step[2] % len(live)]
            if keep != other:
                duplicates.merge_contacts(session, keep_id=keep, other_id=other, clock=clock)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(steps=steps)
def test_refreshed_suggestions_equal_a_search_from_scratch(store, clock, steps):
    fresh(store)
    for step in steps:
        apply(store, clock, step)
    with store.reading() as session:  # every one of those writes said whose rows it wrote
        assert not candidates.is_stale(session)
    fresh(store)
    with store.reading() as session:
        assert stored(session) == from_scratch(session)
        assert not candidates.is_stale(session)


def test_an_edit_refreshes_only_that_contact_and_an_undone_merge_comes_back(store, clock):
    with store.transaction() as session:
        ann = contacts.create_contact(
            session, draft=draft("Ann", "Lee", "a@x.com", "", ""), clock=clock
        ).id
        ann2 = contacts.create_contact(
            session, draft=draft("Ann", "Lee", "a@x.com", "", ""), clock=clock, allow_duplicate=True
        ).id
    fresh(store)
    with store.transaction() as session:
        assert {(a, b) for a, b, *_ in stored(session)} == {(ann, ann2)}
        contacts.update_contact(
            session, contact_id=ann2, draft=draft("Bo", "Chen", "", "", ""), clock=clock
        )
    with store.transaction() as session:
        assert candidates.refresh(session) == 1  # one contact compared again, no rebuild
        assert stored(session) == set()
        assert not candidates.is_stale(session)


def test_a_very_common_name_alone_suggests_nobody_but_a_shared_email_still_does(store, clock):
    with store.transaction() as session:
        same = [
            contacts.create_contact(
                session, draft=draft("Ana", "Ruiz", "", "", ""), clock=clock, allow_duplicate=True
            ).id
            for _ in range(COMMON_NAME + 1)
        ]
        contacts.update_contact(
            session,
            contact_id=same[0],
            draft=draft("Ana", "Ruiz", "ana@x.com", "", ""),
            clock=clock,
        )
        contacts.update_contact(
            session,
            contact_id=same[1],
            draft=draft("Ana", "Ruiz", "ana@x.com", "", ""),
            clock=clock,
        )
    fresh(store)
    with store.reading() as session:
        assert {(a, b) for a, b, *_ in stored(session)} == {(same[0], same[1])}
    with store.transaction() as session:  # one fewer: no longer common, every pair again
        contacts.trash_contacts(session, ids=[same[-1]], clock=clock)
    fresh(store)
    with store.reading() as session:
        assert len(stored(session)) == COMMON_NAME * (COMMON_NAME - 1) // 2
        assert stored(session) == from_scratch(session)


def test_a_bulk_import_and_emptying_the_trash_refresh_only_their_contacts(store, clock):
    from prm.core.vcard.bulk import bulk_create

    fresh(store)
    with store.transaction() as session:
        cleaned = draft("Ann", "Lee", "a@x.com", "", "").cleaned(today=clock.now().date())
        ids = bulk_create(session, drafts=[("", cleaned), ("", cleaned)], clock=clock)
    with store.transaction() as session:
        assert not candidates.is_stale(session)  # no full search for two new cards
        assert candidates.refresh(session) == 2
        assert {(a, b) for a, b, *_ in stored(session)} == {tuple(ids)}
        contacts.trash_contacts(session, ids=[ids[1]], clock=clock)
    with store.transaction() as session:
        contacts.empty_trash(session)
    with store.transaction() as session:
        assert not candidates.is_stale(session)
        candidates.refresh(session)
        assert stored(session) == from_scratch(session) == set()


def test_an_import_of_everything_searches_the_whole_store_again(store, clock, tmp_path):
    from prm.core.export_all import export_everything
    from prm.core.import_all import import_everything
    from prm.core.store_open import open_store

    with store.transaction() as session:
        for _ in range(2):
            contacts.create_contact(
                session,
                draft=draft("Ann", "Lee", "a@x.com", "", ""),
                clock=clock,
                allow_duplicate=True,
            )
    fresh(store)
    out = tmp_path / "all.json"
    export_everything(store, out, now=clock.now())
    from prm.core.paths import AppPaths
    from prm.core.secrets import MemorySecretStore

    target = open_store(AppPaths.for_dir(tmp_path / "other"), MemorySecretStore())
    try:
        import_everything(target, out)
        with target.transaction() as session:
            assert candidates.is_stale(session)  # the new rows' owners are unknown
            candidates.ensure_fresh(session)
            assert stored(session) == from_scratch(session) and len(stored(session)) == 1
    finally:
        target.close()
