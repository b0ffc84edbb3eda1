"""Sample gifts, events and articles, so the Gifts, Upcoming and Articles
sections have something to show on a first look.

Written through the real services (a given gift logs its gift touch, a share
its article touch), so the sample behaves like data the user made.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlmodel import Session

from prm.core.article_shares import share_article
from prm.core.articles import ArticleDraft, add_article
from prm.core.clock import FakeClock
from prm.core.event_draft import EventDraft
from prm.core.events import add_event
from prm.core.gifts import GiftDraft, add_gift

GIFT_IDEAS = [
    ("Single-origin coffee beans", "Christmas", "18.50", "EUR"),
    ("A good olive oil for the office kitchen", "Thank-you", "32.00", "EUR"),
    ("Book: The Art of Gathering", "Birthday", "24.00", "USD"),
    ("Tickets to the jazz festival", "Project wrap-up", "90.00", "GBP"),
    ("Box of local chocolates", "Christmas", "26.00", "CHF"),
]
GIVEN = [("Bottle of Rioja", "End of the pilot"), ("Cookbook: Vegan at home", "Birthday")]
EVENTS = [
    ("conference", "Logistics Summit", 9),
    ("launch", "Product launch party", 4),
    ("talk", "Keynote at the industry day", 21),
    ("party", "Office opening", 2),
]
# (title, source, topics): the topics are interests the sample contacts have.
ARTICLES = [
    ("Supply chains after the AI boom", "Harvard Business Review", ["supply chain", "AI"]),
    ("Pricing professional services", "McKinsey Quarterly", ["pricing"]),
    ("What remote work did to mentoring", "The Economist", ["remote work", "leadership"]),
    ("A practical guide to data privacy audits", "IAPP", ["data privacy", "cybersecurity"]),
    (
        "The energy transition, in numbers",
        "Financial Times",
        ["energy transition", "sustainability"],
    ),
]

# Touches the notes log themselves (given gifts, every other article shared).
NOTE_TOUCHES = len(GIVEN) + (len(ARTICLES) + 1) // 2


def add_notes(
    session: Session, *, contact_ids: list[int], rng: random.Random, now: datetime
) -> int:
    """A handful of each (``NOTE_TOUCHES`` of them log touches); returns how many."""
    clock = FakeClock(now)
    today = now.date()
    people = rng.sample(contact_ids, 10)
    added = 0
    for person, (description, occasion, price, currency) in zip(people, GIFT_IDEAS, strict=False):
        on = today + timedelta(days=rng.randint(5, 50))
        draft = GiftDraft(
            contact_id=person,
            description=description,
            occasion=occasion,
            on_date=on.isoformat(),
            price=price,
            currency=currency,
        )
        add_gift(session, draft=draft, clock=clock, allow_again=True)
        added += 1
    for person, (description, occasion) in zip(people[5:], GIVEN, strict=False):
        given = today - timedelta(days=rng.randint(20, 200))
        draft = GiftDraft(
            contact_id=person,
            description=description,
            occasion=occasion,
            status="given",
            on_date=given.isoformat(),
        )
        add_gift(session, draft=draft, clock=clock, allow_again=True)
        added += 1
    for person, (kind, title, days) in zip(people[3:], EVENTS, strict=False):
        draft = EventDraft(
            contact_id=person,
            kind=kind,
            title=title,
            start_date=(today + timedelta(days=days)).isoformat(),
        )
        add_event(session, draft=draft, clock=clock)
        added += 1
    for index, (title, source, topics) in enumerate(ARTICLES):
        slug = title.lower().replace(" ", "-").replace(",", "")
        published = today - timedelta(days=rng.randint(0, 300))
        article = add_article(
            session,
            draft=ArticleDraft(
                title=title,
                url=f"https://example.com/{slug}",
                source=source,
                published_on=published.isoformat(),
                topics=topics,
            ),
            clock=clock,
        )
        added += 1
        if index % 2 == 0:  # some already went to someone: they drop out of the suggestions
            share_article(
                session,
                article_id=article.id,
                contact_ids=[people[index]],
                channel="email",
                at=now - timedelta(days=rng.randint(3, 60)),
                clock=clock,
            )
    return added
