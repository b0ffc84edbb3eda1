"""Who needs the user is counted per hour of anchor, by target, maximum and tier.

``derived_rhythm_hour`` replaces ``derived_anchor_hour`` (revision 0020): per cadence
target, maximum gap, the contact's own tier (0: none), never contacted or not, and
UTC hour of the anchor
(``substr(coalesce(last_touch_at, created_at), 1, 13)``, the expression of
ix_contact_rhythm), how many live contacts with a cadence target there are. Kept
exact by triggers on every insert, delete and change of a column of the key or of
``deleted_at`` (an hour that reaches 0 is dropped, so the table always equals the
GROUP BY below). ``derived_tag_hour`` is its twin per tag, kept also by triggers on
``contact_tag``. ``prm.core.anchor_counts`` reads both.

Why: six weeks without a touch, nearly all of a 1M-contact book is past its target,
and "how many are past their target, how many past their maximum" read as many
index entries as there are contacts (the badge took 0.2-0.6 s). Summed from this
table they cost the same at any date. The tier in the key and the tags' twin serve
Reach out's filters, alone or together: a tier filter read every contact row of the targets it walked
(1.4 s at 100k), a tag filter tested everyone past their target (2.5 s at 1M).

``ix_contact_snoozed`` lists the snoozed (a few people), so the counts can leave out
those snoozed past today without reading anyone else. ``ix_contact_overdue`` (0008),
where the overdue were counted, goes: nothing reads it any more.

Derived, so not exported (the ``derived_`` prefix) and rebuilt by import-all. A
later revision that rebuilds ``contact`` (batch mode) drops these triggers and must
create them again.

Revision ID: 0023_rhythm_hours
Revises: 0022_search_words
Create Date: 2026-11-30 11:00:00
"""

from alembic import op

revision = "0023_rhythm_hours"
down_revision = "0022_search_words"
branch_labels = None
depends_on = None

EVENTS = ("insert", "update", "delete")
RHYTHM = "target, max_days, tier, untouched, hour"
TAGGED = "tag_id, target, max_days, tier, untouched, hour"


def _anchor(row: str) -> str:
    return f"substr(coalesce({row}.last_touch_at, {row}.created_at), 1, 13)"


def _untouched(row: str) -> str:
    """1: never contacted (their anchor is when they were added)."""
    return f"({row}.last_touch_at IS NULL)"


def _counted(row: str) -> str:
    return f"({row}.deleted_at IS NULL AND {row}.cadence_target_days IS NOT NULL)"


def _rhythm(row: str) -> tuple[str, str]:
    """``(select, rest)``: contact ``row``'s key in derived_rhythm_hour, if counted."""
    key = (
        f"{row}.cadence_target_days, coalesce({row}.cadence_max_days, 0),"
        f" coalesce({row}.cadence_tier_id, 0), {_untouched(row)}, {_anchor(row)}"
    )
    return key, f" WHERE {_counted(row)}"


def _tag_key(tag: str, row: str) -> str:
    return (
        f"{tag}, {row}.cadence_target_days, coalesce({row}.cadence_max_days, 0),"
        f" coalesce({row}.cadence_tier_id, 0), {_untouched(row)}, {_anchor(row)}"
    )


def _tags_of(row: str) -> tuple[str, str]:
    """Contact ``row``'s keys in derived_tag_hour (one per tag), if counted."""
    return (
        _tag_key("ct.tag_id", row),
        f" FROM contact_tag ct WHERE ct.contact_id = {row}.id AND {_counted(row)}",
    )


def _tagging(link: str) -> tuple[str, str]:
    """The key of contact_tag row ``link`` in derived_tag_hour, if its contact is counted."""
    return (
        _tag_key(f"{link}.tag_id", "c"),
        f" FROM contact c WHERE c.id = {link}.contact_id AND {_counted('c')}",
    )


def _add(table: str, columns: str, source: tuple[str, str]) -> str:
    """One more for each key ``source`` gives."""
    select, rest = source
    return (
        f"INSERT INTO {table} ({columns}, n) SELECT {select}, 1{rest}"
        f" ON CONFLICT ({columns}) DO UPDATE SET n = n + 1;"
    )


def _remove(table: str, columns: str, source: tuple[str, str]) -> str:
    """One fewer for each key ``source`` gives; an empty hour goes."""
    keys = f"({columns}) IN (SELECT {source[0]}{source[1]})"
    return (
        f"UPDATE {table} SET n = n - 1 WHERE {keys}; DELETE FROM {table} WHERE {keys} AND n <= 0;"
    )


def _both(change, row: str) -> str:
    """``change`` (_add or _remove) of contact ``row`` in both tables."""
    return (
        change("derived_rhythm_hour", RHYTHM, _rhythm(row))
        + " "
        + change("derived_tag_hour", TAGGED, _tags_of(row))
    )


def _moved(old: str, new: str) -> str:
    """The contact went into or out of the count, or to another key."""
    columns = ("cadence_target_days", "cadence_max_days", "cadence_tier_id")
    keys = " OR ".join(f"{old}.{c} IS NOT {new}.{c}" for c in columns)
    return (
        f"({_counted(old)} <> {_counted(new)} OR {keys} OR {_untouched(old)} <> {_untouched(new)}"
        f" OR {_anchor(old)} IS NOT {_anchor(new)})"
    )


