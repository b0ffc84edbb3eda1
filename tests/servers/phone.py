"""A "phone": a third CardDAV client, plain httpx + vobject, as a phone's contacts app would be.

It knows nothing of PRM: it lists an address book's cards (href -> ETag),
reads one as a vobject vCard, writes and deletes cards with the usual
If-Match / If-None-Match headers. Integration tests use it to check that PRM's
cards are readable elsewhere and that edits made elsewhere come back.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urljoin, urlsplit

import httpx
import vobject

_LIST = (
    '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/>'
    "<d:resourcetype/></d:prop></d:propfind>"
)


class Phone:
    def __init__(self, book_url: str, user: str = "ann", password: str = "secret") -> None:
        self.book_url = book_url if book_url.endswith("/") else book_url + "/"
        self.client = httpx.Client(auth=(user, password), timeout=10)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Phone:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def list(self) -> dict[str, str]:
        """href (a path) -> ETag of every card in the book."""
        answer = self.client.request(
            "PROPFIND", self.book_url, content=_LIST, headers={"Depth": "1"}
        )
        assert answer.status_code == 207, answer.text
        book = urlsplit(self.book_url).path
        found = {}
        for response in ET.fromstring(answer.content).iter("{DAV:}response"):
            href = response.findtext("{DAV:}href", "").strip()
            if href.rstrip("/") != book.rstrip("/") and not href.endswith("/"):
                found[href] = response.findtext(".//{DAV:}getetag", "").strip()
        return found

    def get(self, href: str):
        """The card as a vobject component (``card.fn.value``, ``card.contents``)."""
        answer = self.client.get(urljoin(self.book_url, href))
        assert answer.status_code == 200, answer.text
        return vobject.readOne(answer.text)

    def cards(self) -> dict[str, object]:
        """href -> vobject card, every card in the book."""
        return {href: self.get(href) for href in self.list()}

    def put(self, href: str, card, *, etag: str | None = None) -> str:
        """Write ``card`` (vobject or text) at ``href`` (relative to the book or a path);
        ``etag`` None: only if nothing is there. Returns the new ETag."""
        text = card if isinstance(card, str) else card.serialize()
        headers = {"Content-Type": "text/vcard; charset=utf-8"}
        headers["If-None-Match" if etag is None else "If-Match"] = "*" if etag is None else etag
        answer = self.client.put(
            urljoin(self.book_url, href), content=text.encode(), headers=headers
        )
        assert answer.status_code in (201, 204), (answer.status_code, answer.text)
        return answer.headers.get("ETag", "")

    def delete(self, href: str) -> None:
        answer = self.client.delete(urljoin(self.book_url, href))
        assert answer.status_code in (200, 204), answer.text


def new_card(uid: str, name: str, *, email: str = "", phone: str = "") -> str:
    """A small vCard 3.0 as a phone would write it."""
    card = vobject.vCard()
    card.add("uid").value = uid
    card.add("fn").value = name
    family = name.split()[-1] if " " in name else ""
    card.add("n").value = vobject.vcard.Name(family=family, given=name.split()[0])
    if email:
        card.add("email").value = email
    if phone:
        card.add("tel").value = phone
    return card.serialize()
