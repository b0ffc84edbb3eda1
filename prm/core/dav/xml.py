"""WebDAV XML: multistatus answers in, PROPFIND/REPORT bodies out (standard library only)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

DAV = "DAV:"
CALDAV = "urn:ietf:params:xml:ns:caldav"
CARDDAV = "urn:ietf:params:xml:ns:carddav"
CS = "http://calendarserver.org/ns/"  # getctag
# Prefixes the body builders and ``find*`` calls use.
NS = {"d": DAV, "c": CALDAV, "card": CARDDAV, "cs": CS}
_DECLARE = " ".join(f'xmlns:{p}="{uri}"' for p, uri in NS.items())


@dataclass(frozen=True)
class Response:
    href: str
    status: int  # the propstat's (or the response's) status; 200 when all is well
    props: dict[str, ET.Element]  # "{ns}name" -> element, from 200 propstats only

    def text(self, prop: str) -> str:
        """A property's text ("" when absent), e.g. ``r.text(f"{{{DAV}}}getetag")``."""
        found = self.props.get(prop)
        return (found.text or "").strip() if found is not None else ""


@dataclass(frozen=True)
class Multistatus:
    responses: list[Response]
    sync_token: str  # a sync-collection REPORT's new token; "" otherwise


def parse_multistatus(data: bytes) -> Multistatus:
    """Raises ``ET.ParseError`` on anything that is not a multistatus document."""
    root = ET.fromstring(data)
    if root.tag != f"{{{DAV}}}multistatus":
        raise ET.ParseError(f"not a WebDAV multistatus but <{root.tag}>")
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
    """``props`` as prefixed names of ``NS`` ("d:getetag", "cs:getctag")."""
    inner = "".join(f"<{p}/>" for p in props)
    return f"<d:propfind {_DECLARE}><d:prop>{inner}</d:prop></d:propfind>"


def sync_collection(token: str) -> str:
    return (
        f"<d:sync-collection {_DECLARE}><d:sync-token>{escape(token)}</d:sync-token>"
        "<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"
    )


def multiget(report: str, data_prop: str, hrefs: Iterable[str]) -> str:
    """``report`` e.g. "c:calendar-multiget", ``data_prop`` e.g. "c:calendar-data"."""
    refs = "".join(f"<d:href>{escape(h)}</d:href>" for h in hrefs)
    return f"<{report} {_DECLARE}><d:prop><d:getetag/><{data_prop}/></d:prop>{refs}</{report}>"


def mkcol(resourcetypes: Iterable[str], name: str) -> str:
    """An extended MKCOL (RFC 5689) body making a collection of ``resourcetypes``."""
    kinds = "".join(f"<{t}/>" for t in resourcetypes)
    return (
        f"<d:mkcol {_DECLARE}><d:set><d:prop><d:resourcetype><d:collection/>{kinds}"
        f"</d:resourcetype><d:displayname>{escape(name)}</d:displayname></d:prop></d:set>"
        "</d:mkcol>"
    )


def first_href(element: ET.Element | None) -> str:
    if element is None:
        return ""
    return (element.findtext("d:href", "", NS) or "").strip()


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _status(line: str | None) -> int | None:
    parts = (line or "").split()
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
