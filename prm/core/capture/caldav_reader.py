"""A CalDAV account (or one calendar) read incrementally.

Discovery: the URL itself when it is a calendar, else its (or the server's
/.well-known/caldav) current-user-principal -> calendar-home-set -> the
calendars there that hold events. Each calendar is read from where the last run
stopped: a sync-collection REPORT (RFC 6578) with the token kept in the state,
or, on servers without it, every object's ETag compared with the state's. Only
new or changed objects are fetched (calendar-multiget, in batches), and their
text goes through the same event parsing as .ics files.

An event in the future is not proposed until it happened, but a sync token
would never hand it over again once it did: such objects are remembered with
their next start ("due") and fetched again once that time has passed.

State: {"since": iso, "calendars": {href: {"token", "etags": {href: etag},
"due": {href: iso}}}}.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, timedelta, tzinfo
from urllib.parse import urlsplit

from prm.core.capture.caldav_http import Dav, NotFound
from prm.core.capture.ical_events import events_from_ical
from prm.core.capture.observations import (
    Checkpoint,
    Observation,
    Progress,
    ReadProblem,
)
from prm.core.capture.source_config import SourceConfig, SourceError
from prm.core.dav.client import NotSupported
from prm.core.dav.xml import CALDAV, DAV, first_href, multiget
from prm.core.dav.xml import propfind as propfind_body
from prm.core.dav.xml import sync_collection as sync_body

BATCH = 50  # objects per calendar-multiget (and per checkpoint)
# How far ahead an object's next occurrence is looked for, to fetch it again
# once it happened (see the module docstring).
DUE_HORIZON = timedelta(days=730)

_CALENDAR_PROPS = [
    "d:resourcetype",
    "d:displayname",
    "c:supported-calendar-component-set",
    "d:current-user-principal",
    "c:calendar-home-set",
]


def open_reader(config: SourceConfig, *, password: str | None, zone: tzinfo) -> CalDavReader:
    return CalDavReader(config.location, config.username, password or "", zone)


class CalDavReader:
    def __init__(
        self,
        url: str,
        user: str,
        password: str,
        zone: tzinfo,
        *,
        transport=None,
        batch: int = BATCH,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.url, self.user, self.password, self.zone = url, user, password, zone
        self.transport, self.batch, self.now = transport, batch, now

    def __call__(self, state: Mapping[str, object], *, since: datetime) -> Iterator[Observation]:
        dav = Dav(self.url, self.user, self.password, transport=self.transport)
        try:
            yield from self._read(dav, state, since)
        finally:
            dav.close()

    def _read(self, dav: Dav, state: Mapping[str, object], since: datetime):
        now = self.now()
        known = state.get("calendars") if isinstance(state.get("calendars"), dict) else {}
        # Reading further back than last time: what the tokens skipped must be read again.
        last_since = _iso(state.get("since"))
        if last_since is None or since < last_since:
            known, last_since = {}, since
        found = self.calendars(dav)
        names = dict(found)
        calendars = {href: dict(known.get(href) or {}) for href, _ in found}
        plans = []
        for href, cal in calendars.items():
            changed, deleted, token = self._changes(dav, href, cal)
            due = {h for h, at in (cal.get("due") or {}).items() if (_iso(at) or now) <= now}
            plans.append((href, cal, sorted(set(changed) | due), deleted, token))
        total = sum(len(p[2]) for p in plans)
        done = 0
        yield Progress(0, total)
        out = {"since": last_since.isoformat(), "calendars": calendars}
        for href, cal, fetch, deleted, token in plans:
            etags = dict(cal.get("etags") or {})
            dues = dict(cal.get("due") or {})
            for gone in deleted:
                etags.pop(gone, None)
                dues.pop(gone, None)
            for start in range(0, len(fetch), self.batch):
                chunk = fetch[start : start + self.batch]
                for item in self._fetch(dav, href, names[href], chunk, since, now):
                    if isinstance(item, tuple):  # (object href, etag, next start or None)
                        obj, etag, next_start = item
                        etags[obj] = etag
                        if next_start is None:
                            dues.pop(obj, None)
                        else:
                            dues[obj] = next_start.isoformat()
                    else:
                        yield item
                done += len(chunk)
                cal.update(etags=etags, due=dues)
                yield Checkpoint(_copy(out))
                yield Progress(done, total)
            cal.update(etags=etags, due=dues, token=token)
            yield Checkpoint(_copy(out))

    # -- discovery ---------------------------------------------------------

    def calendars(self, dav: Dav) -> list[tuple[str, str]]:
        """(href, name) of every calendar holding events."""
        body = propfind_body(_CALENDAR_PROPS)
        try:
            here = dav.request("PROPFIND", self.url, body, depth="0").responses
        except NotFound:
            if urlsplit(self.url).path.strip("/"):
                raise  # a calendar's address that leads nowhere
            here = []  # a server's root: its well-known address says where accounts are
        except NotSupported:
            here = []
        if here and _is_calendar(here[0]):
            return [(here[0].href or self.url, _name(here[0], self.url))]
        principal = _first(here, f"{{{DAV}}}current-user-principal")
        if not principal:
            try:
                well_known = dav.absolute("/.well-known/caldav")
                principal = _first(
                    dav.request("PROPFIND", well_known, body, depth="0").responses,
                    f"{{{DAV}}}current-user-principal",
                )
            except (NotFound, NotSupported):
                pass
        if not principal:
            raise SourceError(f"There is no calendar at {self.url} (no CalDAV account there).")
        answer = dav.request("PROPFIND", dav.absolute(principal), body, depth="0").responses
        home = _first(answer, f"{{{CALDAV}}}calendar-home-set")
        if not home:
            raise SourceError(f"The CalDAV account at {self.url} names no calendar home.")
        listing = dav.request("PROPFIND", dav.absolute(home), body, depth="1").responses
        found = [(r.href, _name(r, r.href)) for r in listing if _is_calendar(r)]
        if not found:
            raise SourceError(f"The CalDAV account at {self.url} has no calendar with events.")
        return found

    # -- what changed ------------------------------------------------------

    def _changes(self, dav: Dav, href: str, cal: dict) -> tuple[list[str], list[str], str]:
        """(changed hrefs, deleted hrefs, new sync token or "")."""
        etags = cal.get("etags") or {}
        token = str(cal.get("token") or "")
        url = dav.absolute(href)
        for attempt in (token, ""):
            try:
                answer = dav.request("REPORT", url, sync_body(attempt), depth="0")
            except NotSupported:
                if attempt:  # an expired token: start the collection over
                    continue
                break
            changed, deleted = [], []
            for r in answer.responses:
                if r.href.rstrip("/") == href.rstrip("/"):
                    continue
                if r.status == 404:
                    deleted.append(r.href)
                elif (etag := _etag(r)) and etags.get(r.href) != etag:
                    changed.append(r.href)
            if not attempt and token:  # a full listing after an expired token
                deleted += [h for h in etags if h not in {r.href for r in answer.responses}]
            return changed, deleted, answer.sync_token
        # No RFC 6578: every object's ETag, compared with the last run's.
        listing = dav.request("PROPFIND", url, propfind_body(["d:getetag"]), depth="1").responses
        now = {r.href: _etag(r) for r in listing if r.href.rstrip("/") != href.rstrip("/")}
        changed = [h for h, e in now.items() if e and etags.get(h) != e]
        return changed, [h for h in etags if h not in now], ""

    def _fetch(self, dav: Dav, href: str, name: str, hrefs: list[str], since, now):
        answer = dav.request("REPORT", dav.absolute(href), _multiget(hrefs), depth="1")
        seen = set()
        for r in answer.responses:
            seen.add(r.href)
            data = r.props.get(f"{{{CALDAV}}}calendar-data")
            if r.status != 200 or data is None or not (data.text or "").strip():
                yield ReadProblem(
                    f"{name}, {r.href}", f"the server sent no calendar data ({r.status})"
                )
                continue
            next_start = None
            for item in events_from_ical(
                data.text.encode("utf-8"),
                calendar=name,
                since=since,
                until=now + DUE_HORIZON,
                zone=self.zone,
            ):
                if isinstance(item, ReadProblem):
                    yield ReadProblem(f"{name}, {r.href} ({item.where})", item.message)
                elif item.start <= now:
                    yield item
                elif next_start is None or item.start < next_start:
                    next_start = item.start
            yield (r.href, _etag(r), next_start)
        for missing in set(hrefs) - seen:
            yield ReadProblem(f"{name}, {missing}", "the server did not send this calendar object")


def _multiget(hrefs: list[str]) -> str:
    return multiget("c:calendar-multiget", "c:calendar-data", hrefs)


def _first(responses, prop: str) -> str:
    return first_href(responses[0].props.get(prop)) if responses else ""


def _is_calendar(r) -> bool:
    kind = r.props.get(f"{{{DAV}}}resourcetype")
    if kind is None or kind.find(f"{{{CALDAV}}}calendar") is None:
        return False
    components = r.props.get(f"{{{CALDAV}}}supported-calendar-component-set")
    if components is None or len(components) == 0:
        return True  # not said: any component, events included
    return any(c.get("name", "").upper() == "VEVENT" for c in components)


def _name(r, fallback: str) -> str:
    shown = r.props.get(f"{{{DAV}}}displayname")
    text = (shown.text or "").strip() if shown is not None else ""
    return text or fallback.rstrip("/").rsplit("/", 1)[-1] or fallback


def _etag(r) -> str:
    tag = r.props.get(f"{{{DAV}}}getetag")
    return (tag.text or "").strip() if tag is not None else ""


def _iso(value) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _copy(state: dict) -> dict:
    return {
        "since": state["since"],
        "calendars": {
            h: {k: (dict(v) if isinstance(v, dict) else v) for k, v in c.items()}
            for h, c in state["calendars"].items()
        },
    }
