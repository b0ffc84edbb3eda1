"""First upload, first download, edits and deletions both ways, through a server that behaves."""

from __future__ import annotations

from prm.core.backups.catalog import list_backups
from tests.core.sync.fake_server import FakeServer, google_rewrite, vcard
from tests.core.sync.syncing import (
    add,
    add_phone_account,
    edit,
    get,
    live_names,
    sync,
    trashed_names,
)


def test_first_upload_sends_every_contact_once_without_private_notes(store, clock, paths):
    add(store, clock, "Ana", "Ruiz", email="ana@ruiz.example", notes="owes me a coffee")
    add(store, clock, "Ben", "Okafor", title="CTO")
    add_phone_account(store, clock)
    server = FakeServer()

    report = sync(store, server, clock)

    assert report.there_created == 2 and report.here_created == 0
    texts = [server.text(h) for h in server.cards]
    assert any("EMAIL" in t and "ana@ruiz.example" in t for t in texts)
    assert not any("coffee" in t for t in texts)
    assert [b.kind for b in list_backups(paths.backup_dir)] == ["before-sync"]
    again = sync(store, server, clock)
    assert not again.changed and len(server.cards) == 2


def test_first_download_creates_new_people_and_matches_existing_ones(store, clock):
    ana = add(store, clock, "Ana", "Ruiz", email="ana@ruiz.example")
    server = FakeServer()
    server.phone_put(
        "a.vcf", vcard("N:Ruiz;Ana;;;\nFN:Ana Ruiz\nEMAIL:ana@ruiz.example\nTITLE:Architect", "u-a")
    )
    server.phone_put("b.vcf", vcard("N:Okafor;Ben;;;\nFN:Ben Okafor\nTEL:+44 20 7946 0000", "u-b"))
    add_phone_account(store, clock)

    report = sync(store, server, clock)

    assert live_names(store) == ["Ana Ruiz", "Ben Okafor"]  # Ana matched, not duplicated
    assert get(store, ana)[0].title == "Architect"  # her blank filled from the phone
    assert report.here_created == 1 and len(server.cards) == 2
    assert not sync(store, server, clock).changed


def test_edit_here_goes_up_and_edit_there_comes_down(store, clock):
    ana = add(store, clock, "Ana", "Ruiz", email="ana@ruiz.example")
    add_phone_account(store, clock)
    server = FakeServer()
    sync(store, server, clock)
    href = server.find("Ana")

    edit(store, clock, ana, title="Head of Design")
    assert sync(store, server, clock).there_updated == 1
    assert "TITLE:Head of Design" in server.text(href)

    server.phone_edit(href, lambda t: t.replace("Head of Design", "CEO"))
    report = sync(store, server, clock)
    assert report.here_updated == 1 and report.there_updated == 0
    assert get(store, ana)[0].title == "CEO"


def test_private_fields_are_never_touched_by_a_download(store, clock):
    ana = add(store, clock, "Ana", "Ruiz", notes="met at the fair", how_we_met="fair")
    add_phone_account(store, clock)
    server = FakeServer()
    sync(store, server, clock)
    href = server.find("Ana")
    server.phone_edit(href, lambda t: t.replace("END:VCARD", "NOTE:phone note\r\nEND:VCARD"))

    sync(store, server, clock)

    draft = get(store, ana)[0]
    assert draft.notes == "met at the fair" and draft.how_we_met == "fair"
    assert "phone note" in server.text(href)  # the phone's note stays on its card
    edit(store, clock, ana, title="CTO")
    sync(store, server, clock)
    assert "phone note" in server.text(href) and "met at the fair" not in server.text(href)


def test_delete_there_sends_the_contact_to_the_trash_never_purged(store, clock):
    add(store, clock, "Ana", "Ruiz")
    add(store, clock, "Ben", "Okafor")
    add(store, clock, "Cai", "Lin")
    add_phone_account(store, clock)
    server = FakeServer()
    sync(store, server, clock)

    server.phone_delete(server.find("Ana"))
    report = sync(store, server, clock)

    assert report.here_trashed == 1
    assert trashed_names(store) == ["Ana Ruiz"] and live_names(store) == ["Ben Okafor", "Cai Lin"]


