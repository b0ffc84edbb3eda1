"""A CardDAV address book over HTTP: the engine's ``AddressBookServer`` for real servers.

Built on the shared WebDAV client (``prm.core.dav``): one keep-alive httpx
client per account; every failure that stops the account is a ``SyncError``
whose message names the account, the host and the problem. A card the server
sends that is not a vCard is a ``BadRemoteCard`` (reported, the rest proceeds).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from urllib.parse import unquote, urljoin, urlsplit

from prm.core.dav.client import TIMEOUT_CONNECT, TIMEOUT_READ, DavClient, Errors, NotSupported, Who
from prm.core.dav.xml import CARDDAV, CS, DAV, Response, first_href, mkcol, multiget
from prm.core.dav.xml import propfind as propfind_body
from prm.core.dav.xml import sync_collection as sync_body
from prm.core.sync.remote import (
    AddressBook,
    AuthFailed,
    BadRemoteCard,
    BookMissing,
    Listing,
    PreconditionFailed,
    RemoteCard,
    ServerFailed,
    TokenExpired,
    Unreachable,
)

CHUNK = 100  # cards per addressbook-multiget
MAX_PARTS = 1000  # parts of one truncated sync-collection listing before giving up
WORKERS = 4  # requests in flight in put_many: enough to hide round trips, gentle on servers
_ERRORS = Errors(auth=AuthFailed, unreachable=Unreachable, missing=BookMissing, failed=ServerFailed)
_BOOK_PROPS = [
    "d:resourcetype",
    "d:displayname",
    "cs:getctag",
    "d:sync-token",
    "d:supported-report-set",
]
_FIND_PROPS = [*_BOOK_PROPS, "d:current-user-principal", "card:addressbook-home-set"]
_ETAG = f"{{{DAV}}}getetag"


class CardDavServer:
    def __init__(
        self,
        url: str,
        user: str,
        password: str,
        *,
        account: str,
        transport=None,
        timeout: tuple[float, float] = (TIMEOUT_CONNECT, TIMEOUT_READ),
        chunk: int = CHUNK,
    ) -> None:
        who = Who(
            server="the server",
            thing="address book",
            account=f"Sync account “{account}” ({{host}})",
        )
        self.dav = DavClient(
            url,
            user,
            password,
            who=who,
            errors=_ERRORS,
            agent="PRM sync",
            transport=transport,
            timeout=timeout,
        )
        self.url, self.chunk = url, chunk
        self._home = ""  # found by discover(); where create_address_book makes books

    def close(self) -> None:
        self.dav.close()

    # -- discovery ---------------------------------------------------------

    def discover(self) -> list[AddressBook]:
        here = self._propfind_optional(self.url, _FIND_PROPS, depth="0")
        if here and _is_book(here[0]):
            self._home = urljoin(self.dav.absolute(here[0].href or self.url), "..")
            return [self._book(here[0])]
        home = _first(here, f"{{{CARDDAV}}}addressbook-home-set")
        if not home:
            principal = _first(here, f"{{{DAV}}}current-user-principal")
            if not principal:
                well_known = self.dav.absolute("/.well-known/carddav")
                found = self._propfind_optional(well_known, _FIND_PROPS, depth="0")
                principal = _first(found, f"{{{DAV}}}current-user-principal")
            if principal:
                found = self._propfind(self.dav.absolute(principal), _FIND_PROPS, depth="0")
                home = _first(found, f"{{{CARDDAV}}}addressbook-home-set")
        if not home and here and urlsplit(self.url).path.strip("/"):
            home = here[0].href or self.url  # a collection typed by hand: perhaps the home
        if not home:
            raise self.dav.fail(
                BookMissing, self.url, f"there is no CardDAV account or address book at {self.url}."
            )
        self._home = self.dav.absolute(home)
        listing = self._propfind(self._home, _BOOK_PROPS, depth="1")
        return [self._book(r) for r in listing if _is_book(r)]

    def create_address_book(self, name: str) -> AddressBook:
        if not self._home:
            self.discover()
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "contacts"
        for attempt in range(1, 20):
            url = urljoin(self._home, f"{slug}{'' if attempt == 1 else f'-{attempt}'}/")
            body = mkcol(["card:addressbook"], name).encode("utf-8")
            headers = {"Content-Type": "application/xml; charset=utf-8"}
            status = self.dav.send("MKCOL", url, body=body, headers=headers).status_code
            if status in (200, 201):
                return self.book_state(url)
            if status != 405:  # 405: something is already there; try the next name
                raise self.dav.fail(
                    ServerFailed,
                    url,
                    f"{{server}} refused to create the address book “{name}” ({status}).",
                )
        raise self.dav.fail(
            ServerFailed, self._home, f"no free address for the address book “{name}”."
        )

    def book_state(self, book_url: str) -> AddressBook:
        found = self._propfind(book_url, _BOOK_PROPS, depth="0")
        if not found or not _is_book(found[0]):
            raise self.dav.fail(BookMissing, book_url, f"{book_url} is not an address book.")
        return self._book(found[0], book_url)

    # -- what changed ------------------------------------------------------

    def changes(self, book_url: str, token: str) -> Listing:
        listing = Listing(token=token, complete=not token)
        book = urlsplit(book_url).path.rstrip("/")
        # A server may hand a long listing over in parts (RFC 6578 §3.6: a 507 on
        # the book itself): ask again from the token it gave until it is all there.
        for _ in range(MAX_PARTS):
            try:
                body = sync_body(listing.token)
                answer = self.dav.multistatus("REPORT", book_url, body, depth="0")
            except NotSupported as exc:
                if listing.token and exc.status in (400, 403, 409, 412):  # valid-sync-token
                    raise self.dav.fail(
                        TokenExpired, book_url, "the server no longer knows the last sync token."
                    ) from exc
                return self._all_etags(book_url)
            truncated = False
            for r in answer.responses:
                href = _path(r.href)
                if href.rstrip("/") == book:
                    truncated = truncated or r.status == 507
                elif r.status in (404, 410):
                    listing.removed.add(href)
                    listing.changed.pop(href, None)
                elif r.status == 200 and not href.endswith("/"):
                    listing.changed[href] = r.text(_ETAG)
                    listing.removed.discard(href)
            listing.token = answer.sync_token
            if not truncated or not answer.sync_token:
                return listing
        raise self.dav.fail(ServerFailed, book_url, "{server} never finished listing the cards.")

    def _all_etags(self, book_url: str) -> Listing:
        """No RFC 6578: every card's ETag; anything else known is gone."""
        found = self._propfind(book_url, ["d:getetag", "d:resourcetype"], depth="1")
        book = urlsplit(book_url).path.rstrip("/")
        changed = {
            _path(r.href): r.text(_ETAG)
            for r in found
            if _path(r.href).rstrip("/") != book and not _is_collection(r)
        }
        return Listing(changed=changed, complete=True)

    # -- cards -------------------------------------------------------------

    def fetch(self, book_url: str, hrefs: Iterable[str]) -> Iterator[RemoteCard | BadRemoteCard]:
        wanted = list(hrefs)
        for start in range(0, len(wanted), self.chunk):
            yield from self._multiget(book_url, wanted[start : start + self.chunk])

    def _multiget(self, book_url: str, hrefs: list[str]) -> Iterator[RemoteCard | BadRemoteCard]:
        body = multiget("card:addressbook-multiget", "card:address-data", hrefs)
        try:
            answer = self.dav.multistatus("REPORT", book_url, body, depth="1")
        except NotSupported:
            yield from (self._get(h) for h in hrefs)
            return
        # Answer with the hrefs as asked, however the server escapes them ("@" or "%40").
        asked = {unquote(h): h for h in hrefs}
        seen = set()
        for r in answer.responses:
            href = _path(r.href)
            href = asked.get(unquote(href), href)
            seen.add(href)
            data = r.props.get(f"{{{CARDDAV}}}address-data")
            if r.status != 200 or data is None:
                yield BadRemoteCard(href, f"the server sent no card ({r.status})")
            else:
                yield _card(href, r.text(_ETAG), (data.text or "").encode("utf-8"))
        for missing in hrefs:
            if missing not in seen:
                yield BadRemoteCard(missing, "the server did not send this card")

    def _get(self, href: str) -> RemoteCard | BadRemoteCard:
        answer = self.dav.send("GET", self.dav.absolute(href))
        if answer.status_code != 200:
            return BadRemoteCard(href, f"the server sent no card ({answer.status_code})")
        return _card(href, answer.headers.get("ETag", ""), answer.content)

    def put(self, href: str, data: bytes, *, etag: str | None) -> str:
        headers = {"Content-Type": "text/vcard; charset=utf-8"}
        if etag is None:
            headers["If-None-Match"] = "*"
        else:
            headers["If-Match"] = etag
        url = self.dav.absolute(href)
        answer = self.dav.send("PUT", url, body=data, headers=headers)
        status = answer.status_code
        if status in (200, 201, 204):
            return answer.headers.get("ETag", "")
        if status == 412 and etag is None:
            raise self.dav.fail(PreconditionFailed, url, f"a card is already at {href} (412).")
        if status == 409 and b"uid-conflict" in answer.content:  # RFC 6352 no-uid-conflict
            raise self.dav.fail(
                PreconditionFailed, url, f"another card in the book has the UID of {href} (409)."
            )
        self._refused("upload", href, url, status)
        raise AssertionError  # _refused always raises

    def put_many(
        self, items: Iterable[tuple[str, bytes, str | None]], *, workers: int = WORKERS
    ) -> list[str | PreconditionFailed]:
        """``put`` for many cards with a few requests in flight on the one client
        (a first sync uploads thousands; one at a time waits on every round trip).
        Results in the order given: the new ETag, or the PreconditionFailed of a
        card that changed (the engine deals with those one by one). Any other
        failure stops the batch and is raised once the requests in flight ended;
        cards already uploaded stay uploaded (the engine's "creating" items make
        a re-run adopt them instead of duplicating)."""
        from concurrent.futures import ThreadPoolExecutor

        def one(item: tuple[str, bytes, str | None]) -> str | PreconditionFailed:
            href, data, etag = item
            try:
                return self.put(href, data, etag=etag)
            except PreconditionFailed as exc:
                return exc

        pool = ThreadPoolExecutor(max_workers=max(1, workers))
        futures = [pool.submit(one, item) for item in items]
        try:
            return [future.result() for future in futures]
        finally:  # on a failure, what has not started yet never starts
            pool.shutdown(wait=True, cancel_futures=True)

    def delete(self, href: str, *, etag: str) -> None:
        url = self.dav.absolute(href)
        answer = self.dav.send("DELETE", url, headers={"If-Match": etag} if etag else None)
        if answer.status_code not in (200, 202, 204, 404, 410):  # gone already: fine
            self._refused("delete", href, url, answer.status_code)

    def _refused(self, doing: str, href: str, url: str, status: int) -> None:
        if status == 412:
            raise self.dav.fail(
                PreconditionFailed, url, f"the card {href} changed on the server (412)."
            )
        if status in (404, 409, 410):  # the book (the card's parent) is gone
            raise self.dav.fail(
                BookMissing, url, f"the address book of {href} is not there any more ({status})."
            )
        raise self.dav.fail(
            ServerFailed, url, f"{{server}} refused to {doing} the card {href} ({status})."
        )

    # -- helpers -----------------------------------------------------------

    def _propfind(self, url: str, props: list[str], *, depth: str) -> list[Response]:
        try:
            return self.dav.multistatus(
                "PROPFIND", url, propfind_body(props), depth=depth
            ).responses
        except NotSupported as exc:
            raise self.dav.fail(
                ServerFailed, url, f"{{server}} refused to list {url} ({exc.status})."
            ) from exc

    def _propfind_optional(self, url: str, props: list[str], *, depth: str) -> list[Response]:
        """Discovery probes: nothing there is not (yet) an error."""
        try:
            return self.dav.multistatus(
                "PROPFIND", url, propfind_body(props), depth=depth
            ).responses
        except (NotSupported, BookMissing):
            return []

    def _book(self, r: Response, url: str = "") -> AddressBook:
        url = self.dav.absolute(r.href or url or self.url)
        url = url if url.endswith("/") else url + "/"
        reports = r.props.get(f"{{{DAV}}}supported-report-set")
        supports = reports is not None and reports.find(f".//{{{DAV}}}sync-collection") is not None
        name = r.text(f"{{{DAV}}}displayname") or url.rstrip("/").rsplit("/", 1)[-1]
        return AddressBook(
            url=url,
            name=name,
            ctag=r.text(f"{{{CS}}}getctag"),
            sync_token=r.text(f"{{{DAV}}}sync-token"),
            supports_sync=supports,
        )


def _card(href: str, etag: str, data: bytes) -> RemoteCard | BadRemoteCard:
    if not data.lstrip().upper().startswith(b"BEGIN:VCARD"):
        start = data.strip()[:40].decode("utf-8", "replace") or "nothing"
        return BadRemoteCard(href, f"not a vCard (it starts with “{start}”)")
    return RemoteCard(href, etag, data)


def _path(href: str) -> str:
    """Hrefs as paths: some servers answer with whole URLs."""
    return urlsplit(href).path if "://" in href else href


def _first(responses: list[Response], prop: str) -> str:
    return first_href(responses[0].props.get(prop)) if responses else ""


def _is_collection(r: Response) -> bool:
    kind = r.props.get(f"{{{DAV}}}resourcetype")
    return kind is not None and kind.find(f"{{{DAV}}}collection") is not None


def _is_book(r: Response) -> bool:
    kind = r.props.get(f"{{{DAV}}}resourcetype")
    return kind is not None and kind.find(f"{{{CARDDAV}}}addressbook") is not None
