"""SQLModel tables: the shape of the user's data.

(No ``from __future__ import annotations`` here: SQLModel resolves the
relationship annotations at class creation.)

Every change here needs an Alembic revision in ``prm/core/migrations/versions``;
a test compares these tables with what the migrations build.
"""

import uuid
from datetime import date
from typing import Optional
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlmodel import Field, Relationship, SQLModel


class UTCDateTime(sa.types.TypeDecorator):
    """Stores UTC without tzinfo (SQLite has none), hands back aware datetimes."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):  # noqa: ANN001
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):  # noqa: ANN001
        return None if value is None else value.replace(tzinfo=UTC)


def db_timestamp(moment: datetime) -> str:
    """An aware datetime as UTCDateTime stores it on SQLite, for raw SQL.

    Must match SQLAlchemy's SQLite format to the character: timestamps are
    compared as text.
    """
    return UTCDateTime().process_bind_param(moment, None).strftime("%Y-%m-%d %H:%M:%S.%f")


def parse_db_timestamp(raw: str | None) -> datetime | None:
    """The inverse of ``db_timestamp``: text read by raw SQL, back to aware UTC."""
    return None if raw is None else datetime.fromisoformat(raw).replace(tzinfo=UTC)


def new_uid() -> str:
    return str(uuid.uuid4())


class CadenceTier(SQLModel, table=True):
    """How often a group of people should hear from the user.

    ``target_days`` is the rhythm to keep, ``max_days`` the point past which the
    contact is overdue. A tier without a target ("No cadence") explicitly opts out.
    """

    __tablename__ = "cadence_tier"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=sa.Column(sa.String(collation="NOCASE"), unique=True, nullable=False))
    target_days: int | None = None
    max_days: int | None = None
    position: int = 0


class Tag(SQLModel, table=True):
    __tablename__ = "tag"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=sa.Column(sa.String(collation="NOCASE"), unique=True, nullable=False))
    # Everyone with this tag gets this tier unless their own choice says otherwise.
    cadence_tier_id: int | None = Field(
        default=None, foreign_key="cadence_tier.id", ondelete="SET NULL"
    )


class ContactTag(SQLModel, table=True):
    __tablename__ = "contact_tag"
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", primary_key=True)
    tag_id: int = Field(foreign_key="tag.id", ondelete="CASCADE", primary_key=True, index=True)


class Contact(SQLModel, table=True):
    __tablename__ = "contact"
    __table_args__ = (sa.Index("ix_contact_live_sort", "deleted_at", "sort_name", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, unique=True, index=True)

    prefix: str = ""
    given_name: str = ""
    middle_name: str = ""
    family_name: str = ""
    suffix: str = ""
    nickname: str = ""
    # Derived from the names (or organization / email) on every save; stored so
    # 100k contacts sort and page through an index.
    display_name: str = ""
    sort_name: str = ""

    organization: str = ""
    department: str = ""
    title: str = ""

    birthday_year: int | None = None
    birthday_month: int | None = None
    birthday_day: int | None = None
    anniversary_year: int | None = None
    anniversary_month: int | None = None
    anniversary_day: int | None = None

    timezone: str = ""
    preferred_channel: str = ""
    how_we_met: str = ""
    referred_by_id: int | None = Field(
        default=None, foreign_key="contact.id", ondelete="SET NULL", index=True
    )

    pref_coffee: str = ""
    pref_food: str = ""
    pref_dietary: str = ""
    pref_culture: str = ""
    notes: str = ""

    # Cadence: the contact's own tier wins over their tags' tiers; ``cadence_days``
    # overrides both. The effective target/max are derived (prm.core.cadence) and
    # stored so the reach-out ranking is one indexed scan.
    cadence_tier_id: int | None = Field(
        default=None, foreign_key="cadence_tier.id", ondelete="SET NULL"
    )
    cadence_days: int | None = None
    cadence_target_days: int | None = None
    cadence_max_days: int | None = None
    snoozed_until: date | None = None
    snooze_reason: str = ""
    # The newest live touch, kept in step by prm.core.touches in the same transaction.
    last_touch_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)

    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    emails: list["ContactEmail"] = Relationship(
        back_populates="contact",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "ContactEmail.position"},
    )
    phones: list["ContactPhone"] = Relationship(
        back_populates="contact",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "ContactPhone.position"},
    )
    addresses: list["ContactAddress"] = Relationship(
        back_populates="contact",
        sa_relationship_kwargs={
            "cascade": "all, delete-orphan",
            "order_by": "ContactAddress.position",
        },
    )
    urls: list["ContactUrl"] = Relationship(
        back_populates="contact",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "ContactUrl.position"},
    )
    interests: list["ContactInterest"] = Relationship(
        back_populates="contact",
        sa_relationship_kwargs={
            "cascade": "all, delete-orphan",
            "order_by": "ContactInterest.position",
        },
    )
    tags: list["Tag"] = Relationship(
        link_model=ContactTag, sa_relationship_kwargs={"order_by": "Tag.name"}
    )
    relations: list["ContactRelation"] = Relationship(
        back_populates="contact",
        sa_relationship_kwargs={
            "cascade": "all, delete-orphan",
            "foreign_keys": "ContactRelation.contact_id",
            "order_by": "ContactRelation.id",
        },
    )
    photo: Optional["ContactPhoto"] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "uselist": False}
    )


class _ContactChild(SQLModel):
    """Columns shared by the typed, ordered values of a contact."""

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    label: str = ""
    preferred: bool = False
    position: int = 0


class ContactEmail(_ContactChild, table=True):
    __tablename__ = "contact_email"
    value: str = Field(index=True)
    contact: "Contact" = Relationship(back_populates="emails")


class ContactPhone(_ContactChild, table=True):
    __tablename__ = "contact_phone"
    value: str
    # E.164 when the number could be parsed; used for duplicate matching.
    normalized: str = Field(default="", index=True)
    contact: "Contact" = Relationship(back_populates="phones")


class ContactAddress(_ContactChild, table=True):
    __tablename__ = "contact_address"
    street: str = ""
    locality: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""
    contact: "Contact" = Relationship(back_populates="addresses")


class ContactUrl(_ContactChild, table=True):
    """Websites and social profiles; ``label`` says which (linkedin, x, blog...)."""

    __tablename__ = "contact_url"
    value: str
    contact: "Contact" = Relationship(back_populates="urls")


class ContactInterest(SQLModel, table=True):
    __tablename__ = "contact_interest"
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    topic: str = Field(index=True)
    position: int = 0
    contact: "Contact" = Relationship(back_populates="interests")


class ContactPhoto(SQLModel, table=True):
    """Kept out of the contact row so lists never drag image bytes along."""

    __tablename__ = "contact_photo"
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", primary_key=True)
    mime_type: str = "image/jpeg"
    data: bytes = Field(sa_type=sa.LargeBinary)


class ContactRelation(SQLModel, table=True):
    """A typed link: ``contact`` *kind* ``other`` (e.g. Ann reports to Bob)."""

    __tablename__ = "contact_relation"
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    other_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    kind: str
    note: str = ""
    contact: "Contact" = Relationship(
        back_populates="relations",
        sa_relationship_kwargs={"foreign_keys": "ContactRelation.contact_id"},
    )
    other: "Contact" = Relationship(
        sa_relationship_kwargs={"foreign_keys": "ContactRelation.other_id", "lazy": "joined"}
    )


class Touch(SQLModel, table=True):
    """One contact moment: a call, an email, a lunch with three people."""

    __tablename__ = "touch"
    __table_args__ = (sa.Index("ix_touch_awaiting", "needs_reply", "replied_at", "deleted_at"),)

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
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "TouchParticipant.position"},
    )


class TouchParticipant(SQLModel, table=True):
    __tablename__ = "touch_participant"
    __table_args__ = (sa.Index("ix_touch_participant_contact", "contact_id", "touch_id"),)

    touch_id: int = Field(foreign_key="touch.id", ondelete="CASCADE", primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", primary_key=True)
    position: int = 0
    touch: Touch = Relationship(back_populates="participants")


class Setting(SQLModel, table=True):
    __tablename__ = "setting"
    key: str = Field(primary_key=True)
    value: str = ""
