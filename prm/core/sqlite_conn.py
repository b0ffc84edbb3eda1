"""Raw SQLite/SQLCipher connections with PRM's pragmas: the engine, backups,
migrations and restores all connect through here.
"""

from __future__ import annotations

import re
from pathlib import Path

from prm.core.errors import BugError, KnownError

SQLITE_HEADER = b"SQLite format 3\x00"
_HEX_KEY = re.compile(r"^[0-9a-f]{64}$")


def connect_raw(path: Path, key: str | None, *, timeout: float = 10, exclusive: bool = False):
    """A DB-API connection to ``path``; ``key`` is the 64-hex-digit data key, or None
    for an unencrypted file.

    ``exclusive``: SQLite keeps the WAL index in memory instead of the -shm file,
    so the store can be read on a disk too full to create one.
    """
    import sqlcipher3.dbapi2 as sqlcipher

    if key is not None and not _HEX_KEY.match(key):
        raise BugError("a database key must be 64 lower-case hex digits")
    conn = sqlcipher.connect(str(path), check_same_thread=False, timeout=timeout)
    # SQLCipher prints decryption failures to stderr; we report them ourselves.
    conn.execute("PRAGMA cipher_log_level = NONE")
    if key is not None:
        # A raw 256-bit key (x'..') skips PBKDF2: the key is random, not a password.
        conn.execute(f"PRAGMA key = \"x'{key}'\"")
    if exclusive:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    return conn


def is_plain_sqlite(path: Path) -> bool:
    """True when ``path`` starts with SQLite's clear-text header (not encrypted)."""
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except FileNotFoundError:
        return False


def disk_nearly_full(folder: Path, *, margin: int = 1 << 20) -> bool:
    """True when ``folder``'s disk has less than ``margin`` bytes free."""
    import shutil

    try:
        return shutil.disk_usage(folder).free < margin
    except OSError:
        return False


def settle_wal(database: Path, key: str | None) -> None:
    """Checkpoint everything into the main file and prove no one else has it open,
    before the file is replaced (upgrade, restore, encryption).

    SQLite deletes the WAL when its last connection closes; a WAL still there
    afterwards (or a checkpoint that could not finish) means another process holds
    the store, and renaming a new file under it would lose that process's writes.
    """
    import sqlcipher3.dbapi2 as sqlcipher

    if not database.exists():
        return
    try:
        conn = connect_raw(database, key)
        try:
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            conn.close()
    except sqlcipher.Error as exc:
        raise KnownError(
            f"Cannot prepare {database} to be replaced: {exc}. Your data was not changed."
        ) from exc
    wal = database.with_name(database.name + "-wal")
    if busy or (wal.exists() and wal.stat().st_size > 0):
        raise KnownError(
            f"{database} is in use by another program (PRM's window?). Nothing was changed.",
            hint="Close PRM's window and other prm commands, then try again.",
        )
