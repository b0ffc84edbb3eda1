"""The article library and who got what: send the piece that helps them, never twice.

An article is filed once (its URL, normalised, is its identity) with the topics
it is about. Sharing is ``prm.core.article_shares``; who an article would help
is ``prm.core.article_readers``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, select

from prm.core import orm, validation
from prm.core.clock import Clock
from prm.core.dates import PartialDate
from prm.core.db_time import parse_db_timestamp
from prm.core.drafts import _unique_words
from prm.core.errors import AmbiguousError, KnownError, NotFoundError, ValidationError

if TYPE_CHECKING:  # built on first use (prm.core.orm)
    from prm.core.models import Article


@dataclass
class ArticleDraft:
    title: str = ""
    url: str = ""
    source: str = ""
    published_on: str = ""  # YYYY-MM-DD as typed; "" when unknown
    summary: str = ""
    topics: list[str] = field(default_factory=list)

    def cleaned(self) -> ArticleDraft:
        """A validated copy with normalised values, or ValidationError listing every problem."""
        errors: dict[str, str] = {}
        out = ArticleDraft(
            title=" ".join(self.title.split()),
            source=self.source.strip(),
            summary=self.summary.strip(),
        )
        if not out.title:
            errors["title"] = "Give the article a title."
        if not self.url.strip():
            errors["url"] = "Give the article's web address."
        else:
            try:
                out.url = canonical_url(validation.clean_url(self.url))
            except ValueError as exc:
                errors["url"] = str(exc)
        if self.published_on.strip():
            try:
                day = PartialDate.parse(self.published_on)
                if day.year is None:
                    raise ValueError("Give the year too, as YYYY-MM-DD.")
                out.published_on = day.iso()
            except ValueError as exc:
                errors["published_on"] = str(exc)
        out.topics = _unique_words(self.topics, "topics", errors)
        if errors:
            raise ValidationError(errors)
        return out

    def published_date(self) -> date | None:
        return date.fromisoformat(self.published_on) if self.published_on else None


def canonical_url(url: str) -> str:
    """How a URL is stored: host in lower case, no fragment, no lone trailing slash."""
    parts = urlsplit(url)
    path = parts.path if parts.path not in ("", "/") else ""
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def _same_page_variants(url: str) -> list[str]:
    """The spellings of one page we treat as the same: http/https, www or not, trailing slash.

    Listed rather than normalised in SQL so the lookup is a few probes of the url index.
    """
    parts = urlsplit(url)
    host = parts.netloc.removeprefix("www.")
    path = parts.path.rstrip("/")
    return [
        urlunsplit((scheme, h, p, parts.query, ""))
        for scheme in ("https", "http")
        for h in (host, f"www.{host}")
        for p in {path, path + "/"}
    ]


def _check_unique_url(session: Session, url: str, *, except_id: int | None) -> None:
    stmt = select(orm.Article).where(col(orm.Article.url).in_(_same_page_variants(url)))
    if except_id is not None:
        stmt = stmt.where(orm.Article.id != except_id)
    existing = session.exec(stmt).first()
    if existing is not None:
        where = " (in the trash: restore it instead)" if existing.deleted_at else ""
        raise ValidationError({"url": f"Already in the library as “{existing.title}”{where}."})


# --- the library --------------------------------------------------------------


def add_article(session: Session, *, draft: ArticleDraft, clock: Clock) -> Article:
    clean = draft.cleaned()
    _check_unique_url(session, clean.url, except_id=None)
    now = clock.now()
    article = orm.Article(title=clean.title, created_at=now, updated_at=now)
    _apply(article, clean)
    session.add(article)
    session.flush()
    return article


def update_article(
    session: Session, *, article_id: int, draft: ArticleDraft, clock: Clock
) -> Article:
    article = get_article(session, article_id=article_id)
    clean = draft.cleaned()
    _check_unique_url(session, clean.url, except_id=article_id)
    _apply(article, clean)
    article.updated_at = clock.now()
    session.flush()
    return article


def _apply(article: Article, clean: ArticleDraft) -> None:
    article.title, article.url, article.source = clean.title, clean.url, clean.source
    article.published_on, article.summary = clean.published_date(), clean.summary
    article.topics = [orm.ArticleTopic(topic=t, position=i) for i, t in enumerate(clean.topics)]


def trash_article(session: Session, *, article_id: int, clock: Clock) -> None:
    get_article(session, article_id=article_id).deleted_at = clock.now()
    session.flush()


def restore_article(session: Session, *, article_id: int) -> None:
    get_article(session, article_id=article_id).deleted_at = None
    session.flush()


def get_article(session: Session, *, article_id: int) -> Article:
    article = session.exec(
        select(orm.Article)
        .where(orm.Article.id == article_id)
        .options(selectinload(orm.Article.topics))
    ).first()
    if article is None:
        raise NotFoundError(f"There is no article #{article_id}.")
    return article


def draft_from_article(article: Article) -> ArticleDraft:
    return ArticleDraft(
        title=article.title,
        url=article.url,
        source=article.source,
        published_on=article.published_on.isoformat() if article.published_on else "",
        summary=article.summary,
        topics=[t.topic for t in article.topics],
    )


@dataclass(frozen=True)
class ArticleRow:
    """One line of the library list."""

    id: int
    title: str
    url: str
    source: str
    published_on: date | None
    summary: str
    topics: tuple[str, ...]
    shared_with: int  # how many people got it
    last_shared_at: datetime | None


# Far beyond any title; well inside SQLite's LIKE pattern and expression-depth limits.
MAX_SEARCH_WORDS = 50
MAX_SEARCH_WORD = 1000


def list_articles(session: Session, *, query: str = "", trashed: bool = False) -> list[ArticleRow]:
    """The library, newest filed first; ``query`` matches title, source, summary, URL or topic.

    A library holds hundreds of articles, not 100k: one plain query is plenty.
    """
    where = ["a.deleted_at IS NOT NULL" if trashed else "a.deleted_at IS NULL"]
    params: list = []
    words = list(dict.fromkeys(query.split()))
    if len(words) > MAX_SEARCH_WORDS or any(len(word) > MAX_SEARCH_WORD for word in words):
        # SQLite refuses longer LIKE patterns and deeper expressions; say so plainly.
        raise KnownError(
            f"A search takes up to {MAX_SEARCH_WORDS} words of at most {MAX_SEARCH_WORD} characters."
        )
    for word in words:
        like = f"%{_escape_like(word)}%"
        where.append(
            "(a.title LIKE ? ESCAPE '\\' OR a.source LIKE ? ESCAPE '\\' OR a.summary LIKE ? ESCAPE '\\'"
            " OR a.url LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM article_topic t"
            "  WHERE t.article_id = a.id AND t.topic LIKE ? ESCAPE '\\'))"
        )
        params += [like] * 5
    rows = session.connection().exec_driver_sql(
        "SELECT a.id, a.title, a.url, a.source, a.published_on, a.summary,"
        " (SELECT group_concat(topic, char(31)) FROM"
        "   (SELECT topic FROM article_topic t WHERE t.article_id = a.id ORDER BY t.position)),"
        " (SELECT count(DISTINCT contact_id) FROM article_share s WHERE s.article_id = a.id),"
        " (SELECT max(shared_at) FROM article_share s WHERE s.article_id = a.id)"
        f" FROM article a WHERE {' AND '.join(where)} ORDER BY a.created_at DESC, a.id DESC",
        tuple(params),
    )
    return [
        ArticleRow(
            id=aid,
            title=title,
            url=url,
            source=source,
            published_on=date.fromisoformat(published) if published else None,
            summary=summary,
            topics=tuple(topics.split("\x1f")) if topics else (),
            shared_with=count,
            last_shared_at=parse_db_timestamp(last),
        )
        for aid, title, url, source, published, summary, topics, count, last in rows
    ]


def _escape_like(text: str) -> str:
    return re.sub(r"([\\%_])", r"\\\1", text)


def resolve_article(session: Session, *, ref: str) -> Article:
    """An article as named on a command line: ``#id``, its URL, or a unique title fragment."""
    ref = ref.strip()
    number = validation.record_id(ref, what="article")
    if number is not None:
        return get_article(session, article_id=number)
    try:
        url = canonical_url(validation.clean_url(ref)) if "/" in ref or "." in ref else None
    except ValueError:
        url = None
    if url:
        by_url = session.exec(
            select(orm.Article.id).where(col(orm.Article.url).in_(_same_page_variants(url)))
        ).first()
        if by_url is not None:
            return get_article(session, article_id=by_url)
    matches = [row for row in list_articles(session) if ref.casefold() in row.title.casefold()]
    if not matches:
        raise NotFoundError(f"No article matches “{ref}”.")
    if len(matches) > 1:
        names = ", ".join(f"#{r.id} {r.title}" for r in matches[:10])
        raise AmbiguousError(f"“{ref}” matches {len(matches)} articles: {names}. Use the #id.")
    return get_article(session, article_id=matches[0].id)


@dataclass(frozen=True)
class ArticleLibrary:
    """What the Articles section lists for a search."""

    rows: list[ArticleRow]
    any_at_all: bool  # False: the library is empty (show the invitation, not "no hits")


def article_library(session: Session, *, query: str = "") -> ArticleLibrary:
    rows = list_articles(session, query=query)
    any_at_all = bool(rows) or (bool(query) and bool(list_articles(session)))
    return ArticleLibrary(rows, any_at_all)
