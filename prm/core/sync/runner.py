"""What the CLI and the app both do around the engine: connect, find books, run one account.

The HTTP client (``carddav.py``, httpx) is imported here on first use, never at
start-up. ``open_server`` is the one place a server connection is made, so tests
swap in a fake server by replacing it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from prm.core.clock import Clock
from prm.core.errors import KnownError
from prm.core.sync.remote import AddressBook, AddressBookServer

if TYPE_CHECKING:
    from prm.core.sync.accounts import AccountInfo
    from prm.core.sync.engine import SyncReport

Progress = Callable[[str, int, int], None]


def open_server(url: str, user: str, password: str, *, account: str) -> AddressBookServer:
    from prm.core.sync.carddav import CardDavServer

    return CardDavServer(url, user, password, account=account)


def discover(url: str, user: str, password: str, *, account: str) -> list[AddressBook]:
    """The user's address books behind ``url``; SyncError when the server cannot be used."""
    server = open_server(url, user, password, account=account)
    try:
        return server.discover()
    finally:
        server.close()


def create_book(url: str, user: str, password: str, *, account: str, name: str) -> AddressBook:
    server = open_server(url, user, password, account=account)
    try:
        return server.create_address_book(name)
    finally:
        server.close()


def pick_book(books: list[AddressBook], wanted: str, *, account: str) -> AddressBook | None:
    """The book named ``wanted`` (its name or URL), else the only one; None when
    several are there and nothing said which. KnownError when ``wanted`` is not there."""
    if not wanted:
        return books[0] if len(books) == 1 else None
    key = wanted.strip().casefold()
    for b in books:
        if key in (b.name.casefold(), b.url.casefold(), b.url.rstrip("/").casefold()):
            return b
    names = ", ".join(f"“{b.name}”" for b in books) or "none"
    raise KnownError(
        f"Sync account “{account}”: no address book “{wanted}” there (found: {names})."
    )


def run_account(
    store,
    info: AccountInfo,
    *,
    password: str,
    clock: Clock,
    allow_mass_delete: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> SyncReport:
    """Sync one account over a fresh connection; the SyncReport. Raises SyncError
    (NeedsConfirmation when the server emptied or mostly deleted the book)."""
    from prm.core.sync.engine import sync_account

    server = open_server(info.server_url, info.username, password, account=info.name)
    try:
        return sync_account(
            store,
            account_id=info.id,
            server=server,
            clock=clock,
            allow_mass_delete=allow_mass_delete,
            progress=progress,
            cancelled=cancelled,
        )
    finally:
        server.close()
