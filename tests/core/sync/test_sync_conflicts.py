"""Edited on both sides: merged where the edits don't overlap, kept both where they do."""

from __future__ import annotations

from prm.core.drafts import LabeledValue
from prm.core.sync.conflicts import list_conflicts, resolve_conflict
from tests.core.sync.fake_server import FakeServer
from tests.core.sync.syncing import add, add_phone_account, edit, get, sync


def _synced(store, clock, **fields):
    ana = add(store, clock, "Ana", "Ruiz", email="ana@ruiz.example", **fields)
    add_phone_account(store, clock)
    server = FakeServer()
    sync(store, server, clock)
    return ana, server, server.find("Ana")


def test_edits_to_different_fields_are_merged_both_ways(store, clock):
    ana, server, href = _synced(store, clock, title="CTO")
    edit(store, clock, ana, organization="Studio Nord")
    server.phone_edit(href, lambda t: t.replace("TITLE:CTO", "TITLE:CEO"))

    report = sync(store, server, clock)

    assert report.conflicts == 0
    draft = get(store, ana)[0]
    assert (draft.title, draft.organization) == ("CEO", "Studio Nord")
    assert "ORG:Studio Nord" in server.text(href) and "TITLE:CEO" in server.text(href)
    assert not sync(store, server, clock).changed


def test_numbers_added_on_both_sides_are_all_kept(store, clock):
    ana, server, href = _synced(store, clock)
    edit(store, clock, ana, phones=[LabeledValue("+34 600 111 222", "mobile")])
    server.phone_edit(
        href, lambda t: t.replace("END:VCARD", "TEL;TYPE=WORK:+34 911 000 000\r\nEND:VCARD")
    )

    report = sync(store, server, clock)

    assert report.conflicts == 0
    phones = sorted(p.value for p in get(store, ana)[0].phones)
    assert len(phones) == 2
    assert "600 111 222" in server.text(href) and "911 000 000" in server.text(href)


def test_the_same_field_edited_both_sides_is_a_conflict_keeping_both(store, clock):
    ana, server, href = _synced(store, clock, title="CTO")
    edit(store, clock, ana, title="Chief Architect", organization="Studio Nord")
    server.phone_edit(
        href,
        lambda t: t.replace("TITLE:CTO", "TITLE:CEO").replace(
            "END:VCARD", "NICKNAME:Annie\r\nEND:VCARD"
        ),
    )

    report = sync(store, server, clock)

    assert report.conflicts == 1
    draft = get(store, ana)[0]
    assert draft.title == "Chief Architect" and draft.nickname == "Annie"  # the rest merged
    assert "TITLE:CEO" in server.text(href)  # the server's version was not overwritten
    with store.reading() as session:
        [conflict] = list_conflicts(session)
    assert conflict.contact_id == ana and conflict.account == "Phone"
    by_key = {f.key: f for f in conflict.fields}
    assert (by_key["title"].here, by_key["title"].there) == ("Chief Architect", "CEO")
    assert sync(store, server, clock).there_updated == 0  # a conflict is not pushed


def test_resolving_a_conflict_per_field_is_uploaded(store, clock):
    ana, server, href = _synced(store, clock, title="CTO", department="Design")
    edit(store, clock, ana, title="Chief Architect", department="Research")
    server.phone_edit(
        href,
        lambda t: t.replace("TITLE:CTO", "TITLE:CEO").replace("Design", "Board"),
    )
    sync(store, server, clock)
    with store.reading() as session:
        [conflict] = list_conflicts(session)
    assert {f.key for f in conflict.fields} >= {"title", "department"}

    with store.transaction() as session:
        resolve_conflict(
            session, contact_id=ana, choices={"title": "there", "department": "here"}, clock=clock
        )
    report = sync(store, server, clock)

    draft = get(store, ana)[0]
    assert (draft.title, draft.department) == ("CEO", "Research")
    assert report.there_updated == 1
    assert "TITLE:CEO" in server.text(href) and "Research" in server.text(href)
    with store.reading() as session:
        assert list_conflicts(session) == []
    assert not sync(store, server, clock).changed


def test_a_server_edit_racing_an_upload_is_merged_not_overwritten(store, clock):
    ana, server, href = _synced(store, clock, title="CTO")
    edit(store, clock, ana, organization="Studio Nord")
    real_changes = server.changes

    def edit_after_listing(book, token):  # the phone writes between our pull and our push
        listing = real_changes(book, token)
        server.phone_edit(href, lambda t: t.replace("END:VCARD", "NICKNAME:Annie\r\nEND:VCARD"))
        server.changes = real_changes
        return listing

    server.changes = edit_after_listing
    sync(store, server, clock)

    assert "NICKNAME:Annie" in server.text(href) and "ORG:Studio Nord" in server.text(href)
    assert get(store, ana)[0].nickname == "Annie"
