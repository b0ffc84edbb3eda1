"""What the CLI and the app both do around the engine: connect, find books, run one account.

The HTTP client (``carddav.py``, httpx) is imported here on first use, never at
start-up. ``open_server`` is the one place a server connection is made, so tests
swap in a fake server by replacing it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Found:
    """What discovery found behind a URL, and the book chosen or created there."""

    books: list[AddressBook]
    chosen: AddressBook | None  # None: several books and nothing said which


def find_book(
    url: str, user: str, password: str, *, account: str, book: str = "", create: str = ""
) -> Found:
    """Discover the user's address books; pick ``book`` (its name or URL), create
    ``create``, or take the only one there is. Raises SyncError when the server
    cannot be reached, KnownError when the named book is not there."""
    server = open_server(url, user, password, account=account)
    try:
        if create:
            made = server.create_address_book(create)
            return Found([made], made)
        books = server.discover()
        if book:
            wanted = book.strip().casefold()
            for b in books:
                if wanted in (b.name.casefold(), b.url.casefold(), b.url.rstrip("/").casefold()):
                    return Found(books, b)
            names = ", ".join(f"“{b.name}”" for b in books) or "none"
            raise KnownError(
                f"Sync account “{account}”: no address book “{book}” there (found: {names}).",
                hint="Name one of them with --book, or make one with --create-book NAME.",
            )
        if not books:
            raise KnownError(
                f"Sync account “{account}”: the server has no address book for {user or 'you'}.",
                hint="Make one with --create-book NAME.",
            )
        return Found(books, books[0] if len(books) == 1 else None)
    finally:
        server.close()


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
