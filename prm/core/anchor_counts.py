"""How many contacts of a cadence target are on track, without reading them all.

``derived_anchor_hour`` (revision 0018) holds per cadence target and UTC hour of
the anchor (``rhythm_sql.ANCHOR``) the number of live contacts, kept exact by
triggers on ``contact``. "Anchor at or after the cutoff" (a local midnight, not on
a UTC hour in a +05:30 zone) is the whole hours from the cutoff's next hour on,
summed from that table, plus the part of the cutoff's hour counted exactly from
ix_contact_rhythm (``prm.core.hour_split``). At 1M contacts that is a few thousand
summary rows per target instead of ~2M index entries.
"""

from __future__ import annotations

from datetime import datetime

from prm.core.hour_split import split_hours
from prm.core.rhythm_sql import ANCHOR, BY_RHYTHM

# Bulk loads (import-all) rebuild the table in one statement; the triggers in
# revision 0018 keep it as single rows are written.
_FILL = (
    "INSERT INTO derived_anchor_hour (target, hour, n)"
    " SELECT cadence_target_days, substr(coalesce(last_touch_at, created_at), 1, 13),"
    " count(*) FROM contact"
    " WHERE deleted_at IS NULL AND cadence_target_days IS NOT NULL GROUP BY 1, 2"
)


def refresh_anchor_hours(conn) -> None:
    """Recount every target's hours from ``contact`` (after a bulk load)."""
    conn.exec_driver_sql("DELETE FROM derived_anchor_hour")
    conn.exec_driver_sql(_FILL)


def on_track(conn, target: int, cutoff: datetime) -> tuple[int, int]:
    """``(on track, total)``: live contacts with ``target``, and those of them whose
    anchor is at or after ``cutoff``."""
    split = split_hours(cutoff)
    whole, params = split.whole_hours()
    total, track = conn.exec_driver_sql(
        f"SELECT coalesce(sum(n), 0), coalesce(sum(CASE WHEN {whole} THEN n END), 0)"
        " FROM derived_anchor_hour WHERE target = ?",
        (*params, target),
    ).one()
    for lo, hi in split.partial:
        track += conn.exec_driver_sql(
            f"SELECT count(*) FROM contact c {BY_RHYTHM} WHERE c.deleted_at IS NULL"
            f" AND c.cadence_target_days = ? AND {ANCHOR} >= ? AND {ANCHOR} < ?",
            (target, lo, hi),
        ).scalar_one()
    return track, total
