"""Sources on the test servers, run through the real runner and queue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from prm.core.capture import sources
from prm.core.capture.runner import run_source
from prm.core.capture.source_config import SourceConfig
from prm.core.models import CaptureProposal, CaptureSource

SINCE_DAYS = 60
# What the servers hold is dated around the real now (Radicale and Dovecot use the real clock).
NOW = datetime.now(UTC).replace(microsecond=0)


def add(store, clock, kind, location, *, user="ann", folder=""):
    with store.transaction() as session:
        config = SourceConfig(kind, location, user, folder)
        return sources.add_source(session, config, clock=clock).id


def run(store, clock, source_id, *, password="secret", **kw):
    return run_source(
        store,
        source_id,
        since=datetime.now(UTC) - timedelta(days=SINCE_DAYS),
        clock=clock,
        zone=UTC,
        password=password,
        **kw,
    )


def proposals(store) -> dict[str, CaptureProposal]:
    with store.reading() as session:
        rows = session.exec(select(CaptureProposal)).all()
        for row in rows:
            session.expunge(row)
    return {r.key: r for r in rows}


def source_row(store, source_id) -> CaptureSource:
    with store.reading() as session:
        row = session.get(CaptureSource, source_id)
        session.expunge(row)
    return row


def ics(uid, start, summary="Catch-up", *, attendee="bob@x.org", extra=""):
    at = start.strftime("%Y%m%dT%H%M%SZ")
    return (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VEVENT\n"
        f"UID:{uid}\nDTSTAMP:{at}\nDTSTART:{at}\nDURATION:PT1H\nSUMMARY:{summary}\n"
        f"ATTENDEE;CN=Bob Stone:mailto:{attendee}\n{extra}END:VEVENT\nEND:VCALENDAR\n"
    )
