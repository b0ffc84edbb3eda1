"""Capture: where touches are read from, what was proposed, and what to ignore.

A proposal row is kept whatever the user decided, because its ``(item_kind,
key)`` is what stops the same message or event from being proposed twice.
(No ``from __future__ import annotations`` in model modules.)
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from prm.core.models.base import UTCDateTime


class CaptureSource(SQLModel, table=True):
    """A calendar or mailbox the user pointed PRM at; never its password."""

    __tablename__ = "capture_source"
    id: int | None = Field(default=None, primary_key=True)
    kind: str  # a key of source_config.SOURCE_KINDS
    label: str = ""
    location: str = ""
    username: str = ""
    folder: str = ""
    auto_accept: bool = False
    enabled: bool = True
    state: str = "{}"  # JSON: the reader's last Checkpoint
    last_run_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str = ""
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class CaptureProposal(SQLModel, table=True):
    """One touch PRM thinks happened, waiting for a yes or a no."""

    __tablename__ = "capture_proposal"
    __table_args__ = (
        sa.UniqueConstraint("item_kind", "key", name="uq_capture_proposal_item"),
        # The badge and the queue read pending proposals by time.
        sa.Index("ix_capture_proposal_status", "status", "occurred_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="capture_source.id", ondelete="CASCADE", index=True)
    item_kind: str  # "event" | "message"
    key: str
    occurred_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    channel: str
    direction: str = "out"
    summary: str = ""
    # An event's LOCATION: a trip can be taken from it (prm.core.travel.trips).
    location: str = ""
    duration_minutes: int | None = None
    needs_reply: bool = False
    thread: str = Field(default="", index=True)
    calendar: str = ""
    sender: str = ""
    status: str = "pending"  # "pending" | "accepted" | "rejected"
    touch_id: int | None = Field(default=None, foreign_key="touch.id", ondelete="SET NULL")
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class CaptureProposalPerson(SQLModel, table=True):
    """Someone on a proposal; ``contact_id`` NULL = not a contact ("new contacts?")."""

    __tablename__ = "capture_proposal_person"
    proposal_id: int = Field(
        foreign_key="capture_proposal.id", ondelete="CASCADE", primary_key=True
    )
    position: int = Field(default=0, primary_key=True)
    email: str = Field(default="", index=True)
    name: str = ""
    contact_id: int | None = Field(
        default=None, foreign_key="contact.id", ondelete="SET NULL", index=True
    )


class CaptureIgnore(SQLModel, table=True):
    """ "Always ignore this sender / domain / calendar"."""

    __tablename__ = "capture_ignore"
    __table_args__ = (sa.UniqueConstraint("kind", "value", name="uq_capture_ignore"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str  # "sender" | "domain" | "calendar"
    value: str
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
