"""Floors: the raw, minimal SQL each screen needs, timed in the same run as PRM.

A figure far above its floor is work PRM does beyond what the screen shows.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

PAGE = 200  # the contact list's page (ContactTableModel.PAGE_SIZE)

LIST = (
    "SELECT id, display_name FROM contact WHERE deleted_at IS NULL"
    f" ORDER BY deleted_at, sort_name, id LIMIT {PAGE}"
)
KEYSTROKE = (
    "SELECT id, display_name FROM contact INDEXED BY ix_contact_live_sort"
    " WHERE deleted_at IS NULL AND sort_name >= ?"
    f" ORDER BY deleted_at, sort_name, id LIMIT {PAGE}"
)
REACH_OUT = (
    "SELECT id, last_touch_at FROM contact INDEXED BY ix_contact_last_touch_at"
    " WHERE deleted_at IS NULL ORDER BY last_touch_at LIMIT ?"
)
TOUCHES_SINCE = "SELECT count(*) FROM touch WHERE occurred_at >= ? AND deleted_at IS NULL"
EVENTS_BETWEEN = (
    "SELECT id, contact_id, start_date FROM event WHERE deleted_at IS NULL"
    " AND start_date BETWEEN ? AND ?"
)
BIRTHDAYS = (
    "SELECT id, birthday_month, birthday_day FROM contact WHERE deleted_at IS NULL"
    " AND birthday_month * 100 + birthday_day BETWEEN ? AND ?"
)
GIFTS = "SELECT id, contact_id FROM gift WHERE deleted_at IS NULL AND on_date BETWEEN ? AND ?"
READERS = (
    "SELECT DISTINCT i.contact_id FROM contact_interest i"
    " WHERE i.topic IN (SELECT topic FROM article_topic WHERE article_id = ?) LIMIT ?"
)
MEETINGS = (
    "SELECT count(*), sum(actual_seconds), max(started_at) FROM meeting WHERE deleted_at IS NULL"
)
TIMELINE = (
    "SELECT t.id, t.occurred_at, t.summary FROM touch_participant p"
    " JOIN touch t ON t.id = p.touch_id WHERE p.contact_id = ? ORDER BY t.occurred_at DESC"
)
CARD = (
    "SELECT * FROM contact WHERE id = ?",
    "SELECT * FROM contact_email WHERE contact_id = ?",
    "SELECT * FROM contact_phone WHERE contact_id = ?",
)
TOUCH_WRITE = "UPDATE contact SET updated_at = updated_at WHERE id = ?"

DESCRIBE = {
    "list": f"first {PAGE} live names in sort order (index)",
    "keystroke": f"index range scan: first {PAGE} names from the typed text, in order",
    "reach_out": "first rows of the last_touch_at index",
    "review": "count of last week's touches + 100 rows of the last_touch_at index",
    "upcoming": "events in the window + birthday columns in the window",
    "gifts": "gifts dated in the window",
    "readers": "contacts whose interests match the article's topics",
    "meetings": "count/sum/max over meetings",
    "timeline": "the contact's touches, newest first (join on the participant index)",
    "card": "the contact row + its emails and phones",
    "log_touch": "a one-row write transaction, committed",
}


def _raw(session):
    return session.connection().exec_driver_sql


def list_page(session) -> None:
    _raw(session)(LIST).fetchall()


def keystroke(session, typed: str) -> None:
    _raw(session)(KEYSTROKE, (typed.lower(),)).fetchall()


def reach_out(session, rows: int) -> None:
    _raw(session)(REACH_OUT, (rows,)).fetchall()


def review(session, now: datetime) -> None:
    raw = _raw(session)
    raw(TOUCHES_SINCE, ((now - timedelta(days=7)).replace(tzinfo=None).isoformat(" "),)).fetchall()
    raw(REACH_OUT, (100,)).fetchall()


def upcoming(session, today: date, days: int) -> None:
    raw = _raw(session)
    last = today + timedelta(days=days)
    raw(EVENTS_BETWEEN, (today.isoformat(), last.isoformat())).fetchall()
    lo, hi = today.month * 100 + today.day, last.month * 100 + last.day
    if lo <= hi:
        raw(BIRTHDAYS, (lo, hi)).fetchall()
    else:  # the window crosses the new year
        raw(BIRTHDAYS, (lo, 1231)).fetchall()
        raw(BIRTHDAYS, (101, hi)).fetchall()


def gifts(session, today: date, days: int) -> None:
    last = today + timedelta(days=days)
    _raw(session)(GIFTS, (today.isoformat(), last.isoformat())).fetchall()


def readers(session, article_id: int, limit: int) -> None:
    _raw(session)(READERS, (article_id, limit)).fetchall()


def meetings(session) -> None:
    _raw(session)(MEETINGS).fetchall()


def timeline(session, contact_id: int) -> None:
    _raw(session)(TIMELINE, (contact_id,)).fetchall()


def card(session, contact_id: int) -> None:
    raw = _raw(session)
    for sql in CARD:
        raw(sql, (contact_id,)).fetchall()


def log_touch(store, contact_id: int) -> None:
    with store.transaction() as session:
        _raw(session)(TOUCH_WRITE, (contact_id,))