def upgrade() -> None:
    for event in EVENTS:
        op.execute(f"DROP TRIGGER tr_anchor_hour_{event}")
    op.execute("DROP TABLE derived_anchor_hour")
    op.execute(
        "CREATE TABLE derived_rhythm_hour (target INTEGER NOT NULL, max_days INTEGER NOT NULL,"
        " tier INTEGER NOT NULL, untouched INTEGER NOT NULL, hour TEXT NOT NULL,"
        " n INTEGER NOT NULL,"
        f" PRIMARY KEY ({RHYTHM})) WITHOUT ROWID"
    )
    op.execute(
        "CREATE TABLE derived_tag_hour (tag_id INTEGER NOT NULL, target INTEGER NOT NULL,"
        " max_days INTEGER NOT NULL, tier INTEGER NOT NULL, untouched INTEGER NOT NULL,"
        " hour TEXT NOT NULL,"
        " n INTEGER NOT NULL,"
        f" PRIMARY KEY ({TAGGED})) WITHOUT ROWID"
    )
    select, rest = _rhythm("contact")
    op.execute(
        f"INSERT INTO derived_rhythm_hour ({RHYTHM}, n) SELECT {select}, count(*)"
        f" FROM contact{rest} GROUP BY 1, 2, 3, 4, 5"
    )
    op.execute(
        f"INSERT INTO derived_tag_hour ({TAGGED}, n) SELECT {_tag_key('ct.tag_id', 'c')},"
        " count(*) FROM contact_tag ct JOIN contact c ON c.id = ct.contact_id"
        f" WHERE {_counted('c')} GROUP BY 1, 2, 3, 4, 5, 6"
    )
    # A new contact has no tags yet: its tags are written after it.
    op.execute(
        "CREATE TRIGGER tr_rhythm_hour_insert AFTER INSERT ON contact"
        f" WHEN {_counted('NEW')} BEGIN {_add('derived_rhythm_hour', RHYTHM, _rhythm('NEW'))} END"
    )
    # Before: a contact's tags go with it (ON DELETE CASCADE) once the row is gone,
    # and tr_tag_hour_delete then finds no contact to count them for.
    op.execute(
        "CREATE TRIGGER tr_rhythm_hour_delete BEFORE DELETE ON contact"
        f" WHEN {_counted('OLD')} BEGIN {_both(_remove, 'OLD')} END"
    )
    # Only a change that moves a counted contact to another key, or into or out of
    # the count, touches the tables: a rhythm refresh rewrites many contacts' target,
    # mostly to the same value.
    op.execute(
        "CREATE TRIGGER tr_rhythm_hour_update AFTER UPDATE OF last_touch_at, created_at,"
        " cadence_target_days, cadence_max_days, cadence_tier_id, deleted_at ON contact"
        f" WHEN ({_counted('OLD')} OR {_counted('NEW')}) AND {_moved('OLD', 'NEW')}"
        f" BEGIN {_both(_remove, 'OLD')} {_both(_add, 'NEW')} END"
    )
    op.execute(
        "CREATE TRIGGER tr_tag_hour_insert AFTER INSERT ON contact_tag"
        f" BEGIN {_add('derived_tag_hour', TAGGED, _tagging('NEW'))} END"
    )
    op.execute(
        "CREATE TRIGGER tr_tag_hour_delete AFTER DELETE ON contact_tag"
        f" BEGIN {_remove('derived_tag_hour', TAGGED, _tagging('OLD'))} END"
    )
    op.execute(
        "CREATE TRIGGER tr_tag_hour_update AFTER UPDATE ON contact_tag"
        f" BEGIN {_remove('derived_tag_hour', TAGGED, _tagging('OLD'))}"
        f" {_add('derived_tag_hour', TAGGED, _tagging('NEW'))} END"
    )
    # The overdue were counted in it; the counts above replace it.
    op.execute("DROP INDEX ix_contact_overdue")
    # The anchor expression must read exactly like rhythm_sql.ANCHOR.
    op.execute(
        "CREATE INDEX ix_contact_snoozed ON contact (snoozed_until, cadence_target_days,"
        " cadence_max_days, cadence_tier_id, coalesce(last_touch_at, created_at))"
        " WHERE snoozed_until IS NOT NULL AND deleted_at IS NULL"
    )


def downgrade() -> None:
    op.execute("DROP INDEX ix_contact_snoozed")
    op.execute(
        "CREATE INDEX ix_contact_overdue ON contact"
        " (cadence_max_days, coalesce(last_touch_at, created_at), snoozed_until,"
        " cadence_target_days) WHERE deleted_at IS NULL"
    )
    for table in ("rhythm", "tag"):
        for event in EVENTS:
            op.execute(f"DROP TRIGGER tr_{table}_hour_{event}")
        op.execute(f"DROP TABLE derived_{table}_hour")
    # Revision 0020's table and triggers, as it made them.
    from importlib import import_module

    import_module("prm.core.migrations.versions.0020_anchor_hours").upgrade()
