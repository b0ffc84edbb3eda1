"""The SQL pieces every "who needs the user" query shares: the anchor a gap is
counted from, the index that hands contacts over by rhythm, the filters.

Reach out, its weekly short list and the article readers all walk the index
ix_contact_rhythm (cadence target, anchor, snoozed until; live contacts only),
one cadence target at a time.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from prm.core.db_time import db_timestamp

# The moment a contact's gap is counted from: their last touch, else when added.
# Must read exactly like the expression of the index ix_contact_rhythm.
ANCHOR = "coalesce(c.last_touch_at, c.created_at)"
# Named rather than left to the planner, which prefers ix_contact_live_sort
# and then scores all 100k rows (measured: 150 ms instead of 0.05 ms).
BY_RHYTHM = "INDEXED BY ix_contact_rhythm"
# Live contacts by target, referral level and anchor: the weekly short list's walks.
BY_VALUE = "INDEXED BY ix_contact_value"
# The never contacted by target, referral level and when added.
BY_UNTOUCHED = "INDEXED BY ix_contact_untouched"
UNTOUCHED = "c.last_touch_at IS NULL"
# contact.referral_level: live people referred, capped where value stops counting
# them (reach_out_week.value). Kept by triggers (revision 0016).
MAX_REFERRAL_LEVEL = 4
REFERRAL_LEVELS = range(MAX_REFERRAL_LEVEL + 1)
# What a ranked row reads (``reach_out.build_rows`` turns it into a ReachOutRow).
COLUMNS = (
    "c.id, c.display_name, c.organization, c.cadence_target_days, c.cadence_max_days,"
    f" c.last_touch_at, c.created_at, c.preferred_channel, c.snoozed_until, {ANCHOR}"
)
TARGET_IS = "c.cadence_target_days = ?"
# The contact carries the tag (its id).
TAGGED = "EXISTS (SELECT 1 FROM contact_tag ct WHERE ct.contact_id = c.id AND ct.tag_id = ?)"


def refresh_referral_levels(conn) -> None:
    """Recompute every contact's referral level. The triggers keep it as rows are
    written; this is for bulk loads that may write a referrer after the people they
    referred, with a level of their own (import of an export)."""
    conn.exec_driver_sql(
        f"UPDATE contact SET referral_level = (SELECT min({MAX_REFERRAL_LEVEL}, count(*))"
        " FROM contact r WHERE r.referred_by_id = contact.id AND r.deleted_at IS NULL)"
    )


# Each tag's live people with a cadence target, by target and anchor (revision 0025):
# one target's walk of a tag's people, in ix_contact_rhythm's order.
TAG_RHYTHM = "derived_tag_rhythm"
TAG_RHYTHM_ROWS = (
    "SELECT ct.tag_id, c.cadence_target_days, coalesce(c.last_touch_at, c.created_at), c.id"
    " FROM contact_tag ct JOIN contact c ON c.id = ct.contact_id"
    " WHERE c.deleted_at IS NULL AND c.cadence_target_days IS NOT NULL"
)


def refresh_tag_rhythm(conn) -> None:
    """Rebuild ``derived_tag_rhythm`` from the tags and contacts (after a bulk load that
    may write a contact's tags before the contact)."""
    conn.exec_driver_sql(f"DELETE FROM {TAG_RHYTHM}")
    conn.exec_driver_sql(
        f"INSERT INTO {TAG_RHYTHM} (tag_id, target, anchor, contact_id) {TAG_RHYTHM_ROWS}"
    )


def tagged_walk(where: str) -> str:
    """One target's contacts within ``filters``' ``where`` (a tag set), oldest anchor
    first, from the tag's own rows, so only the rows returned are read: parameters
    (tag, target, then ``where``'s own: its target first, limit)."""
    return (
        f"SELECT {COLUMNS} FROM {TAG_RHYTHM} d CROSS JOIN contact c ON c.id = d.contact_id"
        f" WHERE d.tag_id = ? AND d.target = ? AND {where} ORDER BY d.anchor, d.contact_id"
        " LIMIT ?"
    )


def tag_id(conn, name: str | None) -> int | None:
    """The id of the tag a filter names (0: no such tag, so nobody; None: no filter)."""
    if not name:
        return None
    found = conn.exec_driver_sql("SELECT id FROM tag WHERE name = ?", (name,)).scalar()
    return found or 0


def filters(today: date, tag_id: int | None, tier_id: int | None, include_snoozed: bool):
    """``(where, params)`` for live contacts of one cadence target (its ``?`` comes first,
    before ``params``) within the user's filters (``tag_id``: from ``tag_id``)."""
    where = ["c.deleted_at IS NULL", TARGET_IS]
    params: list = []
    if not include_snoozed:
        where.append("(c.snoozed_until IS NULL OR c.snoozed_until <= ?)")
        params.append(today.isoformat())
    if tag_id is not None:
        # Tested contact by contact as an index hands them over (a seek each): the
        # IN list of a big tag was built again by every query (117k ids at 1M).
        where.append(TAGGED)
        params.append(tag_id)
    if tier_id is not None:
        where.append("c.cadence_tier_id = ?")
        params.append(tier_id)
    return " AND ".join(where), params


# What a tag-filtered reading costs, in µs (1M contacts, SQLCipher): a contact row
# read at random, and an index entry tested for the tag (a seek into contact_tag).
ROW_READ_US = 20
ENTRY_TEST_US = 5


def read_tag_first(conn, tag_id: int | None, targets_in_use: list[int], wanted: int) -> bool:
    """Whether to read the tag's people one by one (``tagged_rows``) rather than walk
    each target's index, testing its entries for the tag until ``wanted`` are found:
    a tag of 50 people among 350k with the same target was 7 s of tests at 1M,
    while a tag on a third of the book finds its rows in the first few hundred."""
    if tag_id is None:
        return False
    tagged, walked = 0, 0.0
    for target in targets_in_use:
        in_target = conn.exec_driver_sql(
            "SELECT coalesce(sum(n), 0) FROM derived_tag_hour WHERE tag_id = ? AND target = ?",
            (tag_id, target),
        ).scalar()
        everyone = conn.exec_driver_sql(
            "SELECT coalesce(sum(n), 0) FROM derived_rhythm_hour WHERE target = ?", (target,)
        ).scalar()
        tagged += in_target
        walked += everyone if in_target < wanted else wanted * everyone / in_target
    return tagged * ROW_READ_US < walked * ENTRY_TEST_US


def tagged_rows(conn, where: str, params: list, columns: str = COLUMNS) -> list[tuple]:
    """``columns`` of every contact within ``filters``' ``where`` (a tag set, any
    target), read from the tag's people: one row each, by its rowid."""
    within = any_target(where).replace(TAGGED, "ct.tag_id = ?")
    return [
        tuple(row)
        for row in conn.exec_driver_sql(
            f"SELECT {columns} FROM contact_tag ct CROSS JOIN contact c NOT INDEXED"
            f" ON c.id = ct.contact_id WHERE {within}",
            tuple(params),
        )
    ]


def any_target(where: str) -> str:
    """``where`` from ``filters`` for every contact with a cadence (no target parameter)."""
    return where.replace(TARGET_IS, "c.cadence_target_days IS NOT NULL")


def targets(conn, tier_id: int | None = None, tag_id: int | None = None) -> list[int]:
    """The distinct cadence targets in use (by someone of ``tier_id``, their own
    tier, or tagged ``tag_id``, when given): a handful of index seeks, not a scan. A
    tier's people keep the tier's target unless they have a cadence of their own, so
    most targets have none of them; walking such a target for them would read all
    its rows."""
    found, last = [], 0
    while True:
        last = conn.exec_driver_sql(
            f"SELECT min(cadence_target_days) FROM contact {BY_RHYTHM}"
            " WHERE deleted_at IS NULL AND cadence_target_days > ?",
            (last,),
        ).scalar()
        if last is None:
            break
        found.append(last)
    # Revision 0023's hourly counts of live contacts by target and tier, and by tag.
    if tier_id is not None:
        found = _having(conn, found, "derived_rhythm_hour WHERE target = ? AND tier = ?", tier_id)
    if tag_id is not None:
        found = _having(conn, found, "derived_tag_hour WHERE target = ? AND tag_id = ?", tag_id)
    return found


def _having(conn, found: list[int], where: str, narrower: int) -> list[int]:
    return [
        target
        for target in found
        if conn.exec_driver_sql(f"SELECT 1 FROM {where} LIMIT 1", (target, narrower)).first()
    ]


def days_cutoff(today: date, days: int, zone: tzinfo) -> str:
    """An anchor is at least ``days`` calendar days before ``today`` (``calendar_days``)
    exactly when it is before this moment: the local midnight after its day."""
    return db_timestamp(days_cutoff_moment(today, days, zone))


def days_cutoff_moment(today: date, days: int, zone: tzinfo) -> datetime:
    """``days_cutoff`` as an aware moment."""
    from datetime import timedelta

    last_day = today - timedelta(days=days - 1)
    return datetime.combine(last_day, datetime.min.time(), zone)
