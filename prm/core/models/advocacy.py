"""Advocacy: referrals, introductions I make, advocacy signals and engagements.

Small ledgers the user fills by hand; the value screen reads only these (plus the
contact's maintained ``last_touch_at``), never the touch history, so it stays fast
at 100k contacts. Money is exact decimal text ("1200.00"), never a float.
(No ``from __future__ import annotations`` in model modules.)
"""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from prm.core.models.base import UTCDateTime, new_uid


class Referral(SQLModel, table=True):
    """``referrer`` sent ``referred`` to the user, for something, with an outcome."""

    __tablename__ = "referral"
    __table_args__ = (
        sa.Index("ix_referral_live_day", "deleted_at", "referred_on"),
        # Thank-yous owed for recent wins.
        sa.Index("ix_referral_won", "deleted_at", "outcome", "outcome_on"),
        # Covering: the value screen reads every live referral from this index alone.
        sa.Index("ix_referral_scan", "deleted_at", "referrer_id", "referred_id", "outcome"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, unique=True)
    referrer_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    referred_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    referred_on: date
    # False for entries made from an old "Referred by" (the day is the contact's
    # creation day, a guess): no thank-you is owed for those.
    date_known: bool = True
    for_what: str = ""
    outcome: str = ""  # "" (open) | meeting | proposal | won | nothing
    outcome_on: date | None = None
    value: str = ""  # decimal text, the engagement won
    currency: str = ""  # ISO 4217
    notes: str = ""
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Introduction(SQLModel, table=True):
    """The user connected ``a`` and ``b``: one record, a touch for each of them."""

    __tablename__ = "introduction"
    __table_args__ = (sa.Index("ix_introduction_scan", "deleted_at", "a_id", "b_id", "state"),)

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, unique=True)
    a_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    b_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    made_on: date
    # Double opt-in: asked_a / asked_b / asked_both before "introduced".
    state: str = "introduced"
    note: str = ""
    outcome: str = ""
    touch_a_id: int | None = Field(default=None, foreign_key="touch.id", ondelete="SET NULL")
    touch_b_id: int | None = Field(default=None, foreign_key="touch.id", ondelete="SET NULL")
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AdvocacySignal(SQLModel, table=True):
    """A dated act of advocacy (testimonial, reference call...) or an ask (favour)."""

    __tablename__ = "advocacy_signal"
    __table_args__ = (
        sa.Index("ix_advocacy_signal_contact", "contact_id", "on_date"),
        sa.Index("ix_advocacy_signal_scan", "deleted_at", "contact_id", "kind", "on_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, unique=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    kind: str  # a key of prm.core.advocacy.ledger.SIGNAL_KINDS
    on_date: date
    note: str = ""
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Engagement(SQLModel, table=True):
    """Paid work for a client: the revenue side of relationship value."""

    __tablename__ = "engagement"
    __table_args__ = (
        sa.Index("ix_engagement_scan", "deleted_at", "contact_id", "currency", "fees"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, unique=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    name: str
    start_on: date | None = None
    end_on: date | None = None
    fees: str = ""  # decimal text
    currency: str = ""
    notes: str = ""
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
