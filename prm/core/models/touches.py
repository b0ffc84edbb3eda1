"""Touches: every call, email, meeting and message, with their participants.

(No ``from __future__ import annotations`` in model modules: SQLModel resolves
the relationship annotations at class creation.)
"""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, Relationship, SQLModel

from prm.core.models.base import UTCDateTime, new_uid


class Touch(SQLModel, table=True):
    """One contact moment: a call, an email, a lunch with three people."""

    __tablename__ = "touch"
    __table_args__ = (
        sa.Index("ix_touch_awaiting", "needs_reply", "replied_at", "deleted_at"),
        # The weekly review's "done last week" reads only this index.
        sa.Index("ix_touch_week", "occurred_at", "direction", "deleted_at", "channel"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, unique=True)
    occurred_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
    channel: str
    direction: str = "out"  # "out": I reached them; "in": they reached me
    summary: str = ""
    notes: str = ""
    duration_minutes: int | None = None
    needs_reply: bool = False
    replied_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    follow_up_on: date | None = Field(default=None, index=True)
    follow_up_done: bool = False
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    participants: list["TouchParticipant"] = Relationship(
        back_populates="touch",
        sa_relationship_kwargs={
            "cascade": "all, delete-orphan",
            "order_by": "TouchParticipant.position",
        },
    )


class TouchParticipant(SQLModel, table=True):
    __tablename__ = "touch_participant"
    __table_args__ = (sa.Index("ix_touch_participant_contact", "contact_id", "touch_id"),)

    touch_id: int = Field(foreign_key="touch.id", ondelete="CASCADE", primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", primary_key=True)
    position: int = 0
    touch: Touch = Relationship(back_populates="participants")
