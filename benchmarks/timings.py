"""Core timings: the queries each section of the window actually runs (the same
calls as prm/ui/*), each with its floor from benchmarks.floors."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, timedelta

from benchmarks import floors
from benchmarks import report as r
from benchmarks.stores import CLOCK, HEAVY_CONTACT_TOUCHES, timed
from prm.core import (
    article_shares,
    contact_cards,
    gifts,
    home,
    meeting_history,
    reach_out_screen,
    reach_out_week,
    review,
    timeline,
    upcoming_pages,
)
from prm.core.advocacy import lists as advocacy_lists
from prm.core.advocacy import stored as advocacy_stored
from prm.core.advocacy import value as advocacy_value
from prm.core.duplicates import candidates
from prm.core.duplicates.screen import duplicates_page, duplicates_screen
from prm.core.list_positions import ListPositions
from prm.core.models import Contact
from prm.core.touches import TouchDraft, log_touch
from prm.ui.contacts.contact_table_model import load_contact_list

# Typed with the list in name order. "zhang": a family name late in the alphabet,
# so its matches sort together near the end of the list.
KEYSTROKES = ("m", "ma", "mar", "maria", "client", "north", "zhang", "+44 20")
SORTED_BY = ("organization", "title", "email", "phone")
# (typed, sort) of the keystrokes timed with the list in another order: short
# prefixes in each; a company's name, a title and a country's phone prefix, with
# the list sorted by that column (their matches all sort together, deep in it).
DEEP_IN_ORDER = {
    "organization": ("north", "zenith"),
    "title": ("director",),
    "phone": ("+44 20",),
}
SORTED_SEARCHES = tuple(
    (typed, sort) for sort in SORTED_BY for typed in ("m", "mar", *DEEP_IN_ORDER.get(sort, ()))
)
CARD_ID = 4242
REACH_OUT_PAGE = 100  # ReachOutTableModel.PAGE_SIZE
SHORT_LIST = 15  # the reach-out screen's "Each week" capacity
OVERDUE_LIMIT = 100  # review_view.OVERDUE_LIMIT
REVIEW_SHOWN = 12  # review_view.SHOWN_PER_SECTION: replies and follow-ups it opens with
SUGGESTIONS = 20  # articles_view.SUGGESTIONS
AWAY_DAYS = 45  # "back after six weeks": the reach-out rows measured again then


@dataclass(frozen=True)
class Measure:
    name: str
    budget: r.Budget
    floor_is: str
    prm: Callable[[object], object]  # session -> result
    floor: Callable[[object], object] | None = None
    repeat: int = 7


def _an_email(session) -> str:
    row = (
        session.connection()
        .exec_driver_sql("SELECT value FROM contact_email ORDER BY contact_id LIMIT 1 OFFSET 500")
        .fetchone()
    )
    return row[0] if row else "someone@example.com"


def _filters(session) -> list[tuple[str, dict]]:
    """Reach out's filters as a user picks them: the tier most people have, and the
    tag most people carry."""
    conn = session.connection()
    tier = conn.exec_driver_sql(
        "SELECT cadence_tier_id FROM contact WHERE cadence_tier_id IS NOT NULL"
        " GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    ).scalar()
    tag = conn.exec_driver_sql(
        "SELECT t.name FROM tag t JOIN contact_tag ct ON ct.tag_id = t.id"
        " GROUP BY t.id ORDER BY count(*) DESC LIMIT 1"
    ).scalar()
    found = [("a tier", {"tier_id": tier})] if tier else []
    found += [("a tag", {"tag": tag})] if tag else []
    return found + [(f"a tag on 1 in {SMALL_TAG_SHARE}", {"tag": SMALL_TAG})]


# A tag few carry (a club, a past employer): Reach out filtered by it finds its people
# one by one, or walks every target testing each entry (rhythm_sql.read_tag_first).
SMALL_TAG = "Golf"
SMALL_TAG_SHARE = 200


def seed_small_tag(store) -> None:
    """SMALL_TAG on every SMALL_TAG_SHARE-th contact (once per store), searchable by it
    as the app would have made it."""
    with store.reading() as session:
        if (
            session.connection()
            .exec_driver_sql("SELECT 1 FROM tag WHERE name = ?", (SMALL_TAG,))
            .first()
        ):
            return
    tagged = f"SELECT id FROM contact WHERE id % {SMALL_TAG_SHARE} = 7"
    with store.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO tag (name) VALUES (?)", (SMALL_TAG,))
        conn.exec_driver_sql(
            "INSERT INTO contact_tag (contact_id, tag_id)"
            f" SELECT c.id, t.id FROM ({tagged}) c, tag t WHERE t.name = ?",
            (SMALL_TAG,),
        )
        conn.exec_driver_sql(
            f"UPDATE contact_fts SET body = body || ' ' || ? WHERE rowid IN ({tagged})",
            (SMALL_TAG,),
        )
        conn.exec_driver_sql(
            "INSERT OR IGNORE INTO derived_search_term(term) VALUES (?)", (SMALL_TAG.lower(),)
        )


def _an_article(session) -> int:
    row = session.connection().exec_driver_sql("SELECT min(id) FROM article").fetchone()
    return row[0] or 0


def measures(session, positions: ListPositions) -> list[Measure]:
    """Every read the benchmark times, in report order. ``positions``: the store's
    list positions, as the contact list keeps them."""
    now, zone = CLOCK.now(), UTC
    today = now.date()
    away = now + timedelta(days=AWAY_DAYS)
    d = floors.DESCRIBE
    out = [
        Measure(
            "list: all ids + first page",
            r.START_UP_PART,
            d["list"],
            lambda s: load_contact_list(s, positions=positions),
            floors.list_page,
        )
    ]
    for typed in (*KEYSTROKES, _an_email(session)):
        label = "an email" if "@" in typed else repr(typed)
        out.append(
            Measure(
                f"search keystroke {label}",
                r.KEYSTROKE,
                d["keystroke"],
                # What the user waits for: the first page; the rest follows (row below).
                # The store's total is the one counted when the list loaded, as the
                # view passes it while the user types.
                lambda s, t=typed: load_contact_list(
                    s, query=t, first_page_only=True, total=0, positions=positions
                ),
                lambda s, t=typed: floors.keystroke(s, t),
            )
        )
    # The list sorted by another header: loaded whole (its positions kept), then the
    # same first pages, from that column's index or ranked by those positions.
    # (The total is the one counted after the last change, as the view passes it.)
    for sort in SORTED_BY:
        out.append(
            Measure(
                f"list sorted by {sort}: all ids (after a header click)",
                r.BACKGROUND,
                d["list"],
                lambda s, k=sort: load_contact_list(s, sort=k, positions=positions),
                floors.list_page,
            )
        )
        out += [
            Measure(
                f"search keystroke {typed!r}, sorted by {sort}",
                r.KEYSTROKE,
                d["keystroke"],
                lambda s, t=typed, k=sort: load_contact_list(
                    s, query=t, sort=k, first_page_only=True, total=0, positions=positions
                ),
                lambda s, t=typed: floors.keystroke(s, t),
            )
            for typed, by in SORTED_SEARCHES
            if by == sort
        ]
    out.append(
        Measure(
            "search 'm': every match + exact count",
            r.BACKGROUND,
            d["keystroke"],
            lambda s: load_contact_list(s, query="m", positions=positions),
            lambda s: floors.keystroke(s, "m"),
        )
    )

    def screen(s, capacity, when=now, **within):
        # As the view asks: everyone's first rows without the counts, which follow.
        return reach_out_screen.reach_out_screen(
            s,
            now=when,
            zone=zone,
            limit=REACH_OUT_PAGE,
            capacity=capacity,
            count_later=True,
            **within,
        )

    def weekly(when, suffix: str = "") -> list[Measure]:
        """The short list and the sidebar badge, as the week of ``when`` has them."""
        return [
            Measure(
                f"reach-out short list ({SHORT_LIST}/week){suffix}",
                r.SECTION,
                d["reach_out"],
                lambda s: screen(s, SHORT_LIST, when),
                lambda s: floors.reach_out(s, SHORT_LIST),
            ),
            Measure(
                f"reach-out count (sidebar badge){suffix}",
                r.SECTION,
                d["reach_out"],
                lambda s: reach_out_week.needing_attention(s, now=when, zone=zone),
                lambda s: floors.reach_out(s, REACH_OUT_PAGE),
            ),
        ]

    article = _an_article(session)
    out += [
        Measure(
            "reach-out first page (all, ranked)",
            r.REACH_OUT_PAGE,
            d["reach_out"],
            lambda s: screen(s, None),
            lambda s: floors.reach_out(s, REACH_OUT_PAGE),
        ),
        Measure(
            f"reach-out first page (all, ranked), a tag on 1 in {SMALL_TAG_SHARE}",
            r.REACH_OUT_PAGE,
            d["reach_out"],
            lambda s: screen(s, None, tag=SMALL_TAG),
            lambda s: floors.reach_out(s, REACH_OUT_PAGE),
        ),
        Measure(
            "reach-out counts and thank-yous (after everyone's first page)",
            r.BACKGROUND,
            d["reach_out"],
            lambda s: reach_out_screen.reach_out_counts(s, now=now, zone=zone),
            lambda s: floors.reach_out(s, REACH_OUT_PAGE),
        ),
        *weekly(now),
        # Back after six weeks without logging a touch: nearly everyone is past their
        # rhythm, and every count of them is as long as the book.
        *weekly(away, f", {AWAY_DAYS} days without a touch"),
        # The screen's filters: a tier (its own people), a tag (a tenth of the book),
        # a tag few carry.
        *(
            Measure(
                f"reach-out short list ({SHORT_LIST}/week) and counts, {label}",
                r.SECTION,
                d["reach_out"],
                lambda s, f=within: screen(s, SHORT_LIST, **f),
                lambda s: floors.reach_out(s, SHORT_LIST),
            )
            for label, within in _filters(session)
        ),
        Measure(
            "weekly review",
            r.SECTION,
            d["review"],
            lambda s: review.weekly_review(
                s,
                now=now,
                zone=zone,
                overdue_limit=OVERDUE_LIMIT,
                replies_limit=REVIEW_SHOWN,
                follow_ups_limit=REVIEW_SHOWN,
                count_later=True,  # as the screen: the exact totals follow (next row)
            ),
            lambda s: floors.review(s, now),
            repeat=3,
        ),
        Measure(
            "weekly review: exact totals",
            r.BACKGROUND,
            d["review"],
            lambda s: review.review_totals(s, now=now, zone=zone),
            lambda s: floors.review(s, now),
            repeat=3,
        ),
    ]
    for days in (7, 30, 90):
        out.append(
            Measure(
                # What the screen waits for: the first week and the exact total (the
                # other weeks load as the user scrolls to them, one ``next_page`` each).
                f"upcoming, next {days} days",
                r.SECTION,
                d["upcoming"],
                lambda s, n=days: upcoming_pages.first_page(s, today=today, days=n),
                lambda s, n=days: floors.upcoming(s, today, n),
                repeat=3,
            )
        )
    out += [
        Measure(
            "upcoming, next 90 days: the next week (scrolling)",
            r.SECTION,
            d["upcoming"],
            lambda s: upcoming_pages.next_page(
                s, today=today, after=today + timedelta(days=6), last=today + timedelta(89), total=0
            ),
            lambda s: floors.upcoming(s, today, 7),
            repeat=3,
        ),
        Measure(
            "upcoming count (sidebar badge)",
            r.SECTION,
            d["upcoming"],
            lambda s: upcoming_pages.week_count(s, today=today),
            lambda s: floors.upcoming(s, today, 7),
            repeat=3,
        ),
        Measure(
            "gifts section",
            r.SECTION,
            d["gifts"],
            lambda s: gifts.gifts_overview(s, today=today),
            lambda s: floors.gifts(s, today, gifts.UPCOMING_DAYS),
        ),
        Measure(
            "articles: suggested readers",
            r.SECTION,
            d["readers"],
            lambda s: article_shares.article_people(
                s, article_id=article, now=now, zone=zone, limit=SUGGESTIONS
            ),
            lambda s: floors.readers(s, article, SUGGESTIONS),
            repeat=3,
        ),
        Measure(
            "meetings section (list + stats)",
            r.SECTION,
            d["meetings"],
            lambda s: meeting_history.meetings_screen(s),
            floors.meetings,
        ),
        Measure(
            f"timeline, contact with {HEAVY_CONTACT_TOUCHES:,}+ touches",
            r.SECTION,
            d["timeline"],
            lambda s: timeline.contact_timeline(s, contact_id=1),
            lambda s: floors.timeline(s, 1),
        ),
        Measure(
            "open one contact card",
            r.SECTION,
            d["card"],
            lambda s: contact_cards.contact_card(s, contact_id=CARD_ID),
            lambda s: floors.card(s, CARD_ID),
        ),
        Measure(
            "Advocates: every list (ranked, overdue, not asked, load, thank-yous, dormant)",
            r.SECTION,
            "",
            lambda s: advocacy_lists.advocates_lists(s, now=now, zone=zone),
            None,
        ),
        Measure(
            "value screen: ranked, first 100, with breakdowns",
            r.SECTION,
            "",
            lambda s: advocacy_value.ranked(s, today=today, limit=100),
            None,
        ),
        Measure(
            "Home: every list's rows (the first screen)",
            r.SECTION,
            "",
            lambda s: home.home_lists(s, now=now, zone=zone, capacity=SHORT_LIST),
            None,
        ),
        Measure(
            # As the review's exact totals: Home shows its rows first, these after.
            "Home: the totals of lists longer than shown",
            r.BACKGROUND,
            "",
            lambda s: home.count_lists(
                s, home.home_lists(s, now=now, zone=zone, capacity=SHORT_LIST), today=today
            ),
            None,
        ),
        Measure(
            "Home: the four charts",
            r.SECTION,
            "",
            lambda s: home.home_charts(s, now=now, zone=zone),
            None,
        ),
        Measure(
            "Duplicates screen first page",
            r.SECTION,
            "",
            lambda s: duplicates_page(s),
            None,
        ),
    ]
    return out


def travel_measures(trip_id: int) -> list[Measure]:
    """Issue 19: the trip plan (budget 200 ms) and reach now (a section's 100 ms)."""
    from benchmarks import travel_bench

    fns = travel_bench.measures(trip_id)
    return [
        Measure(name, r.TRIP_PLAN if name == travel_bench.PLAN else r.SECTION, "", fn, None)
        for name, fn in fns.items()
    ]


LOG_TOUCH = "log a touch (commit)"
REFIND = "Duplicates re-find after one contact edit (commit + refresh + first page)"
FULL_SEARCH = "Duplicates full search, stored (first run only, in the background)"


def core_timings(store, quick: bool = False) -> dict[str, tuple[r.Budget, str, r.Figure]]:
    """name -> (budget, what the floor is, figure) for one open store."""
    results: dict[str, tuple[r.Budget, str, r.Figure]] = {}
    start = time.perf_counter()
    with store.transaction() as session:  # first run after the migration: the full search
        stale = candidates.is_stale(session)
        candidates.ensure_fresh(session)
    if stale:
        ms = (time.perf_counter() - start) * 1000
        results[FULL_SEARCH] = (r.DUPLICATES, "", r.Figure(ms, None))
    # The Advocates rows need ledgers as a consultant's look (once per store), and the
    # kept value points (rebuilt once after the migration, as the app does on first use).
    from benchmarks.advocacy_bench import seed_ledgers

    seed_ledgers(store)
    with store.transaction() as session:
        advocacy_stored.ensure_fresh(session)
    from benchmarks import travel_bench

    trip_id = travel_bench.seed_trip(store)
    seed_small_tag(store)
    with store.reading() as session:
        for m in measures(session, store.list_positions) + travel_measures(trip_id):
            repeat = min(m.repeat, 3) if quick else m.repeat
            prm = timed(lambda m=m: m.prm(session), repeat=repeat)
            floor = timed(lambda m=m: m.floor(session), repeat=repeat) if m.floor else None
            results[m.name] = (m.budget, m.floor_is, r.Figure(prm, floor))
    prm = timed(lambda: _log_one(store), repeat=5 if quick else 15)
    floor = timed(lambda: floors.log_touch(store, CARD_ID), repeat=5 if quick else 15)
    results[LOG_TOUCH] = (r.LOG_TOUCH, floors.DESCRIBE["log_touch"], r.Figure(prm, floor))
    prm = timed(lambda: _edit_one_and_refind(store), repeat=3 if quick else 7)
    results[REFIND] = (r.SECTION, "", r.Figure(prm, None))
    prm, floor = _searched_after_changes(store, repeat=3 if quick else 7)
    results[SEARCH_AFTER_CHANGES] = (
        r.KEYSTROKE,
        floors.DESCRIBE["keystroke"],
        r.Figure(prm, floor),
    )
    return results


# Contacts changed (by a sync, an import) between the list's load and a search.
CHANGED = 1000
SEARCH_AFTER_CHANGES = (
    f"search keystroke 'north', sorted by organization, {CHANGED:,} contacts changed since"
    " the list loaded"
)


def _searched_after_changes(store, repeat: int) -> tuple[float, float]:
    """The ranked first page when many contacts moved since the list was read: those
    are sorted with it in SQL. Written as another program would (no change channel,
    so nothing derived is marked stale), and undone after: the stores are reused."""
    positions = store.list_positions
    with store.reading() as session:
        load_contact_list(session, sort="organization", positions=positions)
    some = f"SELECT id FROM contact WHERE deleted_at IS NULL ORDER BY id LIMIT {CHANGED}"
    with store.engine.begin() as conn:
        conn.exec_driver_sql(
            f"UPDATE contact SET organization = organization || ' ' WHERE id IN ({some})"
        )
    try:
        with store.reading() as session:
            prm = timed(
                lambda: load_contact_list(
                    session,
                    query="north",
                    sort="organization",
                    first_page_only=True,
                    total=0,
                    positions=positions,
                ),
                repeat=repeat,
            )
            floor = timed(lambda: floors.keystroke(session, "north"), repeat=repeat)
    finally:
        with store.engine.begin() as conn:
            conn.exec_driver_sql(
                "UPDATE contact SET organization = substr(organization, 1, length(organization) - 1)"
                f" WHERE id IN ({some})"
            )
    return prm, floor


def _edit_one_and_refind(store) -> None:
    """A family name edited (so its pairs change), then the screen read again."""
    with store.transaction() as session:
        contact = session.get(Contact, CARD_ID)
        name = contact.family_name
        contact.family_name = name[:-1] if name.endswith("e") else name + "e"
    with store.transaction() as session:
        duplicates_screen(session)


def _log_one(store) -> None:
    with store.transaction() as session:
        log_touch(session, draft=TouchDraft([CARD_ID], "call", summary="benchmark"), clock=CLOCK)
