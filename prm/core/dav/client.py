"""One httpx client bound to a WebDAV server and user, with every failure told clearly.

Network failures and the statuses every caller treats alike (401, 404/410,
5xx, unreadable XML) become the caller's own exceptions (``Errors``) with a
message naming the server the caller's way (``Who``): capture says "The CalDAV
server host …", sync "Sync account “Work” (host): the server …". No request is
retried: a server that is down is asked once per run, not hammered.
"""

from __future__ import annotations

import ssl
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from prm.core.dav.xml import Multistatus, parse_multistatus

# Connect fast or say so; a slow server gets a while to answer a big REPORT.
TIMEOUT_CONNECT = 10.0
TIMEOUT_READ = 60.0


class NotSupported(Exception):
    """The server does not do this (e.g. a sync-collection REPORT): use the fallback."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Who:
    """How messages name the server. ``{host}`` is filled in from the request's URL."""

    server: str  # in a sentence: "the CalDAV server {host}" / "the server"
    thing: str  # what lives at a URL: "calendar" / "address book"
    account: str = ""  # a prefix naming the account: "Sync account “Work” ({host})"

    def say(self, url: str, sentence: str) -> str:
        try:
            host = urlsplit(url).netloc or url
        except ValueError:  # e.g. an unbalanced "[": name the address as typed
            host = url
        # replace, not format: a URL or a reason may hold braces.
        server = self.server.replace("{host}", host)
        text = sentence.replace("{server}", server).replace("{thing}", self.thing)
        if self.account:
            text = f"{self.account.replace('{host}', host)}: {text}"
        return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Errors:
    """Which of the caller's exception classes each kind of failure raises."""

    auth: type[Exception]  # 401: user name or password refused
    unreachable: type[Exception]  # refused, DNS, TLS, timeout, dropped
    missing: type[Exception]  # 404/410 on the collection
    failed: type[Exception]  # 5xx, unreadable answers, anything unexpected


class DavClient:
    def __init__(
        self,
        url: str,
        user: str,
        password: str,
        *,
        who: Who,
        errors: Errors,
        agent: str,
        transport=None,
        timeout: tuple[float, float] = (TIMEOUT_CONNECT, TIMEOUT_READ),
    ) -> None:
        import httpx  # imported here: the app starts without it

        self.url, self.user, self.who, self.errors = url, user, who, errors
        self._httpx = httpx
        connect, read = timeout
        self.client = httpx.Client(
            auth=httpx.BasicAuth(user, password) if user else None,
            timeout=httpx.Timeout(read, connect=connect),
            follow_redirects=True,
            transport=transport,
            headers={"User-Agent": agent},
        )

    def close(self) -> None:
        self.client.close()

    def absolute(self, href: str) -> str:
        return urljoin(self.url, href)

    def fail(self, kind: type[Exception], url: str, sentence: str) -> Exception:
        return kind(self.who.say(url, sentence))

    def send(self, method: str, url: str, *, body: bytes = b"", headers=None):
        """The raw answer; network failures raise ``errors.unreachable``, a 401
        ``errors.auth`` and a 5xx ``errors.failed``. Other statuses are the caller's."""
        httpx = self._httpx
        try:
            answer = self.client.request(method, url, content=body, headers=headers)
        except httpx.TimeoutException as exc:
            raise self._unreachable(url, "{server} did not answer in time", exc) from exc
        except httpx.ConnectError as exc:
            if _is_tls(exc):
                raise self._unreachable(
                    url,
                    "a secure (TLS) connection to {server} failed: "
                    f"{_reason(exc)}. Check the address, or the server's certificate",
                    None,
                ) from exc
            raise self._unreachable(url, "could not connect to {server}", exc) from exc
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise self._unreachable(url, "the connection to {server} was dropped", exc) from exc
        except httpx.HTTPError as exc:
            raise self._unreachable(url, "{server} could not be read", exc) from exc
        status = answer.status_code
        if status == 401:
            raise self.fail(
                self.errors.auth,
                url,
                f"{{server}} refused user “{self.user}” with that password "
                "(wrong user name or password).",
            )
        if status >= 500 and status != 501:
            raise self.fail(self.errors.failed, url, f"{{server}} failed with an error ({status}).")
        return answer

    def multistatus(self, method: str, url: str, body: str, *, depth: str) -> Multistatus:
        """A PROPFIND or REPORT -> its multistatus. 404/410 raise ``errors.missing``;
        400/403/405/409/412/415/501 raise NotSupported (the caller decides whether
        that is a fallback or a failure)."""
        answer = self.send(
            method,
            url,
            body=body.encode("utf-8"),
            headers={"Depth": depth, "Content-Type": "application/xml; charset=utf-8"},
        )
        status = answer.status_code
        if status in (404, 410):
            raise self.fail(
                self.errors.missing,
                url,
                f"there is no {{thing}} at {url} (the server answered {status}).",
            )
        if status in (400, 403, 405, 409, 412, 415, 501):
            raise NotSupported(f"{method} {url}: {status}", status)
        if status != 207:
            raise self.fail(self.errors.failed, url, f"{{server}} answered {method} with {status}.")
        try:
            return parse_multistatus(answer.content)
        except ET.ParseError as exc:
            raise self.fail(
                self.errors.failed, url, f"{{server}} sent an unreadable answer ({exc})."
            ) from exc

    def _unreachable(self, url: str, sentence: str, exc: Exception | None) -> Exception:
        reason = f": {_reason(exc)}." if exc is not None else "."
        return self.fail(self.errors.unreachable, url, sentence + reason)


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
