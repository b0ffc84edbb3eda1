"""Bulk writes over more contacts than one SQL statement may bind (SQLite caps the
values per statement; a million-contact book passed it): split, with the same result."""

from __future__ import annotations

from datetime import timedelta

import pytest

from prm.core import cadence, contacts, sql_ids, touches
from prm.core.drafts import ContactDraft
from prm.core.touches import TouchDraft


@pytest.fixture
def small_statements(monkeypatch):
    monkeypatch.setattr(sql_ids, "CHUNK", 3)  # 3 ids a statement: 8 people need three


def _people(store, clock, n: int) -> list[int]:
    with store.transaction() as session:
        ids = [
            contacts.create_contact(
                session, draft=ContactDraft(given_name=f"P{i}", cadence_days=10 + i), clock=clock
            ).id
            for i in range(n)
        ]
        for cid in ids:
            draft = TouchDraft(
                contact_ids=[cid], channel="call", occurred_at=clock.now() - timedelta(days=1)
            )
            touches.log_touch(session, draft=draft, clock=clock)
    return ids


def _live_touches(store) -> int:
    with store.reading() as session:
        sql = "SELECT count(*) FROM touch WHERE deleted_at IS NULL"
        return session.connection().exec_driver_sql(sql).scalar_one()


def test_trashing_many_people_takes_every_one_of_their_touches(store, clock, small_statements):
    ids = _people(store, clock, 8)
    with store.transaction() as session:
        contacts.trash_contacts(session, ids=ids, clock=clock)
    assert _live_touches(store) == 0


def test_a_rhythm_refresh_of_many_people_reaches_every_one(store, clock, small_statements):
    ids = _people(store, clock, 8)
    with store.transaction() as session:
        conn = session.connection()
        conn.exec_driver_sql("UPDATE contact SET cadence_target_days = NULL")
        cadence.refresh(session, ids)
        rows = conn.exec_driver_sql("SELECT id, cadence_target_days FROM contact").fetchall()
    assert sorted(rows) == [(cid, 10 + i) for i, cid in enumerate(ids)]
