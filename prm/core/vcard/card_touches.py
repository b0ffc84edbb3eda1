"""Touches an imported file records (LinkedIn's "Connected On"), written with the new contacts.

Written in bulk beside ``bulk_create``: a LinkedIn export has tens of thousands
of connections. Each is dated noon in the user's zone on its day, so it shows
on that day wherever the user is. Undo: purging the created contacts purges
the touches left with no participant; touches logged on contacts the import
updated are deleted by id (``delete_touches``).
"""

from __future__ import annotations

from datetime import datetime, time

from sqlmodel import Session

from prm.core.clock import Clock
from prm.core.context import local_zone
from prm.core.models.base import db_timestamp, new_uid
from prm.core.touches import refresh_last_touch
from prm.core.vcard.card import CardTouch


def write_card_touches(
    session: Session, pairs: list[tuple[int, list[CardTouch]]], *, clock: Clock
) -> list[int]:
    """Log each ``(contact id, touches)`` pair's touches with that one contact; their ids."""
    pairs = [(cid, touches) for cid, touches in pairs if touches]
    ids: list[int] = []
    if not pairs:
        return ids
    conn = session.connection()
    zone, now = local_zone(), db_timestamp(clock.now())
    for contact_id, touches in pairs:
        for touch in touches:
            moment = datetime.combine(touch.on, time(12), tzinfo=zone)
            touch_id = conn.exec_driver_sql(
                "INSERT INTO touch(uid, channel, direction, summary, notes, needs_reply,"
                " follow_up_done, occurred_at, created_at, updated_at)"
                " VALUES (?,?,'out',?,'',0,0,?,?,?)",
                (new_uid(), touch.channel, touch.summary, db_timestamp(moment), now, now),
            ).lastrowid
            conn.exec_driver_sql(
                "INSERT INTO touch_participant(touch_id, contact_id, position) VALUES (?,?,0)",
                (touch_id, contact_id),
            )
            ids.append(touch_id)
    refresh_last_touch(session, [cid for cid, _ in pairs])
    return ids


def delete_touches(session: Session, ids: list[int]) -> None:
    """Take back touches an import logged (Undo), and what their contacts derived from them."""
    if not ids:
        return
    conn = session.connection()
    marks = ",".join("?" * len(ids))
    contact_ids = [
        row[0]
        for row in conn.exec_driver_sql(
            f"SELECT DISTINCT contact_id FROM touch_participant WHERE touch_id IN ({marks})",
            tuple(ids),
        )
    ]
    conn.exec_driver_sql(f"DELETE FROM touch_participant WHERE touch_id IN ({marks})", tuple(ids))
    conn.exec_driver_sql(f"DELETE FROM touch WHERE id IN ({marks})", tuple(ids))
    refresh_last_touch(session, contact_ids)
