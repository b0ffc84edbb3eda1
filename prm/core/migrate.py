"""Schema revisions: fast check at start, Alembic only when there is work to do.

``store_upgrade`` runs the revisions on a private copy and swaps it in; this
module only knows the revisions themselves.

Alembic costs ~0.5 s to import, so a store already at ``HEAD_REVISION`` is
checked with one query and Alembic is never loaded. ``tests/core/test_migrate``
keeps ``HEAD_REVISION`` equal to the newest file in ``migrations/versions``.
"""

from __future__ import annotations

import logging
from pathlib import Path

import sqlalchemy as sa

from prm import __version__
from prm.core.errors import BugError, DatabaseTooNewError, DatabaseUnreadableError

log = logging.getLogger(__name__)

HEAD_REVISION = "0025_tag_rhythm"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


# Built by hand in revisions because SQLModel cannot express them (FTS5, an
# expression index); autogenerate must leave them alone. SQLite reflection
# cannot see expression indexes, so a batch rebuild of `contact` in a later
# revision drops these: such a revision must create them again. Likewise a
# rebuild of contact_email/contact_phone drops the triggers that keep
# contact.sort_email/sort_phone (0011).
UNMANAGED_INDEXES = {
    "ix_contact_rhythm",
    "ix_contact_untouched",
    "ix_contact_value",
    "ix_contact_snoozed",
    "ix_contact_birthday_key",
    "ix_contact_anniversary_key",
    "ix_touch_follow_up_open",
    "ix_touch_reply_owed",
    "ix_contact_place_rank",
    "ix_contact_place_owed",
    "ix_contact_place_birthday",
    *(
        f"ix_contact_list_{column}{way}"
        for column in ("organization", "title", "sort_email", "sort_phone")
        for way in ("", "_desc")
    ),
}


# Derived data kept in step by SQLite triggers (revisions 0011, 0016-0018, 0021,
# 0023-0025). A batch rebuild of a table in a later revision drops its triggers, like
# its expression indexes: such a revision must create them again
# (tests/core/test_migrate.py checks every store at HEAD has them all).
TRIGGERS = {
    *(f"tr_{t}_{e}" for t in ("contact_email", "contact_phone") for e in ("insert", "update", "delete")),
    *(f"tr_{t}_{e}" for t in ("rhythm_hour", "tag_hour", "touch_hour", "contact_referrals",
                              "list_change")
      for e in ("insert", "update", "delete")),
    "tr_contact_place_owed_delete",
    "tr_contact_place_owed_insert",
    "tr_contact_place_owed_move",
    "tr_contact_place_owed_touch",
    "tr_contact_place_rank_insert",
    "tr_contact_place_rank_update",
    "tr_dup_candidate_insert",
    "tr_dup_candidate_delete",
    *(f"tr_tag_rhythm_{e}" for e in ("contact_update", "contact_delete", "link_insert",
                                     "link_update", "link_delete")),
}  # fmt: skip


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    if type_ == "table" and name and name.startswith(("contact_fts", "derived_")):
        return False
    if type_ == "index" and name and name.startswith("ix_derived_"):
        return False
    return not (type_ == "index" and name in UNMANAGED_INDEXES)


# Every PRM store since the first revision has these; another program's
# Alembic-managed database (an alembic_version table of its own) does not.
PRM_TABLES = {"contact", "contact_email", "tag"}


def current_revision(conn, path: Path) -> str | None:
    """The store's revision; None for a new, empty file; refuses other programs' files."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "alembic_version" not in tables and not tables - {"sqlite_sequence"}:
        return None
    if "alembic_version" not in tables or not tables >= PRM_TABLES:
        raise DatabaseUnreadableError(
            f"{path} is an SQLite database, but not one written by PRM. PRM left it untouched.",
            path=path,
            latest_backup=None,
            hint="Move it away or choose another data folder with --data-dir.",
        )
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def alembic_config(conn: sa.Connection):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = conn
    return cfg


def known_revisions() -> set[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return {rev.revision for rev in ScriptDirectory.from_config(cfg).walk_revisions()}


def refuse_unknown(revision: str | None, path: Path) -> None:
    """A store written by a newer PRM is refused before anything opens it for writing."""
    if revision is None or revision == HEAD_REVISION:
        return
    if revision not in known_revisions():
        raise DatabaseTooNewError(
            f"{path} was written by a newer version of PRM (schema {revision}); "
            f"this is PRM {__version__}. The file was not touched.",
            hint="Install the latest PRM to open it.",
        )


def migrate_connection(conn: sa.Connection) -> None:
    """Run every pending revision on ``conn`` (a private copy of the store) and check it."""
    from alembic import command

    # Batch migrations rebuild tables (copy, DROP, rename). With foreign keys
    # on, dropping `contact` would cascade-delete every email, phone and touch,
    # so they are switched off (only possible outside a transaction) and
    # checked by hand before the upgrade commits.
    conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
    conn.commit()
    with conn.begin():
        command.upgrade(alembic_config(conn), "head")
        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise BugError(f"migration left dangling references: {broken[:5]}")
