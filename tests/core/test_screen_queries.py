"""What screens ask core for: small typed answers, never ORM rows (issue 12, item 4)."""

from __future__ import annotations

import pytest

from prm.core import article_shares, articles, contact_list, contacts
from prm.core.articles import ArticleDraft
from prm.core.drafts import ContactDraft


def person(store, clock, name, **fields) -> int:
    with store.transaction() as session:
        return contacts.create_contact(
            session, draft=ContactDraft(given_name=name, **fields), clock=clock
        ).id


def test_article_of_share_names_the_article_or_none_when_the_share_is_gone(store, clock):
    ann = person(store, clock, "Ann")
    with store.transaction() as session:
        article = articles.add_article(
            session, draft=ArticleDraft(title="On rhythm", url="https://example.com/r"), clock=clock
        )
        shares = article_shares.share_article(
            session, article_id=article.id, contact_ids=[ann], channel="email", at=None, clock=clock
        )
        article_id, share_id = article.id, shares[0].id
    with store.reading() as session:
        assert article_shares.article_of_share(session, share_id=share_id) == article_id
        assert article_shares.article_of_share(session, share_id=share_id + 999) is None


def test_live_names_keep_the_order_given_and_skip_the_trashed_and_missing(store, clock):
    ann, bob, cat = (person(store, clock, n) for n in ("Ann", "Bob", "Cat"))
    with store.transaction() as session:
        contacts.trash_contacts(session, ids=[bob], clock=clock)
    with store.reading() as session:
        names = contacts.live_names(session, ids=[cat, bob, 12345, ann, cat])
    assert names == [contacts.ContactName(cat, "Cat"), contacts.ContactName(ann, "Ann")]


def test_tag_names_are_sorted_without_regard_to_case(store, clock):
    person(store, clock, "Ann", tags=["vip", "Client", "alumni"])
    with store.reading() as session:
        assert contacts.tag_names(session) == ["alumni", "Client", "vip"]


def test_a_picker_page_stops_at_its_limit_in_address_book_order(store, clock):
    for name in ("Cy", "Al", "Bo", "Di"):
        person(store, clock, name, family_name="Smith")
    with store.reading() as session:
        everyone = contact_list.list_contact_ids(session, query="smith")
        assert contact_list.list_contact_ids(session, query="smith", limit=2) == everyone[:2]
        assert [
            name for _id, name, _org in contact_list.pick_list(session, query="smith", limit=3)
        ] == [
            "Al Smith",
            "Bo Smith",
            "Cy Smith",
        ]


# --- cadence settings ------------------------------------------------------------------


def test_cadence_settings_list_tiers_in_order_and_every_tag(store, clock):
    from prm.core import cadence

    person(store, clock, "Ann", tags=["VIP", "alumni"])
    with store.reading() as session:
        settings = cadence.cadence_settings(session)
    assert [t.name for t in settings.tiers][:2] == ["Inner circle", "Clients"]
    assert all(isinstance(t, cadence.TierSetting) for t in settings.tiers)
    assert {t.tag: t.tier_id for t in settings.tags} == {"VIP": None, "alumni": None}


def test_saving_cadence_settings_is_all_or_nothing_with_every_problem_named(store, clock):
    from prm.core import cadence
    from prm.core.errors import ValidationError

    ann = person(store, clock, "Ann", tags=["VIP"])
    with store.reading() as session:
        tiers = {t.name: t for t in cadence.tier_settings(session)}
    inner, clients, network = tiers["Inner circle"], tiers["Clients"], tiers["Network"]
    bad = [
        cadence.TierSetting(clients.id, "Clients", 20, 10),
        cadence.TierSetting(network.id, "inner CIRCLE", 60, 90),
    ]
    with pytest.raises(ValidationError) as caught, store.transaction() as session:
        cadence.save_cadence_settings(session, tiers=bad, tags=[cadence.TagTier("VIP", inner.id)])
    assert set(caught.value.errors) == {f"tier:{clients.id}:max_days", f"tier:{network.id}:name"}
    with store.reading() as session:
        assert cadence.tier_settings(session) == list(tiers.values())
        assert cadence.tag_tiers(session) == {"VIP": None}

    with store.transaction() as session:
        cadence.save_cadence_settings(
            session,
            tiers=[cadence.TierSetting(inner.id, "Inner circle", 7, 10)],
            tags=[cadence.TagTier("VIP", inner.id)],
        )
    with store.reading() as session:
        contact = contacts.get_contact(session, contact_id=ann)
        assert (contact.cadence_target_days, contact.cadence_max_days) == (7, 10)  # follows at once


# --- editors ------------------------------------------------------------------------------


def test_contact_name_and_touch_contact_answer_for_one_contact(store, clock):
    from prm.core import touches
    from prm.core.errors import NotFoundError

    ann = person(store, clock, "Ann", preferred_channel="email")
    bob = person(store, clock, "Bob")
    with store.transaction() as session:
        contacts.trash_contacts(session, ids=[bob], clock=clock)
    with store.reading() as session:
        assert (
            contacts.contact_name(session, contact_id=bob) == "Bob"
        )  # a trashed referrer still has a name
        assert touches.touch_contact(session, contact_id=ann) == touches.TouchContact(
            ann, "Ann", "email", False
        )
        assert touches.touch_contact(session, contact_id=bob) == touches.TouchContact(
            bob, "Bob", "", True
        )
        with pytest.raises(NotFoundError):
            touches.touch_contact(session, contact_id=bob + 100)
        with pytest.raises(NotFoundError):
            contacts.contact_name(session, contact_id=bob + 100)


