"""What the user said about suggested duplicates.

(No ``from __future__ import annotations`` in model modules.)
"""

from datetime import datetime

from sqlmodel import Field, SQLModel

from prm.core.models.base import UTCDateTime


class DuplicateDismissal(SQLModel, table=True):
    """The user said "not a duplicate": this pair is never suggested again (``contact_id`` < ``other_id``)."""

    __tablename__ = "duplicate_dismissal"
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", primary_key=True)
    other_id: int = Field(
        foreign_key="contact.id", ondelete="CASCADE", primary_key=True, index=True
    )
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
