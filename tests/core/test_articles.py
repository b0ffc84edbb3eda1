"""The article library, who it would help, and sharing it (never the same one twice)."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest

from prm.core import article_readers, article_shares, articles, contacts, touches
from prm.core.article_readers import suggest_readers
from prm.core.articles import ArticleDraft
from prm.core.drafts import ContactDraft
from prm.core.errors import AmbiguousError, ValidationError
from prm.core.models import Contact
from prm.core.timeline import contact_timeline
from prm.core.touches import TouchDraft

CLIENTS, INNER = 2, 1  # seeded tiers: every 30 days (overdue at 45), every 14 (21)


def person(store, clock, name, *interests, **fields) -> int:
    draft = ContactDraft(given_name=name, interests=list(interests), **fields)
    with store.transaction() as session:
        return contacts.create_contact(session, draft=draft, clock=clock).id


def touch(store, clock, cid, days_ago):
    draft = TouchDraft([cid], "call", occurred_at=clock.now() - timedelta(days=days_ago))
    with store.transaction() as session:
        touches.log_touch(session, draft=draft, clock=clock)


def add(store, clock, title="Supply chains after AI", url="https://hbr.org/ai-supply", **fields):
    draft = ArticleDraft(title=title, url=url, **{"topics": ["supply chain", "AI"], **fields})
    with store.transaction() as session:
        return articles.add_article(session, draft=draft, clock=clock).id


def suggested(store, clock, article_id, **kw):
    with store.reading() as session:
        return suggest_readers(session, article_id=article_id, now=clock.now(), zone=UTC, **kw)


def share(store, clock, article_id, ids, **kw):
    with store.transaction() as session:
        return article_shares.share_article(
            session,
            article_id=article_id,
            contact_ids=ids,
            channel=kw.pop("channel", "email"),
            at=kw.pop("at", None),
            clock=clock,
            **kw,
        )


# --- validation ----------------------------------------------------------------


def test_every_problem_is_named_at_once_and_31_february_is_not_a_date():
    with pytest.raises(ValidationError) as caught:
        ArticleDraft(title="  ", url="not a url", published_on="2026-02-31").cleaned()
    assert set(caught.value.errors) == {"title", "url", "published_on"}
    assert "not a web address" in caught.value.errors["url"]
    assert caught.value.errors["published_on"] == "2026-02-31 is not a real date"


def test_cleaning_normalises_url_date_and_topics():
    clean = ArticleDraft(
        title=" The  piece ",
        url="Example.COM/Read#top",
        published_on="2026-3-5",
        topics=["AI", " ai ", "Supply  chain", ""],
    ).cleaned()
    assert (clean.title, clean.url, clean.published_on) == (
        "The piece",
        "https://example.com/Read",
        "2026-03-05",
    )
    assert clean.topics == ["AI", "Supply chain"]


def test_a_date_without_a_year_is_refused():
    with pytest.raises(ValidationError) as caught:
        ArticleDraft(title="T", url="example.com", published_on="03-05").cleaned()
    assert "year" in caught.value.errors["published_on"]


def test_the_same_page_twice_names_the_article_already_filed(store, clock):
    add(store, clock, title="First", url="https://www.hbr.org/ai-supply/")
    with pytest.raises(ValidationError) as caught:
        add(store, clock, title="Again", url="http://hbr.org/ai-supply")
    assert caught.value.errors["url"] == "Already in the library as “First”."


def test_editing_an_article_keeps_its_own_url_and_replaces_topics(store, clock):
    aid = add(store, clock)
    draft = ArticleDraft(title="Renamed", url="https://hbr.org/ai-supply", topics=["pricing"])
    with store.transaction() as session:
        articles.update_article(session, article_id=aid, draft=draft, clock=clock)
    with store.reading() as session:
        [row] = articles.list_articles(session)
    assert (row.title, row.topics) == ("Renamed", ("pricing",))


def test_search_trash_and_restore(store, clock):
    first = add(store, clock)
    add(store, clock, title="Jazz and negotiation", url="example.com/jazz", topics=["jazz"])
    with store.reading() as session:
        assert [r.title for r in articles.list_articles(session, query="JAZZ")] == [
            "Jazz and negotiation"
        ]
        assert [r.id for r in articles.list_articles(session, query="supply")] == [first]
    with store.transaction() as session:
        articles.trash_article(session, article_id=first, clock=clock)
    with store.reading() as session:
        assert [r.id for r in articles.list_articles(session, trashed=True)] == [first]
        assert len(articles.list_articles(session)) == 1
    with store.transaction() as session:
        articles.restore_article(session, article_id=first)
    with store.reading() as session:
        assert len(articles.list_articles(session)) == 2


def test_resolving_by_id_url_or_unique_title_fragment(store, clock):
    aid = add(store, clock)
    add(store, clock, title="Supply chains, part two", url="example.com/two")
    with store.reading() as session:
        assert articles.resolve_article(session, ref=f"#{aid}").id == aid
        assert articles.resolve_article(session, ref="hbr.org/ai-supply/").id == aid
        assert articles.resolve_article(session, ref="after ai").id == aid
        with pytest.raises(AmbiguousError):
            articles.resolve_article(session, ref="supply chains")


# --- who would this help ---------------------------------------------------------


@pytest.fixture(params=["scored", "walked"])
def ranking_path(request, monkeypatch):
    """Few matches are scored one by one; many are found by walking the rhythm index.
    Both must rank alike."""
    if request.param == "walked":
        monkeypatch.setattr(article_readers, "_DENSE", 0)


def test_interests_match_whatever_the_case_or_spacing(store, clock, ranking_path):
    aid = add(store, clock)
    ann = person(store, clock, "Ann", "Supply Chain")
    bob = person(store, clock, "Bob", "ai", "supplychain")
    person(store, clock, "Cy", "jazz")
    rows = {r.contact_id: r for r in suggested(store, clock, aid)}
    assert set(rows) == {ann, bob}
    assert rows[ann].matched_topics == ("Supply Chain",)
    assert set(rows[bob].matched_topics) == {"ai", "supplychain"}


def test_most_overdue_first_then_no_cadence_by_overlap(store, clock, ranking_path):
    aid = add(store, clock)
    fresh = person(store, clock, "Fresh", "AI", cadence_tier_id=CLIENTS)
    late = person(store, clock, "Late", "AI", cadence_tier_id=INNER)
    loose_one = person(store, clock, "LooseOne", "AI")
    loose_two = person(store, clock, "LooseTwo", "AI", "supply chain")
    clock.advance(days=60)
    touch(store, clock, fresh, 20)  # 20/30 = 0.67
    touch(store, clock, late, 15)  # 15/14 = 1.07
    rows = suggested(store, clock, aid)
    assert [r.contact_id for r in rows] == [late, fresh, loose_two, loose_one]
    assert (rows[0].days_since, rows[0].target_days, rows[0].status) == (15, 14, "due")
    assert rows[2].target_days is None and rows[2].days_since == 60


def test_trashed_snoozed_and_those_who_got_it_are_left_out(store, clock, ranking_path):
    aid = add(store, clock)
    gone = person(store, clock, "Gone", "AI")
    sleepy = person(store, clock, "Sleepy", "AI")
    had_it = person(store, clock, "HadIt", "AI")
    keen = person(store, clock, "Keen", "AI")
    with store.transaction() as session:
        contacts.trash_contacts(session, ids=[gone], clock=clock)
        session.get(Contact, sleepy).snoozed_until = clock.now().date() + timedelta(days=3)
    share(store, clock, aid, [had_it])
    assert [r.contact_id for r in suggested(store, clock, aid)] == [keen]
    assert {r.contact_id for r in suggested(store, clock, aid, include_snoozed=True)} == {
        keen,
        sleepy,
    }


def test_an_article_without_matching_interests_helps_nobody(store, clock):
    aid = add(store, clock, topics=["origami"])
    person(store, clock, "Ann", "AI")
    assert suggested(store, clock, aid) == []


# --- sharing -----------------------------------------------------------------


def test_sharing_logs_one_article_touch_for_everyone_and_moves_their_last_touch(store, clock):
    aid = add(store, clock)
    ann, bob = person(store, clock, "Ann", "AI"), person(store, clock, "Bob", "AI")
    clock.advance(days=10)
    shares = share(store, clock, aid, [ann, bob], channel="social", response="Loved it")
    assert len(shares) == 2 and shares[0].touch_id == shares[1].touch_id
    with store.reading() as session:
        touch_row = touches.get_touch(session, touch_id=shares[0].touch_id)
        assert (touch_row.channel, touch_row.summary) == ("article", "Supply chains after AI")
        assert [p.contact_id for p in touch_row.participants] == [ann, bob]
        assert session.get(Contact, ann).last_touch_at == clock.now()
        log = article_shares.share_log(session, article_id=aid)
    assert [(r.name, r.channel, r.response) for r in log] == [
        ("Ann", "social", "Loved it"),
        ("Bob", "social", "Loved it"),
    ]


def test_already_shared_says_who_and_when(store, clock):
    aid = add(store, clock)
    ann, bob = person(store, clock, "Ann", "AI"), person(store, clock, "Bob", "AI")
    share(store, clock, aid, [ann])
    with store.reading() as session:
        assert article_shares.already_shared(session, article_id=aid, contact_ids=[ann, bob]) == {
            ann: clock.now()
        }


def test_a_bad_channel_or_a_trashed_article_is_refused(store, clock):
    aid = add(store, clock)
    ann = person(store, clock, "Ann", "AI")
    with pytest.raises(ValidationError) as caught:
        share(store, clock, aid, [ann], channel="pigeon")
    assert "channel" in caught.value.errors
    with store.transaction() as session:
        articles.trash_article(session, article_id=aid, clock=clock)
    with pytest.raises(ValidationError):
        share(store, clock, aid, [ann])


def test_withdrawing_a_share_puts_last_touch_back_and_redo_restores_it(store, clock):
    aid = add(store, clock)
    ann = person(store, clock, "Ann", "AI")
    [shared] = share(store, clock, aid, [ann])
    with store.transaction() as session:
        records = article_shares.withdraw_share(session, touch_id=shared.touch_id, clock=clock)
    with store.reading() as session:
        assert session.get(Contact, ann).last_touch_at is None
        assert article_shares.share_log(session, article_id=aid) == []
    assert [r.contact_id for r in suggested(store, clock, aid)] == [ann]
    with store.transaction() as session:
        article_shares.reinstate_share(session, touch_id=shared.touch_id, records=records)
    assert suggested(store, clock, aid) == []
    with store.reading() as session:
        assert session.get(Contact, ann).last_touch_at == shared.shared_at


def test_set_response_is_kept_on_the_share_and_shown_on_the_timeline(store, clock):
    aid = add(store, clock)
    ann = person(store, clock, "Ann", "AI")
    [shared] = share(store, clock, aid, [ann])
    with store.transaction() as session:
        article_shares.set_response(session, share_id=shared.id, response=" Forwarded to her team ")
    with store.reading() as session:
        [entry] = contact_timeline(session, contact_id=ann)
    assert entry.notes == "Forwarded to her team"


# --- one timeline ------------------------------------------------------------


def test_the_timeline_shows_the_article_once_among_touches_newest_first(store, clock):
    aid = add(store, clock)
    ann, bob = person(store, clock, "Ann", "AI"), person(store, clock, "Bob", "AI")
    touch(store, clock, ann, 5)
    [shared, _] = share(store, clock, aid, [ann, bob], at=clock.now() - timedelta(days=2))
    touch(store, clock, ann, 1)
    with store.reading() as session:
        entries = contact_timeline(session, contact_id=ann)
        assert [e.kind for e in contact_timeline(session, contact_id=ann, limit=2)] == [
            "touch",
            "article",
        ]
    assert [e.kind for e in entries] == ["touch", "article", "touch"]
    article = entries[1]
    assert (article.id, article.summary, article.channel, article.touch_id) == (
        shared.id,
        "Supply chains after AI",
        "email",
        shared.touch_id,
    )
    assert article.with_names == ("Bob",)
    assert all(e.id != shared.touch_id for e in entries if e.kind == "touch")
