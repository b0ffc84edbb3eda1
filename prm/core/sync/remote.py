"""What the sync engine needs from a CardDAV server, and what can go wrong talking to it.

The engine (``engine.py``) is written against :class:`AddressBookServer`;
``carddav.py`` implements it over HTTP (httpx) and the tests also drive the
engine through a real Radicale. Every failure that means "this account cannot
be synced now" is a :class:`SyncError` whose message names the account and
what was wrong, so the user knows what to fix; the engine then writes nothing
past the last step it completed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from prm.core.errors import KnownError


class SyncError(KnownError):
    """This account cannot be synced now (its message names the account and why)."""


class AuthFailed(SyncError):
    """The server refused the user name or password (401/403 on the first request)."""


class Unreachable(SyncError):
    """No connection: refused, DNS, dropped mid-answer, timed out, TLS failed."""


class BookMissing(SyncError):
    """The address book is not there any more (404/410)."""


class ServerFailed(SyncError):
    """The server answered with an error (5xx) or with something unreadable."""


class PreconditionFailed(SyncError):
    """412: the card changed on the server since we last saw it (If-Match), or a
    card already exists at that address (If-None-Match: *)."""


class TokenExpired(SyncError):
    """The server no longer knows our sync token: list everything instead."""


@dataclass(frozen=True)
class AddressBook:
    url: str  # absolute URL of the collection, ending in "/"
    name: str  # displayname, or the last path segment
    ctag: str = ""  # getctag (CalendarServer extension), "" when the server has none
    sync_token: str = ""  # current sync-token, "" when the server lacks RFC 6578
    supports_sync: bool = False  # sync-collection REPORT offered (supported-report-set)


@dataclass(frozen=True)
class RemoteCard:
    href: str  # absolute path on the server, as the server spells it
    etag: str  # "" when the server gave none
    data: bytes  # the vCard as the server sent it


@dataclass(frozen=True)
class BadRemoteCard:
    href: str
    problem: str  # why it could not be read (no address-data, not a vCard...)


@dataclass
class Listing:
    """What is on (or changed on) the server since a token."""

    changed: dict[str, str] = field(default_factory=dict)  # href -> etag, new or changed
    removed: set[str] = field(default_factory=set)  # hrefs gone (sync-collection only)
    token: str = ""  # the new sync token, "" when the server has none
    complete: bool = False  # True: ``changed`` is every card; anything else known is gone


class AddressBookServer(Protocol):
    """One account's connection: a base URL, a user, a password."""

    def discover(self) -> list[AddressBook]:
        """The user's address books, from the URL they typed: /.well-known/carddav,
        current-user-principal, addressbook-home-set; or the URL itself when it is one."""
        ...

    def create_address_book(self, name: str) -> AddressBook:
        """MKCOL (RFC 5689) an address book in the user's home; returns it."""
        ...

    def book_state(self, book_url: str) -> AddressBook:
        """The book's current ctag and sync token (one PROPFIND depth 0)."""
        ...

    def changes(self, book_url: str, token: str) -> Listing:
        """sync-collection since ``token`` ("" = initial) when supported; raises
        TokenExpired when the token is refused. Without RFC 6578: a full PROPFIND
        depth 1 of getetag with ``complete=True``."""
        ...

    def fetch(self, book_url: str, hrefs: Iterable[str]) -> Iterator[RemoteCard | BadRemoteCard]:
        """addressbook-multiget in chunks (GET one by one where multiget fails)."""
        ...

    def put(self, href: str, data: bytes, *, etag: str | None) -> str:
        """Upload one card. ``etag=None``: create (If-None-Match: *); otherwise
        If-Match. Returns the new ETag, "" when the server gave none.
        Raises PreconditionFailed on 412."""
        ...

    def delete(self, href: str, *, etag: str) -> None:
        """DELETE with If-Match (no If-Match when etag is ""). A card already gone
        (404/410) is not an error. Raises PreconditionFailed on 412."""
        ...

    def close(self) -> None: ...
