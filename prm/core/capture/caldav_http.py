"""WebDAV/CalDAV requests for the CalDAV reader: one client, clear errors, XML bodies.

Every failure that means "this source cannot be read now" becomes a
``SourceError`` naming what was wrong (the password, the address, TLS, the
network, the server), so the user knows what to fix. No request is retried:
a server that is down is asked once per run, not hammered.
"""

from __future__ import annotations

import ssl
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from prm.core.capture.source_config import SourceError

DAV = "DAV:"
CALDAV = "urn:ietf:params:xml:ns:caldav"
NS = {"d": DAV, "c": CALDAV}
# Connect fast or say so; a slow server gets a while to answer a big REPORT.
TIMEOUT_CONNECT = 10.0
TIMEOUT_READ = 60.0


class NotSupported(Exception):
    """The server does not do this (e.g. a sync-collection REPORT): use the fallback."""


class NotFound(SourceError):
    """Nothing at that address (404)."""


@dataclass(frozen=True)
class Response:
    href: str
    status: int  # the propstat's (or the response's) status; 200 when all is well
    props: dict[str, ET.Element]  # "{ns}name" -> element, from 200 propstats only


class Dav:
    """An httpx client bound to one server and user."""

    def __init__(self, url: str, user: str, password: str, *, transport=None) -> None:
        import httpx  # imported here: the app starts without it

        self.url = url
        self.user = user
        self._httpx = httpx
        self.client = httpx.Client(
            auth=httpx.BasicAuth(user, password),
            timeout=httpx.Timeout(TIMEOUT_READ, connect=TIMEOUT_CONNECT),
            follow_redirects=True,
            transport=transport,
            headers={"User-Agent": "PRM capture"},
        )

    def close(self) -> None:
        self.client.close()

    def absolute(self, href: str) -> str:
        return urljoin(self.url, href)

    def request(self, method: str, url: str, body: str, *, depth: str) -> Multistatus:
        """A PROPFIND or REPORT -> its multistatus responses. 401/404/5xx and
        network failures raise SourceError; 403/405/409/415/501 raise NotSupported
        (the caller decides whether that is a fallback or a failure)."""
        httpx = self._httpx
        host = urlsplit(url).netloc or url
        try:
            answer = self.client.request(
                method,
                url,
                content=body.encode("utf-8"),
                headers={"Depth": depth, "Content-Type": "application/xml; charset=utf-8"},
            )
        except httpx.TimeoutException as exc:
            raise SourceError(
                f"The CalDAV server {host} did not answer in time ({type(exc).__name__})."
            ) from exc
        except httpx.ConnectError as exc:
            if _is_tls(exc):
                raise SourceError(
                    f"A secure (TLS) connection to {host} failed: {_reason(exc)}. "
                    "Check the address, or the server's certificate."
                ) from exc
            raise SourceError(
                f"Could not connect to the CalDAV server {host}: {_reason(exc)}."
            ) from exc
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise SourceError(
                f"The connection to the CalDAV server {host} was dropped: {_reason(exc)}."
            ) from exc
        except httpx.HTTPError as exc:
            raise SourceError(
                f"The CalDAV server {host} could not be read: {_reason(exc)}."
            ) from exc
        status = answer.status_code
        if status == 401:
            raise SourceError(
                f"The CalDAV server {host} refused user “{self.user}” with that password "
                "(wrong user name or password)."
            )
        if status == 404:
            raise NotFound(f"There is no calendar at {url} (the server answered 404).")
        if status >= 500 and status != 501:
            raise SourceError(f"The CalDAV server {host} failed with an error ({status}).")
        if status in (400, 403, 405, 409, 412, 415, 501):
            raise NotSupported(f"{method} {url}: {status}")
        if status != 207:
            raise SourceError(f"The CalDAV server {host} answered {method} with {status}.")
        try:
            return parse_multistatus(answer.content)
        except ET.ParseError as exc:
            raise SourceError(
                f"The CalDAV server {host} sent an unreadable answer ({exc})."
            ) from exc


@dataclass(frozen=True)
class Multistatus:
    responses: list[Response]
    sync_token: str  # a sync-collection REPORT's new token; "" otherwise


def parse_multistatus(data: bytes) -> Multistatus:
    root = ET.fromstring(data)
    found: list[Response] = []
    for response in root.iter(f"{{{DAV}}}response"):
        href = (response.findtext("d:href", "", NS) or "").strip()
        props: dict[str, ET.Element] = {}
        status = _status(response.findtext("d:status", "", NS)) or 200
        for propstat in response.findall("d:propstat", NS):
            if _status(propstat.findtext("d:status", "", NS)) == 200:
                for prop in propstat.findall("d:prop/*", NS):
                    props[prop.tag] = prop
        found.append(Response(href, status, props))
    return Multistatus(found, (root.findtext("d:sync-token", "", NS) or "").strip())


def propfind(props: Iterable[str]) -> str:
    inner = "".join(f"<{p}/>" for p in props)
    return f'<d:propfind xmlns:d="{DAV}" xmlns:c="{CALDAV}"><d:prop>{inner}</d:prop></d:propfind>'


def sync_collection(token: str) -> str:
    return (
        f'<d:sync-collection xmlns:d="{DAV}"><d:sync-token>{_xml(token)}</d:sync-token>'
        "<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"
    )


def multiget(hrefs: Iterable[str]) -> str:
    refs = "".join(f"<d:href>{_xml(h)}</d:href>" for h in hrefs)
    return (
        f'<c:calendar-multiget xmlns:d="{DAV}" xmlns:c="{CALDAV}">'
        f"<d:prop><d:getetag/><c:calendar-data/></d:prop>{refs}</c:calendar-multiget>"
    )


def first_href(element: ET.Element | None) -> str:
    if element is None:
        return ""
    return (element.findtext("d:href", "", NS) or "").strip()


def _status(line: str | None) -> int | None:
    parts = (line or "").split()
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _is_tls(exc: Exception) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError) or "SSL" in str(seen) or "CERTIFICATE" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    if "refused" in text.lower():
        return "connection refused (is the server running at that address?)"
    return text[:200] or type(exc).__name__
