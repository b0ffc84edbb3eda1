"""An incremental sync with nothing changed reads only what changed: no card is composed.

(How long a 5,000-contact first sync and an unchanged sync take is measured by
``python -m benchmarks.sync_bench``, never asserted here.)"""

from __future__ import annotations

from prm.core.drafts import ContactDraft, LabeledValue
from prm.core.vcard.bulk import bulk_create
from tests.core.sync.fake_server import FakeServer
from tests.core.sync.syncing import add_phone_account, edit, sync


def _many(store, clock, n: int) -> list[int]:
    drafts = [
        (
            "",
            ContactDraft(
                given_name=f"Given{i}",
                family_name=f"Family{i}",
                emails=[LabeledValue(f"p{i}@example.com", "work")],
                phones=[LabeledValue(f"+1 555 {i:07d}", "mobile")],
                title="Engineer",
            ).cleaned(),
        )
        for i in range(n)
    ]
    with store.transaction() as session:
        return bulk_create(session, drafts=drafts, clock=clock)


def test_after_a_5000_contact_first_sync_an_unchanged_sync_composes_no_card(
    store, clock, monkeypatch
):
    ids = _many(store, clock, 5000)
    add_phone_account(store, clock)
    server = FakeServer()
    report = sync(store, server, clock)
    assert report.there_created == 5000 and len(server.cards) == 5000

    from prm.core.sync import cardform

    composed = []
    real = cardform.compose_card
    monkeypatch.setattr(
        cardform, "compose_card", lambda *a, **k: composed.append(1) or real(*a, **k)
    )
    report = sync(store, server, clock)
    assert not report.changed and composed == []

    edit(store, clock, ids[17], title="Manager")  # one edit: one card composed and sent
    report = sync(store, server, clock)
    assert report.there_updated == 1 and len(composed) == 1


def test_a_download_does_not_make_other_contacts_dirty(store, clock, monkeypatch):
    from prm.core.sync import cardform

    _many(store, clock, 20)
    add_phone_account(store, clock)
    server = FakeServer()
    sync(store, server, clock)
    href = sorted(server.cards)[3]
    server.phone_edit(
        href, lambda t: t.replace("END:VCARD", "X-SIP:sip:a@b.example\r\nNOTE:hi\r\nEND:VCARD")
    )
    composed = []
    real = cardform.compose_card
    monkeypatch.setattr(
        cardform, "compose_card", lambda *a, **k: composed.append(1) or real(*a, **k)
    )

    assert sync(store, server, clock).here_updated == 1
    assert len(composed) < 5  # that contact's card, not all 20
    composed.clear()
    assert not sync(store, server, clock).changed
    assert composed == []
