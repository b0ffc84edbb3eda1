"""What screens ask core for: small typed answers, never ORM rows (issue 12, item 4)."""

from __future__ import annotations

import pytest

from prm.core import article_shares, articles, contacts
from prm.core.articles import ArticleDraft
from prm.core.drafts import ContactDraft


def person(store, clock, name, **fields) -> int:
    with store.transaction() as session:
        return contacts.create_contact(session, draft=ContactDraft(given_name=name, **fields), clock=clock).id


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
        everyone = contacts.list_contact_ids(session, query="smith")
        assert contacts.list_contact_ids(session, query="smith", limit=2) == everyone[:2]
        assert [name for _id, name, _org in contacts.pick_list(session, query="smith", limit=3)] == [
            "Al Smith", "Bo Smith", "Cy Smith",
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