def test_delete_here_deletes_there(store, clock):
    from prm.core.contacts import trash_contacts

    ana = add(store, clock, "Ana", "Ruiz")
    add(store, clock, "Ben", "Okafor")
    add_phone_account(store, clock)
    server = FakeServer()
    sync(store, server, clock)

    with store.transaction() as session:
        trash_contacts(session, ids=[ana], clock=clock)
    report = sync(store, server, clock)

    assert report.there_deleted == 1
    assert [server.text(h) for h in server.cards if "Ana" in server.text(h)] == []
    assert not sync(store, server, clock).changed


def test_edited_there_after_deleted_here_comes_back_from_the_trash(store, clock):
    from prm.core.contacts import trash_contacts

    ana = add(store, clock, "Ana", "Ruiz")
    add(store, clock, "Ben", "Okafor")
    add_phone_account(store, clock)
    server = FakeServer()
    sync(store, server, clock)
    with store.transaction() as session:
        trash_contacts(session, ids=[ana], clock=clock)
    server.phone_edit(
        server.find("Ana"), lambda t: t.replace("END:VCARD", "TITLE:CEO\r\nEND:VCARD")
    )

    sync(store, server, clock)

    draft, deleted_at = get(store, ana)
    assert deleted_at is None and draft.title == "CEO"


def test_edited_here_after_deleted_there_is_uploaded_again(store, clock):
    ana = add(store, clock, "Ana", "Ruiz")
    add(store, clock, "Ben", "Okafor")
    add(store, clock, "Cai", "Lin")
    add_phone_account(store, clock)
    server = FakeServer()
    sync(store, server, clock)
    server.phone_delete(server.find("Ana"))
    edit(store, clock, ana, title="CTO")

    sync(store, server, clock)

    assert get(store, ana)[1] is None
    assert "TITLE:CTO" in server.text(server.find("Ana"))


def test_a_rewrite_that_changes_nothing_is_not_an_edit(store, clock):
    ana = add(store, clock, "Ana", "Ruiz", email="ana@ruiz.example", title="CTO")
    add_phone_account(store, clock)
    server = FakeServer()
    server.rewrite = google_rewrite
    sync(store, server, clock)
    href = server.find("Ana")
    assert "Google" in server.text(href)

    report = sync(store, server, clock)
    assert not report.changed

    # rewritten again later: a new etag, same content
    server.phone_edit(href, lambda t: google_rewrite(t.encode()).decode())
    report = sync(store, server, clock)
    assert report.rewrites == 1 and not report.changed
    assert get(store, ana)[0].title == "CTO"


def test_notes_and_touches_never_leave(store, clock):
    from prm.core.touches import TouchDraft, log_touch

    ana = add(store, clock, "Ana", "Ruiz", notes="secret plans")
    add_phone_account(store, clock)
    server = FakeServer()
    sync(store, server, clock)
    with store.transaction() as session:
        log_touch(
            session,
            draft=TouchDraft(contact_ids=[ana], channel="call", summary="talked about the merger"),
            clock=clock,
        )
    edit(store, clock, ana, notes="more secret plans")

    report = sync(store, server, clock)

    assert report.there_updated == 0  # nothing a card carries changed
    assert not any("secret" in server.text(h) or "merger" in server.text(h) for h in server.cards)


def test_a_contact_in_one_book_is_never_uploaded_to_a_second(store, clock):
    add(store, clock, "Ana", "Ruiz")
    add_phone_account(store, clock, "Phone")
    second = add_phone_account(store, clock, "Work", "/dav/ana/work/")
    phone, work = FakeServer(), FakeServer(account="Work")
    sync(store, phone, clock)

    sync(store, work, clock, account_id=second)
    add(store, clock, "Ben", "Okafor")
    sync(store, work, clock, account_id=second)

    assert work.cards == {}  # the second account does not receive new contacts
    sync(store, phone, clock)
    assert len(phone.cards) == 2


def test_progress_is_reported_and_cancel_keeps_what_was_done(store, clock):
    for i in range(120):
        add(store, clock, f"P{i}", "Test")
    add_phone_account(store, clock)
    server = FakeServer()
    seen = []

    def cancel_after_first_chunk() -> bool:
        return len(server.cards) >= 50

    sync(
        store, server, clock, progress=lambda *a: seen.append(a), cancelled=cancel_after_first_chunk
    )
    assert len(server.cards) == 50 and seen[-1] == ("upload", 50, 120)

    seen.clear()
    sync(store, server, clock, progress=lambda *a: seen.append(a))
    assert len(server.cards) == 120 and seen[-1] == ("upload", 70, 70)
    assert not sync(store, server, clock).changed
