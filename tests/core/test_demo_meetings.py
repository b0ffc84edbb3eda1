"""Sample meetings: real ended meetings, mostly short, some over, the same every time."""

from __future__ import annotations

from prm.core import demo, meeting_history, meetings
from prm.core.paths import AppPaths
from prm.core.store_open import open_store


def _sample(tmp_path, name, secret_store, clock):
    store = open_store(AppPaths.for_dir(tmp_path / name), secret_store)
    summary = demo.populate(store, contacts=120, touches=2000, seed=3, clock=clock)
    with store.reading() as session:
        rows = meeting_history.list_meetings(session)
        stats = meeting_history.meeting_stats(session)
        touches = session.connection().exec_driver_sql("SELECT count(*) FROM touch").scalar()
        first = meetings.get_meeting(session, meeting_id=rows[-1].id)
        items = [(i.planned_seconds, i.actual_seconds) for i in first.items]
    store.close()
    return summary, rows, stats, touches, items


def test_demo_adds_realistic_ended_meetings_among_the_touches(tmp_path, secret_store, clock):
    """About 4 s: builds a whole sample store (contacts, a year of touches, 40 meetings)."""
    summary, rows, stats, touches, items = _sample(tmp_path, "a", secret_store, clock)
    assert summary.meetings == len(rows) == 40
    assert touches == summary.touches == 2000  # each meeting's touch is one of the 2,000
    assert all(r.started_at < clock.now() for r in rows)
    assert 0.6 <= stats.share_under_rule < 1 and 20 <= stats.median_minutes <= 45
    assert 0 < stats.overruns < 20 and stats.overruns_by_contact
    assert any(r.over_rule for r in rows)
    assert items and all(actual is not None for _planned, actual in items)
    again = _sample(tmp_path, "b", secret_store, clock)[1]
    assert [(r.title, r.started_at, r.actual_minutes) for r in again] == [
        (r.title, r.started_at, r.actual_minutes) for r in rows
    ]


def test_no_touches_means_no_meetings(tmp_path, secret_store, clock):
    store = open_store(AppPaths.for_dir(tmp_path / "c"), secret_store)
    assert demo.populate(store, contacts=20, seed=1, clock=clock).meetings == 0
    store.close()
