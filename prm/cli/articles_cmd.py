"""``prm articles add|list|suggest|share``: the library, who it would help, and sending it."""

from __future__ import annotations

import argparse
import sys

from prm.cli.common import app_context, print_json, say_none
from prm.cli.parser import limit
from prm.cli.touch_cmd import _moment
from prm.core import article_shares, articles
from prm.core.article_readers import SuggestedReader, suggest_readers
from prm.core.articles import ArticleDraft, ArticleRow
from prm.core.contacts import resolve_contact
from prm.core.vocab import CHANNELS


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("articles", help="file articles and send them to who they help")
    verbs = group.add_subparsers(dest="verb", metavar="VERB", required=True)

    add = verbs.add_parser("add", help="file an article in the library")
    add.add_argument("title")
    add.add_argument("--url", required=True, metavar="URL", help="where it is published")
    add.add_argument("--source", default="", help="who published it (HBR, a blog…)")
    add.add_argument("--date", default="", metavar="YYYY-MM-DD", help="when it was published")
    add.add_argument("--summary", default="", help="a line on why it is worth reading")
    add.add_argument(
        "--topic",
        action="append",
        default=[],
        metavar="T",
        help="what it is about; matched against contacts' interests (repeat)",
    )
    add.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    add.set_defaults(handler=run_add)

    listing = verbs.add_parser("list", help="the library, newest first")
    listing.add_argument(
        "--search", default="", metavar="WORDS", help="only articles matching these words"
    )
    listing.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    listing.set_defaults(handler=run_list)

    suggest = verbs.add_parser(
        "suggest", help="who would this help: shared interests, not had it yet, most overdue first"
    )
    suggest.add_argument(
        "article", metavar="ARTICLE", help="#id, URL or a unique part of the title"
    )
    suggest.add_argument(
        "--limit", type=limit, default=20, metavar="N", help="at most N people (default 20)"
    )
    suggest.add_argument(
        "--include-snoozed", action="store_true", help="suggest snoozed contacts too"
    )
    suggest.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    suggest.set_defaults(handler=run_suggest)

    share = verbs.add_parser("share", help="record that you sent it (logs an article touch)")
    share.add_argument("article", metavar="ARTICLE", help="#id, URL or a unique part of the title")
    share.add_argument(
        "--to",
        action="append",
        required=True,
        metavar="NAME|ID",
        help="who got it (repeat for several people)",
    )
    share.add_argument(
        "--channel",
        choices=list(CHANNELS),
        default="email",
        help="how you sent it (default: email)",
    )
    share.add_argument("--at", type=_moment, metavar="ISO", help="when (default now)")
    share.add_argument("--response", default="", help="what they said")
    share.add_argument("--again", action="store_true", help="share with people who already got it")
    share.set_defaults(handler=run_share)


def run_add(args: argparse.Namespace, secrets) -> int:
    draft = ArticleDraft(
        title=args.title,
        url=args.url,
        source=args.source,
        published_on=args.date,
        summary=args.summary,
        topics=args.topic,
    )
    with app_context(args, secrets) as ctx, ctx.store.transaction() as session:
        article = articles.add_article(session, draft=draft, clock=ctx.clock)
        data = {
            "id": article.id,
            "uid": article.uid,
            "title": article.title,
            "url": article.url,
            "topics": [t.topic for t in article.topics],
        }
    # After the commit: the id printed is an article that exists.
    if args.json:
        print_json(data)
    else:
        print(f"Filed #{data['id']} {data['title']}")
    return 0


def _row_json(row: ArticleRow) -> dict:
    return {
        "id": row.id,
        "title": row.title,
        "url": row.url,
        "source": row.source,
        "published_on": row.published_on.isoformat() if row.published_on else None,
        "summary": row.summary,
        "topics": list(row.topics),
        "shared_with": row.shared_with,
        "last_shared_at": row.last_shared_at.isoformat() if row.last_shared_at else None,
    }


def run_list(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        rows = articles.list_articles(session, query=args.search)
    if args.json:
        print_json([_row_json(r) for r in rows])
        return 0
    if not rows:
        say_none(
            f"No article matches “{args.search.strip()}”."
            if args.search.strip()
            else "No articles yet."
        )
    for r in rows:
        topics = f"\t[{', '.join(r.topics)}]" if r.topics else ""
        print(f"#{r.id}\t{r.title}\t{r.url}{topics}\tsent to {r.shared_with}")
    return 0


def _reader_json(r: SuggestedReader) -> dict:
    return {
        "contact_id": r.contact_id,
        "name": r.name,
        "organization": r.organization,
        "matched_topics": list(r.matched_topics),
        "days_since": r.days_since,
        "last_touch_at": r.last_touch_at.isoformat() if r.last_touch_at else None,
        "target_days": r.target_days,
        "overdue_ratio": r.overdue_ratio,
        "status": r.status or None,
        "preferred_channel": r.preferred_channel or None,
    }


def run_suggest(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        article = articles.resolve_article(session, ref=args.article)
        rows = suggest_readers(
            session,
            article_id=article.id,
            now=ctx.clock.now(),
            zone=ctx.zone,
            limit=args.limit,
            include_snoozed=args.include_snoozed,
        )
    if args.json:
        print_json([_reader_json(r) for r in rows])
        return 0
    if not rows:
        say_none(f"Nobody new shares the topics of “{article.title}”.")
    for r in rows:
        rhythm = (
            f"{r.days_since}d / every {r.target_days}d" if r.target_days else f"{r.days_since}d"
        )
        print(f"#{r.contact_id}\t{r.name}\t{rhythm}\t{', '.join(r.matched_topics)}")
    return 0


def run_share(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.transaction() as session:
        article = articles.resolve_article(session, ref=args.article)
        people = {p.id: p for p in (resolve_contact(session, ref=ref) for ref in args.to)}
        had_it = article_shares.already_shared(session, article_id=article.id, contact_ids=people)
        for cid, at in had_it.items():
            print(
                f"prm: {people[cid].display_name} already got “{article.title}” on "
                f"{at.astimezone(ctx.zone):%Y-%m-%d}.",
                file=sys.stderr,
            )
        if had_it and not args.again:
            print("     Add --again to send it anyway.", file=sys.stderr)
            return 2
        article_shares.share_article(
            session,
            article_id=article.id,
            contact_ids=list(people),
            channel=args.channel,
            at=args.at,
            response=args.response,
            clock=ctx.clock,
        )
        names = ", ".join(p.display_name for p in people.values())
        text = f"Shared “{article.title}” with {names} ({CHANNELS[args.channel].lower()})"
    print(text)
    return 0
