"""Sharing articles: who got which one, when, how, and what they said.

Sharing writes one ``ArticleShare`` per person and logs one "article" touch
with all of them, in the same transaction, so their last touch (and the
reach-out ranking) moves at once. Whether someone already had it is asked
first (``already_shared``): the UI warns and the CLI wants ``--again``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlmodel import Session, col, select

from prm.core import orm, touches
from prm.core.article_readers import SuggestedReader, suggest_readers
from prm.core.articles import get_article
from prm.core.clock import Clock
from prm.core.db_time import parse_db_timestamp
from prm.core.errors import NotFoundError, ValidationError
from prm.core.timeline_entry import KIND_ARTICLE, TimelineEntry
from prm.core.vocab import CHANNELS

if TYPE_CHECKING:  # built on first use (prm.core.orm)
    from prm.core.models import ArticleShare

ARTICLE_CHANNEL = "article"  # the channel of the touch a share logs


@dataclass(frozen=True)
class ShareRow:
    id: int
    article_id: int
    contact_id: int
    name: str
    shared_at: datetime
    channel: str
    response: str
    touch_id: int | None


def share_article(
    session: Session,
    *,
    article_id: int,
    contact_ids: Iterable[int],
    channel: str,
    at: datetime | None,
    response: str = "",
    clock: Clock,
    allow_future: bool = False,
) -> list[ArticleShare]:
    """Record that these people got the article, and log one article touch with them all.

    Whether someone already had it is the caller's question (``already_shared``):
    sending it again on purpose is allowed.
    """
    article = get_article(session, article_id=article_id)
    ids = list(dict.fromkeys(contact_ids))
    if channel not in CHANNELS:
        raise ValidationError(
            {"channel": f"“{channel}” is not a channel; use one of {', '.join(CHANNELS)}"}
        )
    if article.deleted_at is not None:
        raise ValidationError({"article": f"“{article.title}” is in the trash; restore it first."})
    draft = touches.TouchDraft(
        contact_ids=ids,
        channel=ARTICLE_CHANNEL,
        direction="out",
        occurred_at=at,
        summary=article.title,
        notes=response,
    )
    touch = touches.log_touch(session, draft=draft, clock=clock, allow_future=allow_future)
    shares = [
        orm.ArticleShare(
            article_id=article_id,
            contact_id=cid,
            shared_at=touch.occurred_at,
            channel=channel,
            response=response.strip(),
            touch_id=touch.id,
        )
        for cid in ids
    ]
    session.add_all(shares)
    session.flush()
    return shares


def already_shared(
    session: Session, *, article_id: int, contact_ids: Iterable[int]
) -> dict[int, datetime]:
    """Of these people, who already got this article, and when (the latest time)."""
    ids = list(contact_ids)
    if not ids:
        return {}
    rows = session.exec(
        select(orm.ArticleShare.contact_id, sa.func.max(orm.ArticleShare.shared_at))
        .where(orm.ArticleShare.article_id == article_id, col(orm.ArticleShare.contact_id).in_(ids))
        .group_by(orm.ArticleShare.contact_id)
    )
    # max() comes back as text from SQLite: parse it like raw SQL results.
    return {cid: at if isinstance(at, datetime) else parse_db_timestamp(at) for cid, at in rows}


def mail_addresses(session: Session, *, contact_ids: Iterable[int]) -> list[str]:
    """Each person's email to send an article to (the preferred one, else the first), in order."""
    ids = list(dict.fromkeys(contact_ids))
    if not ids:
        return []
    rows = session.exec(
        select(orm.ContactEmail.contact_id, orm.ContactEmail.value)
        .where(col(orm.ContactEmail.contact_id).in_(ids))
        .order_by(col(orm.ContactEmail.preferred).desc(), col(orm.ContactEmail.position))
    ).all()
    first: dict[int, str] = {}
    for contact_id, value in rows:
        first.setdefault(contact_id, value)
    return [first[cid] for cid in ids if cid in first]


