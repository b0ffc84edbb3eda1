"""Gifts, events and articles: the small, specific things that keep a relationship.

(No ``from __future__ import annotations`` in model modules: SQLModel resolves
the relationship annotations at class creation.)
"""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, Relationship, SQLModel

from prm.core.models.base import UTCDateTime, new_uid


class Gift(SQLModel, table=True):
    __tablename__ = "gift"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, unique=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    status: str = "idea"  # idea / given / received
    description: str
    occasion: str = ""
    on_date: date | None = Field(default=None, index=True)
    # Exact decimal text ("12.50"), never a float; "" when unknown.
    price: str = ""
    currency: str = ""  # ISO 4217
    url: str = ""
    where: str = ""
    reaction: str = ""
    notes: str = ""
    # The gift touch logged when it was marked given.
    touch_id: int | None = Field(default=None, foreign_key="touch.id", ondelete="SET NULL")
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ContactEvent(SQLModel, table=True):
    """Something the contact holds or celebrates: go there, or at least say so.

    All-day events use the dates; timed ones the UTC instants plus the zone they
    happen in (shown and exported in that zone).
    """

    __tablename__ = "event"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, unique=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    kind: str = "custom"
    title: str = ""
    all_day: bool = True
    start_date: date | None = Field(default=None, index=True)
    end_date: date | None = None
    start_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    end_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    timezone: str = ""
    location: str = ""
    url: str = ""
    yearly: bool = False
    my_status: str = "considering"
    notes: str = ""
    touch_id: int | None = Field(default=None, foreign_key="touch.id", ondelete="SET NULL")
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Article(SQLModel, table=True):
    __tablename__ = "article"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, unique=True)
    title: str
    url: str = Field(default="", index=True)
    source: str = ""
    published_on: date | None = None
    summary: str = ""
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    topics: list["ArticleTopic"] = Relationship(
        back_populates="article",
        sa_relationship_kwargs={
            "cascade": "all, delete-orphan",
            "order_by": "ArticleTopic.position",
        },
    )


class ArticleTopic(SQLModel, table=True):
    """Matched against contact_interest.topic (case-insensitively) to suggest readers."""

    __tablename__ = "article_topic"
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE", index=True)
    topic: str = Field(
        sa_column=sa.Column(sa.String(collation="NOCASE"), nullable=False, index=True)
    )
    position: int = 0
    article: Article = Relationship(back_populates="topics")


class ArticleShare(SQLModel, table=True):
    __tablename__ = "article_share"
    __table_args__ = (sa.Index("ix_article_share_contact", "contact_id", "article_id"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE", index=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    shared_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    channel: str = "email"
    response: str = ""
    touch_id: int | None = Field(default=None, foreign_key="touch.id", ondelete="SET NULL")
