"""Sample data is realistic and repeatable (backups: tests/core/test_backups.py)."""

from __future__ import annotations

from prm.core import contact_list, contacts, demo
from prm.core.paths import AppPaths
from prm.core.store_open import open_store


def test_demo_data_is_realistic_searchable_and_repeatable(tmp_path, clock, secret_store):
    def names(seed):
        store = open_store(
            AppPaths.for_dir(tmp_path / f"s{seed}-{len(list(tmp_path.iterdir()))}"), secret_store
        )
        demo.populate(store, contacts=300, seed=seed, clock=clock)
        with store.reading() as session:
            ids = contact_list.list_contact_ids(session)
            rows = contact_list.contact_rows(session, ids=ids)
            sample = contacts.get_contact(session, contact_id=ids[0])
            client_ids = contact_list.list_contact_ids(session, query="client")
        store.close()
        return [rows[i].display_name for i in ids], sample, client_ids

    first, sample, clients = names(7)
    again, _, _ = names(7)
    other, _, _ = names(8)
    assert len(first) == 300 and first == again and first != other
    assert sample.emails and sample.phones and sample.organization
    assert 0 < len(clients) < 300


def test_sample_data_has_gifts_events_and_articles_that_behave(store, clock):
    from prm.core.demo_notes import ARTICLES, EVENTS, GIFT_IDEAS, GIVEN
    from prm.core.upcoming import upcoming

    summary = demo.populate(store, contacts=60, touches=600, seed=4, clock=clock)
    with store.reading() as session:
        conn = session.connection()

        def count(sql: str) -> int:
            return conn.exec_driver_sql(sql).scalar()

        assert summary.touches == count("SELECT count(*) FROM touch") == 600
        assert count("SELECT count(*) FROM gift WHERE status = 'idea'") == len(GIFT_IDEAS)
        assert count(
            "SELECT count(*) FROM gift WHERE status = 'given' AND touch_id IS NOT NULL"
        ) == len(GIVEN)
        assert count("SELECT count(*) FROM article") == len(ARTICLES)
        assert count("SELECT count(*) FROM article_share WHERE touch_id IS NOT NULL") == 3
        stored = [o for o in upcoming(session, today=clock.now().date(), days=30) if o.event_id]
        assert len(stored) == len(EVENTS)
