"""An in-memory CardDAV server that behaves like a real one, for the engine's tests.

ETags change on every write, sync tokens name a point in the change log, a
stale If-Match or an existing href with If-None-Match: * answers 412, deleted
hrefs are reported as removed, and it can rewrite uploaded cards the way
Google does (other property order and folding, its own PRODID/REV, 3.0 -> 4.0)
or fail at the Nth request like a dropped connection.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable

from prm.core.sync.remote import (
    AddressBook,
    Listing,
    PreconditionFailed,
    RemoteCard,
    TokenExpired,
    Unreachable,
)

BOOK = "/dav/ana/contacts/"


def google_rewrite(data: bytes) -> bytes:
    """Same content, other bytes: unfolded, properties reversed, PRODID/REV its own, 4.0."""
    text = data.decode("utf-8").replace("\r\n ", "")
    lines = [ln for ln in text.split("\r\n") if ln]
    body = [ln for ln in lines[1:-1] if not ln.startswith(("VERSION:", "PRODID:", "REV:"))]
    out = ["BEGIN:VCARD", "VERSION:4.0", "PRODID:-//Google Inc//Google Contacts//EN"]
    out += list(reversed(body)) + ["REV:2026-11-30T10:00:00Z", "END:VCARD"]
    return ("\r\n".join(out) + "\r\n").encode("utf-8")


class FakeServer:
    def __init__(self, *, supports_sync: bool = True, account: str = "Phone") -> None:
        self.account = account
        self.supports_sync = supports_sync
        self.cards: dict[str, tuple[str, bytes]] = {}  # href -> (etag, data)
        self.log: list[tuple[str, bool]] = []  # (href, removed) per change; token = its length
        self.forgotten_before = 0  # tokens older than this are refused (TokenExpired)
        self._etags = itertools.count(1)
        self.rewrite: Callable[[bytes], bytes] | None = None
        self.fail_at: int | None = None  # the request number (1-based) that drops
        self.lose_answer_at: int | None = None  # done on the server, the answer never arrives
        self.requests = 0
        self.calls: list[str] = []
        self._uids: dict[str, str] = {}  # UID -> href, as a server indexes them

    # --- what tests do to it, as another client would --------------------------

    def _write(self, href: str, data: bytes) -> str:
        etag = f'"e{next(self._etags)}"'
        self.cards[href] = (etag, data)
        self._uids[_uid(data)] = href
        self.log.append((href, False))
        return etag

    def phone_put(self, name: str, data: bytes) -> str:
        href = BOOK + name
        self._write(href, data)
        return href

    def phone_edit(self, href: str, change: Callable[[str], str]) -> None:
        self._write(href, change(self.cards[href][1].decode("utf-8")).encode("utf-8"))

    def phone_delete(self, href: str) -> None:
        _, data = self.cards.pop(href)
        self._uids.pop(_uid(data), None)
        self.log.append((href, True))

    def text(self, href: str) -> str:
        return self.cards[href][1].decode("utf-8").replace("\r\n ", "")

    def find(self, needle: str) -> str:
        [href] = [h for h in self.cards if needle in self.text(h)]
        return href

    # --- AddressBookServer -------------------------------------------------------

    def _request(self, what: str) -> None:
        self.requests += 1
        self.calls.append(what)
        if self.fail_at is not None and self.requests >= self.fail_at:
            self.fail_at = None
            raise Unreachable(f"Sync account “{self.account}” (fake): the connection dropped.")

    def discover(self) -> list[AddressBook]:
        self._request("discover")
        return [self.book_state(BOOK)]

    def create_address_book(self, name: str) -> AddressBook:
        raise NotImplementedError

    def book_state(self, book_url: str) -> AddressBook:
        return AddressBook(
            book_url, "Contacts", str(len(self.log)), str(len(self.log)), self.supports_sync
        )

    def changes(self, book_url: str, token: str) -> Listing:
        self._request("changes")
        now = str(len(self.log))
        if not self.supports_sync or not token:
            return Listing(
                {h: e for h, (e, _d) in self.cards.items()},
                set(),
                now if self.supports_sync else "",
                True,
            )
        since = int(token)
        if since < self.forgotten_before:
            raise TokenExpired(f"Sync account “{self.account}”: the sync token expired.")
        changed, removed = {}, set()
        for href, gone in self.log[since:]:
            if href in self.cards:
                changed[href] = self.cards[href][0]
                removed.discard(href)
            elif gone:
                removed.add(href)
        return Listing(changed, removed, now, False)

    def fetch(self, book_url: str, hrefs: Iterable[str]):
        hrefs = list(hrefs)
        self._request(f"fetch {len(hrefs)}")
        for href in hrefs:
            if href in self.cards:
                etag, data = self.cards[href]
                yield RemoteCard(href, etag, data)
        self._answer()

    def put(self, href: str, data: bytes, *, etag: str | None) -> str:
        self._request(f"put {href}")
        current = self.cards.get(href)
        if etag is None and current is not None:
            raise PreconditionFailed(f"Sync account “{self.account}”: {href} exists.")
        if etag is not None and (current is None or current[0] != etag):
            raise PreconditionFailed(f"Sync account “{self.account}”: {href} changed.")
        uid = _uid(data)  # like Radicale (RFC 6352 no-uid-conflict): one card per UID,
        other = self._uids.get(uid)  # and a card keeps its UID
        if uid and other is not None and other != href and other in self.cards:
            raise PreconditionFailed(f"Sync account “{self.account}”: UID taken by {other}.")
        if current is not None and _uid(current[1]) != uid:
            raise PreconditionFailed(f"Sync account “{self.account}”: {href} changes its UID.")
        etag = self._write(href, self.rewrite(data) if self.rewrite else data)
        self._answer()
        return etag

    def _answer(self) -> None:
        if self.lose_answer_at is not None and self.requests >= self.lose_answer_at:
            self.lose_answer_at = None
            raise Unreachable(f"Sync account “{self.account}” (fake): no answer.")

    def delete(self, href: str, *, etag: str) -> None:
        self._request(f"delete {href}")
        current = self.cards.get(href)
        if current is None:
            return
        if etag and current[0] != etag:
            raise PreconditionFailed(f"Sync account “{self.account}”: {href} changed.")
        self.phone_delete(href)
        self._answer()

    def close(self) -> None:
        pass


def _uid(data: bytes) -> str:
    for line in data.replace(b"\r\n ", b"").splitlines():
        if line.upper().startswith(b"UID:"):
            return line[4:].strip().decode("utf-8", "replace")
    return ""


def vcard(body: str, uid: str = "", version: str = "3.0") -> bytes:
    lines = ["BEGIN:VCARD", f"VERSION:{version}"]
    if uid:
        lines.append(f"UID:{uid}")
    lines += [ln.strip() for ln in body.strip().splitlines()] + ["END:VCARD"]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")
