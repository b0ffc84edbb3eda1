"""An incremental sync with nothing changed reads only what changed: no card is composed."""

from __future__ import annotations

import time

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


def test_5000_contacts_first_sync_then_an_unchanged_sync_under_a_second(store, clock, monkeypatch):
    ids = _many(store, clock, 5000)
    add_phone_account(store, clock)
    server = FakeServer()
    started = time.perf_counter()
    report = sync(store, server, clock)
    first = time.perf_counter() - started
    assert report.there_created == 5000 and len(server.cards) == 5000
    assert first < 60

    from prm.core.sync import cardform

    composed = []
    real = cardform.compose_card
    monkeypatch.setattr(
        cardform, "compose_card", lambda *a, **k: composed.append(1) or real(*a, **k)
    )
    started = time.perf_counter()
    report = sync(store, server, clock)
    assert time.perf_counter() - started < 1.0
    assert not report.changed and composed == []

    edit(store, clock, ids[17], title="Manager")  # one edit: one card composed and sent
    report = sync(store, server, clock)
    assert report.there_updated == 1 and len(composed) == 1
