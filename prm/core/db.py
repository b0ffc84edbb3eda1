"""The one SQLite (SQLCipher) file behind PRM: the engine, pragmas, sessions.

``prm.core.store_open.open_store`` is the only way in (keys, creation,
upgrades); this module is the open store itself. Anything wrong with the
environment comes out as a ``KnownError`` with the file named, and a damaged
file is told apart from a wrong key, a full disk and an I/O error.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session

from prm.core.changes import Changes
from prm.core.errors import (
    DatabaseDamagedError,
    DatabaseLockedError,
    DatabaseUnreadableError,
    KnownError,
)
from prm.core.list_positions import ListPositions
from prm.core.paths import AppPaths
from prm.core.sqlite_conn import connect_raw, disk_nearly_full
from prm.core.store_header import StoreHeader

log = logging.getLogger(__name__)


@dataclass
class Store:
    """An open database: the engine plus what ``prm info`` reports about it."""

    paths: AppPaths
    engine: sa.Engine
    key: str | None = field(default=None, repr=False)
    header: StoreHeader | None = None
    revision: str = ""
    notices: list[str] = field(default_factory=list)
    # Set once a transaction commits: the CLI makes its daily backup after writes.
    wrote: bool = False
    # A recovery key made just now (new store, or one given its header): shown
    # to the user once, then forgotten.
    recovery_key_to_show: str | None = field(default=None, repr=False)
    _health: HealthCheck | None = field(default=None, repr=False)
    # Set when the store was opened on a full disk: readable and exportable, not writable.
    read_only_reason: KnownError | None = field(default=None, repr=False)
    _listeners: list[Callable[[Changes], None]] = field(default_factory=list, repr=False)
    # Where each contact stands in the list orders last read (the contact list's).
    list_positions: ListPositions = field(default_factory=ListPositions, repr=False)

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    def session(self) -> Session:
        # Objects stay readable after commit: results travel to the UI thread.
        return Session(self.engine, expire_on_commit=False)

    def start_health_check(self) -> None:
        """``PRAGMA quick_check`` on its own connection and thread, started at open."""
        self._health = HealthCheck(self.paths.database, self.key)

    def ensure_healthy(self) -> None:
        """Refuse to write into a damaged store (waits for the check on first use), or
        into one opened read-only on a full disk."""
        if self.read_only_reason is not None:
            raise self.read_only_reason
        if self._health is None:
            return
        verdict = self._health.verdict()
        if verdict != "ok":
            raise damaged(self.paths.database, verdict)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls everything back on error.

        After the commit, what it changed goes to every change listener
        (``add_change_listener``), in this thread.
        """
        from prm.core.changes import ChangeCollector
        from prm.core.derived import note_changes

        self.ensure_healthy()
        collector = ChangeCollector()
        with translate_db_errors(self.paths.database), self.session() as session:
            collector.attach(session)
            with session.begin():
                # Take the write lock before the first read: a write planned from
                # what this transaction read must not land on rows another writer
                # (the network worker, the CLI) changed meanwhile. SQLite waits up
                # to busy_timeout for the lock instead of failing on a stale snapshot.
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
                yield session
                session.flush()
                # Derived data learns of the write in the same commit, whoever wrote
                # (a body that rolled back on purpose has nothing left to commit).
                if session.in_transaction():
                    note_changes(session, collector.result())
        self.wrote = True
        changes = collector.result()
        if changes:
            self.announce(changes)

    def add_change_listener(self, listener: Callable[[Changes], None]) -> None:
        """``listener(changes)`` after every committed write, in the writer's thread."""
        self._listeners.append(listener)

    def remove_change_listener(self, listener: Callable[[Changes], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def announce(self, changes: Changes) -> None:
        """Tell the listeners; also for writes outside ``transaction`` (a restore)."""
        if changes.everything:  # another book, maybe with a log of its own that reads alike
            self.list_positions.forget()
        for listener in list(self._listeners):
            try:
                listener(changes)
            except Exception:  # a listener's bug must not undo a committed write
                log.exception("change listener failed")

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with translate_db_errors(self.paths.database), self.session() as session:
            yield session

    def close(self) -> None:
        if self._health is not None:
            self._health.cancel()
        # SQLite's advice: refresh the planner's statistics before closing, so
        # queries keep choosing good indexes as the data grows.
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA optimize")
        except sa.exc.DBAPIError:
            log.warning("PRAGMA optimize failed", exc_info=True)
        self.engine.dispose()


def damaged(path: Path, detail: str) -> DatabaseDamagedError:
    from prm.core.backups import latest_verified_backup

    newest = latest_verified_backup(path.parent / "backups")
    return DatabaseDamagedError(
        f"The database {path} is damaged ({detail}). PRM will not write to it.",
        path=path,
        latest_backup=newest.path if newest else None,
        hint="Restore a backup (`prm backup list`, `prm backup restore ID`); "
        "the damaged file is kept aside.",
    )


def classify_sqlite_error(path: Path, text: str) -> KnownError | None:
    """The environmental failure behind an SQLite message, or None for anything else."""
    text = text.lower()
    if "locked" in text or "busy" in text:
        return DatabaseLockedError(
            f"The database {path} is busy: another program is holding it.",
            hint="Close other PRM windows or commands and try again.",
        )
    if "full" in text:
        return KnownError(
            f"The disk holding {path} is full; nothing was saved.",
            hint="Free some space and try again. Your earlier data is intact.",
        )
    if "disk i/o error" in text:
        return KnownError(
            f"The disk reported an input/output error while reading or writing {path}; "
            "nothing was saved.",
            hint="The disk may be failing or was unplugged. Your data was not declared "
            "damaged; copy the data folder somewhere safe and try again.",
        )
    if "readonly" in text or "read-only" in text:
        return KnownError(f"The database {path} is read-only; nothing was saved.")
    if "malformed" in text or "not a database" in text:
        return damaged(path, text)
    return None


@contextmanager
def translate_db_errors(path: Path) -> Iterator[None]:
    """Turn SQLite's environmental failures into messages a user can act on."""
    try:
        yield
    except sa.exc.DBAPIError as exc:
        known = classify_sqlite_error(path, str(exc.orig))
        if known is None:
            raise
        raise known from exc


class DiskFullError(KnownError):
    """The disk is too full even to open the store the usual way (it can still be read)."""


def disk_full(path: Path) -> DiskFullError:
    return DiskFullError(
        f"The disk holding {path} is full; nothing was saved.",
        hint="Free some space and try again. Your earlier data is intact, and PRM can "
        "still show and export it.",
    )


def read_revision(
    paths: AppPaths, key: str | None, header: StoreHeader | None, *, read_only: bool = False
) -> str | None:
    """Look inside without changing a byte: no WAL switch, no writes, until we know
    the file is a PRM database we may touch. The key was checked against the
    header's fingerprint, so "not a database" here means damage, not a wrong key."""
    import sqlcipher3.dbapi2 as sqlcipher

    from prm.core import migrate

    db = paths.database
    if not db.exists():
        return None
    try:
        conn = connect_raw(db, key, exclusive=read_only)
        try:
            return migrate.current_revision(conn, db)
        finally:
            conn.close()
    except sqlcipher.DatabaseError as exc:
        known = classify_sqlite_error(db, str(exc))
        if (
            not read_only
            and disk_nearly_full(db.parent)
            and not isinstance(known, DatabaseDamagedError)
        ):
            raise disk_full(db) from exc
        if isinstance(known, DatabaseDamagedError) and header is None and key is not None:
            raise DatabaseUnreadableError(
                f"{db} cannot be opened with the key in the keyring: the key is wrong "
                "or the file is damaged. PRM left the file as it is.",
                path=db,
                latest_backup=known.latest_backup,
            ) from exc
        raise (
            known
            or DatabaseUnreadableError(f"{db} cannot be read: {exc}.", path=db, latest_backup=None)
        ) from exc


class HealthCheck:
    """``PRAGMA quick_check`` in the background; the verdict is awaited before writes."""

    def __init__(self, path: Path, key: str | None) -> None:
        self._path, self._key = path, key
        self._conn = None
        self._result: str | None = None
        self._cancelled = False
        self._done = threading.Event()
        threading.Thread(target=self._run, name="prm-quick-check", daemon=True).start()

    def _run(self) -> None:
        try:
            self._conn = connect_raw(self._path, self._key)
            rows = self._conn.execute("PRAGMA quick_check").fetchall()
            self._result = "; ".join(str(r[0]) for r in rows[:3])
        except Exception as exc:  # the check's failure is the verdict
            text = str(exc)
            self._result = "ok" if self._cancelled else text
            known = classify_sqlite_error(self._path, text)
            if known is not None and not isinstance(known, DatabaseDamagedError):
                self._result = "ok"  # busy, full or I/O: not damage; writes report those themselves
        finally:
            if self._conn is not None:
                self._conn.close()
            self._done.set()
        if self._result != "ok":
            log.error("quick_check of %s failed: %s", self._path, self._result)

    def verdict(self) -> str:
        self._done.wait()
        return self._result or "ok"

    def cancel(self) -> None:
        self._cancelled = True
        conn = self._conn
        if conn is not None and not self._done.is_set():
            with contextlib.suppress(Exception):  # already closed
                conn.interrupt()
        self._done.wait(5)


def make_engine(path: Path, key: str | None, *, read_only: bool = False) -> sa.Engine:
    """The engine; ``read_only`` for a full disk: one exclusive connection that needs no
    -shm file, and SQLite refuses every write."""
    import sqlcipher3.dbapi2 as sqlcipher

    engine = sa.create_engine(
        f"sqlite:///{path}",
        module=sqlcipher,
        creator=lambda: connect_raw(path, key, exclusive=read_only),
        pool_size=1 if read_only else 4,
        max_overflow=0 if read_only else 4,
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        if read_only:
            cur.execute("PRAGMA query_only = ON")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA busy_timeout = 10000")
        # 32 MB of page cache per connection: SQLCipher decrypts every page it
        # reads, so the hot indexes must stay in memory (the default 2 MB does not
        # hold them). At 1M contacts a screen's queries together touched more than
        # 16 MB, and each query evicted the last one's pages: re-finding duplicates
        # after an edit 100 -> 27 ms, a company's name sorted by company 175 -> 90
        # ms. Filled only as pages are read; 64 MB gained little more for the
        # screens and multiplies by the pooled connections.
        cur.execute("PRAGMA cache_size = -32000")
        cur.close()

    return engine
