"""One account's two-way sync: pull the server's changes, then push PRM's.

Every step commits its own progress, so a run killed or dropped halfway
resumes without duplicates or losses: items carry href + state ("creating" is
committed before its PUT), the sync token is saved only once every change it
covers is applied, and re-applying a card whose etag PRM already holds does
nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from prm.core.clock import Clock
from prm.core.sync import items
from prm.core.sync.remote import AddressBookServer, RemoteCard, SyncError, TokenExpired

FETCH_CHUNK = 100


class NeedsConfirmation(SyncError):
    """The server emptied the book or deleted most of it: nothing was applied; ask the user."""


@dataclass
class SyncReport:
    account: str
    here_created: int = 0
    here_updated: int = 0
    here_trashed: int = 0
    there_created: int = 0
    there_updated: int = 0
    there_deleted: int = 0
    conflicts: int = 0
    rewrites: int = 0  # server rewrites that changed nothing PRM holds
    problems: list[str] = field(default_factory=list)  # malformed server cards (href: why)

    def to_json(self) -> dict:
        return asdict(self)

    @property
    def changed(self) -> bool:
        return any(
            (
                self.here_created,
                self.here_updated,
                self.here_trashed,
                self.there_created,
                self.there_updated,
                self.there_deleted,
                self.conflicts,
            )
        )


def sync_account(
    store,
    *,
    account_id: int,
    server: AddressBookServer,
    clock: Clock,
    allow_mass_delete: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> SyncReport:
    """Sync one account. ``progress(step, done, total)``; ``cancelled()`` is polled
    between chunks (what was done so far stays). Raises SyncError (message names
    the account), NeedsConfirmation on a mass deletion unless ``allow_mass_delete``."""
    from prm.core.sync.applying import Applier
    from prm.core.sync.push import push

    with store.reading() as session:
        account = _account(session, account_id)
    report = SyncReport(account["name"])
    run = Applier(store, account, server, clock, report, progress, cancelled or (lambda: False))
    try:
        if account["first_synced_at"] is None:
            _backup_once(store, account_id, clock)
        token = _pull(run, allow_mass_delete)
        if token is None:
            return report  # cancelled: the token stays, the next run continues
        push(run)
    except SyncError as exc:
        _finish(store, account_id, clock, error=str(exc))
        raise
    _finish(store, account_id, clock, token=token, created=report.here_created)
    return report


def _account(session, account_id: int) -> dict:
    from prm.core.errors import NotFoundError
    from prm.core.models.sync import SyncAccount

    account = session.get(SyncAccount, account_id)
    if account is None:
        raise NotFoundError(f"There is no sync account #{account_id}.")
    return account.model_dump()


def _backup_once(store, account_id: int, clock: Clock) -> None:
    """A backup before an account first changes anything (not again on a resumed first run)."""
    from prm.core.backups.create import backup_store

    with store.reading() as session:
        started = (
            session.connection()
            .exec_driver_sql("SELECT 1 FROM sync_item WHERE account_id = ? LIMIT 1", (account_id,))
            .first()
        )
    if started is None:
        backup_store(store, now=clock.now(), kind="before-sync")


def _pull(run, allow_mass_delete: bool) -> str | None:
    """Apply the server's changes; the new sync token (None when cancelled)."""
    server, book, account = run.server, run.account["book_url"], run.account
    token = account["sync_token"]
    try:
        listing = server.changes(book, token)
    except TokenExpired:
        token = ""
        listing = server.changes(book, "")
    complete = listing.complete or not token
    with run.store.reading() as session:
        if complete:
            known = items.known_etags(session, account["id"])
        else:  # only what the server named: an unchanged sync reads nothing
            known = items.known_etags(session, account["id"], [*listing.changed, *listing.removed])
        count = items.count_on_server(session, account["id"])
    on_server = {h for h, (_etag, state) in known.items() if state != items.CREATING}
    removed = on_server - set(listing.changed) if complete else on_server & listing.removed
    emptied = complete and not listing.changed
    _check_mass_delete(run, len(removed), count, emptied, allow_mass_delete)
    wanted = [
        href
        for href, etag in listing.changed.items()
        if href not in known or not etag or known[href][0] != etag
    ]
    total = len(wanted) + len(removed)
    for start in range(0, len(wanted), FETCH_CHUNK):
        if run.cancelled():
            return None
        cards = list(server.fetch(book, wanted[start : start + FETCH_CHUNK]))
        with run.store.transaction() as session, run.batch(session):
            for card in cards:
                if isinstance(card, RemoteCard):
                    run.apply_card(session, card)
                else:
                    run.report.problems.append(f"{card.href}: {card.problem}")
        run.step("download", start + len(cards), total)
    if removed:
        with run.store.transaction() as session:
            for href in sorted(removed):
                run.apply_removed(session, href)
        run.step("download", total, total)
    return listing.token


def _check_mass_delete(run, removed: int, known: int, emptied: bool, allowed: bool) -> None:
    if allowed or known == 0 or removed * 2 <= known:
        return
    name = run.account["name"]
    if emptied:
        why = f"the address book on the server is empty, but PRM synced {known} contacts with it"
    else:
        why = f"the server deleted {removed} of the {known} contacts PRM synced with it"
    message = (
        f"Sync account “{name}”: {why}. Nothing was changed here; sync again and confirm "
        "to move them to PRM's trash."
    )
    with run.store.transaction() as session:
        session.connection().exec_driver_sql(
            "UPDATE sync_account SET pending_confirmation = ? WHERE id = ?",
            (message, run.account["id"]),
        )
    raise NeedsConfirmation(message)


def _finish(
    store,
    account_id: int,
    clock: Clock,
    *,
    token: str | None = None,
    error: str = "",
    created: int = 0,
) -> None:
    """Record how the run ended; after a run that created many people (a first sync
    of a whole book), merge the search index as imports do (``search.merge_after_bulk``)."""
    from prm.core import search
    from prm.core.models.base import db_timestamp

    now = db_timestamp(clock.now())
    with store.transaction() as session:
        raw = session.connection().exec_driver_sql
        if token is None:  # failed: only say why
            raw("UPDATE sync_account SET last_error = ? WHERE id = ?", (error, account_id))
            return
        raw(
            "UPDATE sync_account SET sync_token = ?, last_sync_at = ?, "
            "first_synced_at = coalesce(first_synced_at, ?), last_error = '', "
            "pending_confirmation = '' WHERE id = ?",
            (token, now, now, account_id),
        )
        search.merge_after_bulk(session.connection(), created)
