"""One run of one source: read, propose, save at each checkpoint, remember where.

Everything read between two checkpoints is saved in one transaction together
with the reader's state, so a run killed or dropped at any moment resumes from
the last checkpoint: what was saved is not proposed again (the keys), what was
not saved is read again. A ``SourceError`` (wrong password, server gone) saves
nothing past the last checkpoint and is recorded on the source.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from prm.core.capture import queue
from prm.core.capture.book import load_book
from prm.core.capture.observations import (
    CalendarEvent,
    Checkpoint,
    MailMessage,
    Progress,
    Reader,
    ReadProblem,
)
from prm.core.capture.proposer import Proposed, propose
from prm.core.capture.readers import open_reader
from prm.core.capture.source_config import SourceConfig, SourceError
from prm.core.capture.sources import get_source, source_state
from prm.core.clock import Clock
from prm.core.db import Store

log = logging.getLogger(__name__)

OpenReader = Callable[..., Reader]


@dataclass
class RunReport:
    source_id: int
    proposed: int = 0  # new proposals saved
    accepted: int = 0  # of those, accepted at once (an "accept automatically" source)
    seen: int = 0  # events and messages read
    problems: list[ReadProblem] = field(default_factory=list)
    cancelled: bool = False

    def to_json(self) -> dict:
        return {
            "source_id": self.source_id,
            "proposed": self.proposed,
            "accepted": self.accepted,
            "seen": self.seen,
            "cancelled": self.cancelled,
            "problems": [{"where": p.where, "message": p.message} for p in self.problems],
        }


def run_source(
    store: Store,
    source_id: int,
    *,
    since: datetime,
    clock: Clock,
    zone: tzinfo,
    password: str | None = None,
    progress: Callable[[Progress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    reader_for: OpenReader = open_reader,
) -> RunReport:
    with store.reading() as session:
        row = get_source(session, source_id)
        config = SourceConfig(row.kind, row.location, row.username, row.folder)
        auto_accept, state = row.auto_accept, source_state(row)
        book = load_book(session)
    report = RunReport(source_id)
    now = clock.now()
    pending: list[Proposed] = []
    try:
        reader = reader_for(config, password=password, zone=zone)
        for item in reader(state, since=since):
            if cancelled is not None and cancelled():
                report.cancelled = True
                break
            if isinstance(item, Checkpoint):
                _save(store, source_id, pending, item.state, auto_accept, clock, report)
                pending = []
            elif isinstance(item, (CalendarEvent, MailMessage)):
                report.seen += 1
                proposed = propose(item, book, now=now)
                if proposed is not None:
                    pending.append(proposed)
            elif isinstance(item, ReadProblem):
                log.warning("capture source %s: %s: %s", source_id, item.where, item.message)
                report.problems.append(item)
            elif isinstance(item, Progress) and progress is not None:
                progress(item)
        else:
            # The reader finished: what it yielded after its last checkpoint is
            # complete too; its state stays the last checkpoint's.
            _save(store, source_id, pending, None, auto_accept, clock, report)
    except SourceError as exc:
        _finish(store, source_id, clock, str(exc))
        raise
    except Exception as exc:
        _finish(store, source_id, clock, f"Unexpected error: {exc}")
        raise
    _finish(store, source_id, clock, "")
    return report


def _save(
    store: Store,
    source_id: int,
    proposed: list[Proposed],
    state: object,
    auto_accept: bool,
    clock: Clock,
    report: RunReport,
) -> None:
    if not proposed and state is None:
        return
    with store.transaction() as session:
        added = queue.save_proposals(session, proposed, source_id=source_id, clock=clock)
        if auto_accept and added:
            report.accepted += len(queue.accept(session, added, clock=clock))
        if state is not None:
            get_source(session, source_id).state = json.dumps(dict(state), default=str)
    report.proposed += len(added)


def _finish(store: Store, source_id: int, clock: Clock, error: str) -> None:
    with store.transaction() as session:
        row = get_source(session, source_id)
        row.last_run_at, row.last_error = clock.now(), error


def run_all(
    store: Store,
    *,
    since: datetime,
    clock: Clock,
    zone: tzinfo,
    passwords: Callable[[int], str | None],
    reader_for: OpenReader = open_reader,
) -> list[RunReport | SourceError]:
    """Every enabled source in turn; one source failing does not stop the others."""
    from prm.core.capture.sources import list_sources

    with store.reading() as session:
        ids = [s.id for s in list_sources(session) if s.enabled]
    results: list[RunReport | SourceError] = []
    for sid in ids:
        try:
            results.append(
                run_source(
                    store,
                    sid,
                    since=since,
                    clock=clock,
                    zone=zone,
                    password=passwords(sid),
                    reader_for=reader_for,
                )
            )
        except SourceError as exc:
            results.append(exc)
    return results
