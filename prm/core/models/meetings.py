"""Meetings: the plan, what really happened, and the running timer's saved state.

(No ``from __future__ import annotations`` in model modules: SQLModel resolves
the relationship annotations at class creation.)
"""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, Relationship, SQLModel

from prm.core.models.base import UTCDateTime, new_uid


class Meeting(SQLModel, table=True):
    __tablename__ = "meeting"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, unique=True)
    title: str = ""
    planned_minutes: int = 45
    # The user confirmed a plan longer than the 45-minute rule.
    over_rule: bool = False
    # planned -> running <-> paused -> ended; "ended" meetings are history.
    state: str = Field(default="planned", index=True)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    # When a planned meeting is to happen (chosen from a trip plan); None = whenever.
    scheduled_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    trip_id: int | None = Field(default=None, foreign_key="trip.id", ondelete="SET NULL")
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Active time, pauses not counted; set when the meeting ends.
    actual_seconds: int | None = None
    paused_seconds: int = 0
    # The running timer (prm.core.meeting_timer) as JSON, saved at every
    # transition, and the last moment it was known alive: together they let
    # the next start resume a meeting the app died in, or end it then.
    timer_json: str = ""
    last_seen_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    notes: str = ""
    outcomes: str = ""
    next_step: str = ""
    next_touch_on: date | None = None
    # The meeting touch logged at the end (one touch, every attendee in it).
    touch_id: int | None = Field(default=None, foreign_key="touch.id", ondelete="SET NULL")
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    items: list["AgendaItem"] = Relationship(
        back_populates="meeting",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "AgendaItem.position"},
    )
    attendees: list["MeetingAttendee"] = Relationship(
        back_populates="meeting",
        sa_relationship_kwargs={
            "cascade": "all, delete-orphan",
            "order_by": "MeetingAttendee.position",
        },
    )
    pauses: list["MeetingPause"] = Relationship(
        back_populates="meeting",
        sa_relationship_kwargs={
            "cascade": "all, delete-orphan",
            "order_by": "MeetingPause.started_at",
        },
    )


class AgendaItem(SQLModel, table=True):
    __tablename__ = "agenda_item"
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE", index=True)
    position: int = 0
    title: str
    planned_seconds: int
    actual_seconds: int | None = None
    meeting: Meeting = Relationship(back_populates="items")


class MeetingAttendee(SQLModel, table=True):
    __tablename__ = "meeting_attendee"
    __table_args__ = (sa.Index("ix_meeting_attendee_contact", "contact_id", "meeting_id"),)

    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE", primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", primary_key=True)
    position: int = 0
    meeting: Meeting = Relationship(back_populates="attendees")


class MeetingPause(SQLModel, table=True):
    __tablename__ = "meeting_pause"
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE", index=True)
    started_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    meeting: Meeting = Relationship(back_populates="pauses")
