"""The one SQLite (SQLCipher) file behind PRM: opening, keys, pragmas, sessions.

``open_store`` is the only way in. It creates the data folder, finds or makes
the encryption key, proves the file is readable, and brings the schema to the
app's revision (copying the file first). Anything wrong with the environment
comes out as a ``KnownError`` with the file named.
"""

from __future__ import annotations

import logging
import secrets as pysecrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session

from prm.core.errors import DatabaseLockedError, DatabaseUnreadableError, KnownError
from prm.core.paths import AppPaths
from prm.core.secrets import SecretStore
from prm.core.sqlite_conn import SQLITE_HEADER, connect_raw

log = logging.getLogger(__name__)



def key_name(database: Path) -> str:
    """The keyring entry for one database file."""
    return f"database-key:{database.resolve()}"


@dataclass
class Store:
    """An open database: the engine plus what ``prm info`` reports about it."""

    paths: AppPaths
    engine: sa.Engine
    key: str | None = field(default=None, repr=False)
    revision: str = ""
    notices: list[str] = field(default_factory=list)
    # Set once a transaction commits: the CLI makes its daily backup after writes.
    wrote: bool = False

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    def session(self) -> Session:
        # Objects stay readable after commit: results travel to the UI thread.
        return Session(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls everything back on error."""
        with translate_db_errors(self.paths.database), self.session() as session:
            with session.begin():
                yield session
        self.wrote = True

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with translate_db_errors(self.paths.database), self.session() as session:
            yield session

    def close(self) -> None:
        # SQLite's advice: refresh the planner's statistics before closing, so
        # queries keep choosing good indexes as the data grows.
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA optimize")
        except sa.exc.DBAPIError:
            log.warning("PRAGMA optimize failed", exc_info=True)
        self.engine.dispose()


@contextmanager
def translate_db_errors(path: Path) -> Iterator[None]:
    """Turn SQLite's environmental failures into messages a user can act on."""
    try:
        yield
    except sa.exc.OperationalError as exc:
        text = str(exc.orig).lower()
        if "locked" in text or "busy" in text:
            raise DatabaseLockedError(
                f"The database {path} is busy: another program is holding it.",
                hint="Close other PRM windows or commands and try again.",
            ) from exc
        if "disk is full" in text or "database or disk is full" in text:
            raise KnownError(
                f"The disk holding {path} is full; nothing was saved.",
                hint="Free some space and try again. Your earlier data is intact.",
            ) from exc
        if "readonly" in text or "read-only" in text:
            raise KnownError(f"The database {path} is read-only; nothing was saved.") from exc
        raise
    except sa.exc.DatabaseError as exc:
        if "not a database" in str(exc.orig) or "malformed" in str(exc.orig):
            from prm.core.backup import latest_backup

            raise DatabaseUnreadableError(
                f"The database {path} is damaged: {exc.orig}.",
                path=path,
                latest_backup=latest_backup(path.parent / "backups"),
            ) from exc
        raise


def _make_engine(path: Path, key: str | None) -> sa.Engine:
    import sqlcipher3.dbapi2 as sqlcipher

    engine = sa.create_engine(
        f"sqlite:///{path}",
        module=sqlcipher,
        creator=lambda: connect_raw(path, key),
        pool_size=4,
        max_overflow=4,
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):  # noqa: ANN001
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA busy_timeout = 10000")
        # 16 MB of page cache: SQLCipher decrypts every page it reads, so the
        # hot indexes must stay in memory (the default 2 MB does not hold them).
        cur.execute("PRAGMA cache_size = -16000")
        cur.close()

    return engine


def _read_header(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise KnownError(f"PRM cannot read its database {path}: {exc.strerror or exc}.") from exc


def _find_key(paths: AppPaths, secrets: SecretStore) -> tuple[str | None, list[str]]:
    """The key for an existing or new database, and any notice for the user."""
    db = paths.database
    exists = db.exists() and db.stat().st_size > 0
    if exists:
        if _read_header(db) == SQLITE_HEADER:
            return None, []  # unencrypted by choice or for lack of a keyring: said at creation
        key = secrets.get(key_name(db)) if secrets.available() else None
        if key is None:
            from prm.core.backup import latest_backup

            raise DatabaseUnreadableError(
                f"{db} cannot be opened: it is either encrypted with a key that is not in "
                "this computer's keyring, or it is not a PRM database.",
                path=db,
                latest_backup=latest_backup(paths.backup_dir),
                hint="If you moved PRM's data from another computer, the key stayed in that "
                "computer's keyring.",
            )
        return key, []
    if not secrets.available():
        log.warning("no usable keyring: creating an unencrypted database at %s", db)
        return None, [
            "No system keyring was found, so your data is stored unencrypted. "
            "Install or unlock a keyring (Keychain, Credential Locker, Secret Service) "
            "to encrypt new stores."
        ]
    key = pysecrets.token_hex(32)
    secrets.set(key_name(db), key)
    return key, []


def _read_revision(paths: AppPaths, key: str | None) -> str | None:
    """Look inside without changing a byte: no WAL switch, no writes, until we know
    the file is a PRM database we may touch."""
    import sqlcipher3.dbapi2 as sqlcipher

    from prm.core import migrate
    from prm.core.backup import latest_backup

    db = paths.database
    if not db.exists():
        return None
    try:
        conn = connect_raw(db, key)
        try:
            return migrate.current_revision(conn, db)
        finally:
            conn.close()
    except sqlcipher.DatabaseError as exc:
        raise DatabaseUnreadableError(
            f"{db} cannot be read: {exc}. It is damaged, or not a database.",
            path=db,
            latest_backup=latest_backup(paths.backup_dir),
            hint="PRM left the file as it is.",
        ) from exc


def open_store(paths: AppPaths, secrets: SecretStore, *, migrate: bool = True) -> Store:
    """Open (creating if needed) the store in ``paths`` and bring it up to date."""
    from prm.core import migrate as migrations

    paths.ensure_writable()
    key, notices = _find_key(paths, secrets)
    revision = _read_revision(paths, key)
    migrations.refuse_unknown(revision, paths.database)
    store = Store(paths=paths, engine=_make_engine(paths.database, key), key=key, notices=notices)
    try:
        store.revision = migrations.upgrade(store, revision, migrate=migrate)
    except BaseException:
        store.close()
        raise
    return store