def share_log(session: Session, *, article_id: int) -> list[ShareRow]:
    """Who got the article, newest first (one share's people in the order chosen)."""
    rows = session.exec(
        select(orm.ArticleShare, orm.Contact.display_name)
        .join(orm.Contact, orm.Contact.id == orm.ArticleShare.contact_id)
        .where(orm.ArticleShare.article_id == article_id)
        .order_by(col(orm.ArticleShare.shared_at).desc(), col(orm.ArticleShare.id))
    )
    return [_share_row(share, name) for share, name in rows]


def _share_row(share: ArticleShare, name: str) -> ShareRow:
    assert share.id is not None
    return ShareRow(
        id=share.id,
        article_id=share.article_id,
        contact_id=share.contact_id,
        name=name,
        shared_at=share.shared_at,
        channel=share.channel,
        response=share.response,
        touch_id=share.touch_id,
    )


@dataclass(frozen=True)
class ArticlePeople:
    """Beside one article: who it would help (best first) and who already got it."""

    readers: list[SuggestedReader]
    shares: list[ShareRow]


def article_people(
    session: Session, *, article_id: int, now: datetime, zone: tzinfo, limit: int
) -> ArticlePeople:
    readers = suggest_readers(session, article_id=article_id, now=now, zone=zone, limit=limit)
    return ArticlePeople(readers, share_log(session, article_id=article_id))


def article_of_share(session: Session, *, share_id: int) -> int | None:
    """The article a share was of (a timeline link), or None when the share is gone."""
    return session.exec(
        select(orm.ArticleShare.article_id).where(orm.ArticleShare.id == share_id)
    ).first()


def set_response(session: Session, *, share_id: int, response: str) -> ArticleShare:
    share = session.get(orm.ArticleShare, share_id)
    if share is None:
        raise NotFoundError(f"There is no article share #{share_id}.")
    share.response = response.strip()
    session.flush()
    return share


@dataclass(frozen=True)
class ShareRecord:
    """A withdrawn share, kept so Redo can put it back exactly."""

    article_id: int
    contact_id: int
    shared_at: datetime
    channel: str
    response: str


def withdraw_share(session: Session, *, touch_id: int, clock: Clock) -> list[ShareRecord]:
    """Undo a share: its rows go, its touch goes to the trash (last touches move back)."""
    shares = list(
        session.exec(select(orm.ArticleShare).where(orm.ArticleShare.touch_id == touch_id))
    )
    records = [
        ShareRecord(s.article_id, s.contact_id, s.shared_at, s.channel, s.response) for s in shares
    ]
    for share in shares:
        session.delete(share)
    touches.trash_touches(session, ids=[touch_id], clock=clock)
    session.flush()
    return records


def reinstate_share(session: Session, *, touch_id: int, records: list[ShareRecord]) -> None:
    """Redo a withdrawn share: the same touch comes back with the same rows."""
    touches.restore_touches(session, ids=[touch_id])
    session.add_all(
        orm.ArticleShare(
            article_id=r.article_id,
            contact_id=r.contact_id,
            shared_at=r.shared_at,
            channel=r.channel,
            response=r.response,
            touch_id=touch_id,
        )
        for r in records
    )
    session.flush()


# --- the timeline --------------------------------------------------------------


def timeline_entries(session: Session, *, contact_id: int) -> list[TimelineEntry]:
    """The articles this contact got, as timeline entries (articles in the trash are left
    out; their touches then show as plain touches)."""
    rows = session.connection().exec_driver_sql(
        "SELECT s.id, s.shared_at, s.channel, a.title, s.response, s.touch_id,"
        " (SELECT group_concat(c.display_name, char(31)) FROM article_share o"
        "   JOIN contact c ON c.id = o.contact_id"
        "   WHERE o.article_id = s.article_id AND o.touch_id = s.touch_id"
        "   AND o.contact_id != s.contact_id)"
        " FROM article_share s JOIN article a ON a.id = s.article_id"
        " WHERE s.contact_id = ? AND a.deleted_at IS NULL",
        (contact_id,),
    )
    return [
        TimelineEntry(
            kind=KIND_ARTICLE,
            id=sid,
            at=parse_db_timestamp(at),
            channel=channel,
            direction="out",
            summary=title,
            notes=response,
            touch_id=touch_id,
            with_names=tuple(others.split("\x1f")) if others else (),
        )
        for sid, at, channel, title, response, touch_id, others in rows
    ]