def test_touch_draft_names_the_participants_in_order(store, clock):
    from prm.core import touches

    ann, bob = person(store, clock, "Ann"), person(store, clock, "Bob")
    with store.transaction() as session:
        touch_id = touches.log_touch(
            session, draft=touches.TouchDraft([bob, ann], "call", summary="Catch-up"), clock=clock
        ).id
    with store.reading() as session:
        draft = touches.touch_draft(session, touch_id=touch_id)
    assert (draft.contact_ids, draft.contact_names, draft.summary) == (
        [bob, ann],
        ["Bob", "Ann"],
        "Catch-up",
    )


def test_a_gift_to_edit_comes_with_what_they_like(store, clock):
    from prm.core import gifts

    ann = person(store, clock, "Ann", pref_coffee="flat white", pref_dietary="vegetarian")
    with store.transaction() as session:
        gift_id = gifts.add_gift(
            session, draft=gifts.GiftDraft(contact_id=ann, description="Beans"), clock=clock
        ).id
    with store.reading() as session:
        found = gifts.gift_to_edit(session, gift_id=gift_id)
        alone = gifts.gift_preferences(session, contact_id=ann)
    assert (found.gift.id, found.gift.description, found.gift.contact_name) == (
        gift_id,
        "Beans",
        "Ann",
    )
    assert (
        found.preferences
        == alone
        == gifts.GiftPreferences("Ann", "flat white", "", "vegetarian", "")
    )


def test_an_event_to_edit_comes_with_whose_it_is(store, clock):
    from prm.core import events

    ann = person(store, clock, "Ann")
    draft = events.EventDraft(
        contact_id=ann, kind="conference", title="Expo", start_date="2030-05-02"
    )
    with store.transaction() as session:
        event_id = events.add_event(
            session, draft=draft, clock=clock, default_zone="Europe/Paris"
        ).id
    with store.reading() as session:
        found = events.event_to_edit(session, event_id=event_id)
    assert (found.contact_name, found.draft.title, found.draft.contact_id) == ("Ann", "Expo", ann)


def test_meeting_details_are_plain_values(store, clock):
    from prm.core import meeting_history, meetings
    from prm.core.meetings import AgendaDraft, MeetingDraft, MeetingSummary

    ann = person(store, clock, "Ann")
    draft = MeetingDraft(
        [ann], title="Kick-off", length_minutes=30, items=[AgendaDraft("Status", 30)]
    )
    with store.transaction() as session:
        meeting = meetings.start_meeting(session, draft=draft, clock=clock)
        meeting_id, timer = meeting.id, meetings.saved_timer(meeting)
    with store.transaction() as session:
        meetings.end_meeting(
            session,
            meeting_id=meeting_id,
            timer=timer,
            summary=MeetingSummary(outcomes="Go"),
            clock=clock,
        )
    with store.reading() as session:
        details = meeting_history.meeting_details(session, meeting_id=meeting_id)
    assert (details.title, details.attendees, details.outcomes) == ("Kick-off", ("Ann",), "Go")
    assert [(i.title, i.planned_seconds) for i in details.items] == [("Status", 30 * 60)]
    assert all(isinstance(p, meeting_history.PauseSpan) for p in details.pauses)


# --- section screens ----------------------------------------------------------------------


def test_reach_out_screen_has_rows_badge_and_filter_choices(store, clock):
    from datetime import UTC

    from prm.core import reach_out_screen, reach_out_week

    person(store, clock, "Ann", tags=["VIP"], cadence_tier_id=2)
    with store.reading() as session:
        screen = reach_out_screen.reach_out_screen(session, now=clock.now(), zone=UTC, limit=10)
    assert [r.name for r in screen.rows] == ["Ann"]
    with store.reading() as session:
        badge = reach_out_week.needing_attention(session, now=clock.now(), zone=UTC)
    assert screen.needing_attention == badge and screen.tags == ("VIP",)
    assert all(isinstance(t, reach_out_screen.TierFilter) and t.target_days for t in screen.tiers)


def test_meetings_screen_filters_the_table_not_the_chart(store, clock):
    from prm.core import meeting_history

    person(store, clock, "Ann")
    with store.reading() as session:
        screen = meeting_history.meetings_screen(session, contact_id=1)
    assert (screen.rows, screen.shown) == ([], [])
    assert isinstance(screen.stats, meeting_history.MeetingStats)


def test_article_library_tells_an_empty_library_from_a_search_without_hits(store, clock):
    with store.reading() as session:
        assert articles.article_library(session, query="ai") == articles.ArticleLibrary([], False)
    with store.transaction() as session:
        articles.add_article(
            session, draft=ArticleDraft(title="On rhythm", url="https://e.com/r"), clock=clock
        )
    with store.reading() as session:
        assert articles.article_library(session, query="zzz") == articles.ArticleLibrary([], True)
        assert [r.title for r in articles.article_library(session).rows] == ["On rhythm"]


def test_article_people_are_the_suggestions_and_the_share_log(store, clock):
    from datetime import UTC

    ann = person(store, clock, "Ann")
    with store.transaction() as session:
        article_id = articles.add_article(
            session, draft=ArticleDraft(title="On rhythm", url="https://e.com/r"), clock=clock
        ).id
        article_shares.share_article(
            session, article_id=article_id, contact_ids=[ann], channel="email", at=None, clock=clock
        )
    with store.reading() as session:
        people = article_shares.article_people(
            session, article_id=article_id, now=clock.now(), zone=UTC, limit=5
        )
    assert [s.contact_id for s in people.shares] == [ann]
    assert ann not in [r.contact_id for r in people.readers]  # already has it
