"""Contacts, their typed values, tags, cadence tiers and settings.

(No ``from __future__ import annotations`` in model modules: SQLModel resolves
the relationship annotations at class creation.)
"""

from datetime import date, datetime
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Field, Relationship, SQLModel

from prm.core.models.base import UTCDateTime, new_uid


class CadenceTier(SQLModel, table=True):
    """How often a group of people should hear from the user.

    ``target_days`` is the rhythm to keep, ``max_days`` the point past which the
    contact is overdue. A tier without a target ("No cadence") explicitly opts out.
    """

    __tablename__ = "cadence_tier"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(
        sa_column=sa.Column(sa.String(collation="NOCASE"), unique=True, nullable=False)
    )
    target_days: int | None = None
    max_days: int | None = None
    position: int = 0


class Tag(SQLModel, table=True):
    __tablename__ = "tag"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(
        sa_column=sa.Column(sa.String(collation="NOCASE"), unique=True, nullable=False)
    )
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
    __table_args__ = (
        sa.Index("ix_contact_live_sort", "deleted_at", "sort_name", "id"),
        # A trip plan ranks a city's few thousand people from this index alone (by id),
        # never reading their (wide, encrypted) rows: prm.core.travel.plan.
        sa.Index(
            "ix_contact_travel_rank",
            "id",
            "deleted_at",
            "cadence_target_days",
            "last_touch_at",
            "created_at",
            "birthday_month",
            "birthday_day",
        ),  # fmt: skip
        # The few people with their own reachable hours (travel.reach_now).
        sa.Index(
            "ix_contact_reach_hours", "reach_hours", sqlite_where=sa.text("reach_hours != ''")
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, unique=True, index=True)

    prefix: str = ""
    given_name: str = ""
    middle_name: str = ""
    family_name: str = ""
    suffix: str = ""
    nickname: str = ""
    # The name as the person or their address book writes it ("Studio Nord",
    # "Kowalski Anna", "山田太郎") when that differs from what PRM derives from the
    # parts; "" = derive. Shown, sorted and exported (FN) instead of the derived name.
    formatted_name: str = ""
    # Derived from the names (or organization / email) on every save; stored so
    # 100k contacts sort and page through an index.
    display_name: str = ""
    sort_name: str = ""
    # The email and phone the list shows (preferred, else first), kept by triggers
    # on contact_email/contact_phone (revision 0009) so the list sorts by them
    # through an index. Never written by PRM's code.
    sort_email: str = ""
    sort_phone: str = ""

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
    # When they like to be reached, their local time ("09:00-18:00"); "" = weekdays 09:00-18:00.
    reach_hours: str = ""
    preferred_channel: str = ""
    how_we_met: str = ""
    referred_by_id: int | None = Field(
        default=None, foreign_key="contact.id", ondelete="SET NULL", index=True
    )
    # How many live people they referred, at most 4 (the most Reach out's value
    # counts): kept by triggers (revision 0016) so the weekly short list walks an
    # index per level. Never written by PRM's code.
    referral_level: int = 0

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
        sa_relationship_kwargs={
            "cascade": "all, delete-orphan",
            "order_by": "ContactEmail.position",
        },
    )
    phones: list["ContactPhone"] = Relationship(
        back_populates="contact",
        sa_relationship_kwargs={
            "cascade": "all, delete-orphan",
            "order_by": "ContactPhone.position",
        },
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


class Setting(SQLModel, table=True):
    __tablename__ = "setting"
    key: str = Field(primary_key=True)
    value: str = ""
