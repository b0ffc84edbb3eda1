"""The CalDAV reader's WebDAV client: the shared one (``prm.core.dav``), speaking capture's errors.

Every failure that means "this source cannot be read now" becomes a
``SourceError`` naming what was wrong (the password, the address, TLS, the
network, the server), so the user knows what to fix.
"""

from __future__ import annotations

from prm.core.capture.source_config import SourceError
from prm.core.dav.client import DavClient, Errors, Who
from prm.core.dav.xml import Multistatus


class NotFound(SourceError):
    """Nothing at that address (404)."""


_WHO = Who(server="the CalDAV server {host}", thing="calendar")
_ERRORS = Errors(auth=SourceError, unreachable=SourceError, missing=NotFound, failed=SourceError)


class Dav(DavClient):
    def __init__(self, url: str, user: str, password: str, *, transport=None) -> None:
        super().__init__(
            url, user, password, who=_WHO, errors=_ERRORS, agent="PRM capture", transport=transport
        )

    def request(self, method: str, url: str, body: str, *, depth: str) -> Multistatus:
        return self.multistatus(method, url, body, depth=depth)
