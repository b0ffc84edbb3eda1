"""What the Capture screen shows, and taking decisions back (the app's Undo).

``queue`` decides; this module answers "what is waiting, from where, and when
was it last read" in one worker job, and undoes a decision: an accepted
proposal goes back to pending with its touch in the trash (so Reach out and
Awaiting reply move back too), a rejected or ignored one goes back to pending.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo

import sqlalchemy as sa
from sqlmodel import Session, col, select

from prm.core.capture import queue
from prm.core.capture.sources import SourceInfo, list_sources
from prm.core.clock import Clock
from prm.core.models import CaptureIgnore, CaptureProposal
from prm.core.touches import trash_touches

PAGE = 500  # proposals on screen at once; the rest follow as these are decided


@dataclass(frozen=True)
class CaptureScreen:
    groups: list[queue.ProposalGroup]
    strangers: list[queue.NewContactSuggestion]
    sources: list[SourceInfo]
    pending: int  # all waiting, even beyond the page shown

    @property
    def last_read(self) -> datetime | None:
        runs = [s.last_run_at for s in self.sources if s.last_run_at is not None]
        return max(runs) if runs else None


def capture_screen(session: Session, *, zone: tzinfo) -> CaptureScreen:
    return CaptureScreen(
        groups=queue.list_proposals(session, zone=zone, limit=PAGE),
        strangers=queue.new_contact_suggestions(session),
        sources=list_sources(session),
        pending=queue.pending_count(session),
    )


def undo_accept(session: Session, ids: Iterable[int], *, clock: Clock) -> list[int]:
    """Back to pending; the touches they logged go to the trash. Returns the touch ids."""
    rows = session.exec(select(CaptureProposal).where(col(CaptureProposal.id).in_(list(ids)))).all()
    touch_ids = [r.touch_id for r in rows if r.touch_id is not None]
    trash_touches(session, ids=touch_ids, clock=clock)
    for row in rows:
        row.status, row.touch_id, row.decided_at = "pending", None, None
    session.flush()
    return touch_ids


def undo_reject(session: Session, ids: Iterable[int]) -> None:
    session.exec(  # type: ignore[call-overload]
        sa.update(CaptureProposal)
        .where(col(CaptureProposal.id).in_(list(ids)), CaptureProposal.status == "rejected")
        .values(status="pending", decided_at=None)
    )


def undo_ignore(session: Session, kind: str, value: str, ids: Iterable[int]) -> None:
    """Forget the rule and bring back what it rejected."""
    value = queue.normalize_ignore(kind, value)
    session.exec(  # type: ignore[call-overload]
        sa.delete(CaptureIgnore).where(CaptureIgnore.kind == kind, CaptureIgnore.value == value)
    )
    undo_reject(session, ids)


def set_auto_accept(session: Session, source_id: int, on: bool) -> None:
    """Whether a source's proposals are logged without asking (from the next run)."""
    from prm.core.capture.sources import get_source

    get_source(session, source_id).auto_accept = on
    session.flush()
