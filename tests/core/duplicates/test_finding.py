"""Finding duplicates: robust name matching, the reasons given, clusters, blocking that
loses nothing an all-pairs search would find, and "not a duplicate" remembered."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prm.core import contacts, duplicates
from prm.core.drafts import ContactDraft, LabeledValue
from prm.core.duplicates.finding import all_pairs, load_facts, scored_pairs, with_commonness
from prm.core.duplicates.names import name_info, name_similarity
from prm.core.duplicates.scoring import Facts
from prm.core.store_open import open_store


def similarity(a: str, b: str) -> int:
    return name_similarity(name_info(a), name_info(b))[0]


@pytest.mark.parametrize(
    ("a", "b", "at_least"),
    [
        ("José Núñez", "jose nunez", 100),  # accents and case
        ("Kowalski Anna", "Anna Kowalski", 100),  # family name first
        ("Bob Smith", "Robert Smith", 95),  # a well-known nickname
        ("J. Smith", "John Smith", 90),  # an initial
        ("Ann Smith", "Ann Maria Smith", 90),  # a middle name on one side
        ("Jonh Smith", "John Smith", 85),  # a typo
    ],
)
def test_names_written_differently_are_the_same_name(a, b, at_least):
    assert similarity(a, b) >= at_least


@pytest.mark.parametrize(("a", "b"), [("Ana Ruiz", "Tomás Ruiz"), ("Chris Lee", "Christine Lee")])
def test_different_people_are_not_alike(a, b):
    assert similarity(a, b) < 85


def add(session, clock, given="", family="", emails=(), phones=(), birthday=""):
    return contacts.create_contact(
        session,
        draft=ContactDraft(
            given_name=given,
            family_name=family,
            emails=[LabeledValue(e) for e in emails],
            phones=[LabeledValue(p) for p in phones],
            birthday=birthday,
            organization="" if given or family else "Acme",
        ),
        clock=clock,
        allow_duplicate=True,
    ).id


def find(store):
    with store.reading() as session:
        return duplicates.find_duplicates(session)


def test_a_cluster_of_three_shows_together_with_its_reasons(store, clock):
    with store.transaction() as session:
        ann = add(session, clock, "Ann", "Lee", emails=["ann@x.com"])
        ann2 = add(session, clock, "ANN", "LEE", emails=["Ann@X.com"])
        ann3 = add(session, clock, "Lee", "Ann", phones=["+44 20 7946 0018"], birthday="1980-05-04")
        ann4 = add(session, clock, "Ann", "Lee", phones=["+442079460018"], birthday="1980-05-04")
        add(session, clock, "Bob", "Stone")
    report = find(store)
    assert [c.ids for c in report.clusters] == [(ann, ann2, ann3, ann4)]
    reasons = {(p.a, p.b): p.reason for p in report.clusters[0].pairs}
    assert reasons[ann, ann2] == "same email ann@x.com; same name"
    assert reasons[ann3, ann4] == (
        "same phone +442079460018; same name, in another order; same birthday"
    )
    assert reasons[ann, ann4] == "same name"
    assert reasons[ann, ann3] == "same name, in another order"


def test_a_shared_email_alone_does_not_make_two_people_one(store, clock):
    with store.transaction() as session:
        add(session, clock, "Ana", "Ruiz", emails=["casa@ruiz.example"])
        add(session, clock, "Tomás", "Ruiz", emails=["casa@ruiz.example"])
        add(session, clock, "Ann", "Lee", birthday="1980-05-04")
        add(session, clock, "Ann", "Lee", birthday="1975-01-02")  # same name, other person
    assert find(store).clusters == []


def test_a_contact_without_a_name_matches_on_its_email(store, clock):
    with store.transaction() as session:
        ann = add(session, clock, "Ann", "Lee", emails=["ann@x.com"])
        org = add(session, clock, emails=["ann@x.com"])
    (cluster,) = find(store).clusters
    assert cluster.ids == (ann, org) and "no name on one side" in cluster.pairs[0].reason


def test_not_a_duplicate_is_remembered_across_a_restart(store, clock, paths, secret_store):
    with store.transaction() as session:
        ann = add(session, clock, "Ann", "Lee", emails=["ann@x.com"])
        ann2 = add(session, clock, "Ann", "Lee", emails=["ann@x.com"])
        duplicates.dismiss_pair(session, a=ann2, b=ann, clock=clock)
    store.close()
    reopened = open_store(paths, secret_store)
    try:
        assert find(reopened).clusters == []
        with reopened.transaction() as session:
            duplicates.undismiss_pair(session, a=ann, b=ann2)
        assert [c.ids for c in find(reopened).clusters] == [(ann, ann2)]
    finally:
        reopened.close()


def test_finding_can_be_cancelled_and_reports_progress(store, clock):
    with store.transaction() as session:
        for _ in range(3):
            add(session, clock, "Ann", "Lee")
    seen = []
    with store.reading() as session:
        duplicates.find_duplicates(session, progress=lambda f, _t: seen.append(f))
        with pytest.raises(duplicates.FindCancelled):
            duplicates.find_duplicates(session, cancelled=lambda: True)
    assert seen[0] == 0.0 and seen[-1] == 1.0


# --- blocking finds what comparing every pair would ---------------------------------

GIVEN = ["Ann", "Anne", "Anna", "Bob", "Robert", "J.", "John", "Jon", "José", "Jose", "Lee", ""]
FAMILY = ["Lee", "Li", "Smith", "Smyth", "Núñez", "Nunez", "Ann", "O'Neil", ""]
MIDDLE = ["", "", "", "Maria", "M"]
EMAILS = ["a@x.com", "b@x.com", "A@X.com"]
PHONES = ["+442079460018", "+14155550100"]

person = st.builds(
    lambda given, middle, family, emails, phones, day: Facts(
        0,
        name_info(given, middle, family),
        frozenset(e.casefold() for e in emails),
        frozenset(phones),
        day,
    ),
    st.sampled_from(GIVEN),
    st.sampled_from(MIDDLE),
    st.sampled_from(FAMILY),
    st.sets(st.sampled_from(EMAILS), max_size=1),
    st.sets(st.sampled_from(PHONES), max_size=1),
    st.sampled_from([(None, None, None), (1980, 5, 4), (None, 5, 4), (1975, 1, 2)]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(person, min_size=2, max_size=25))
def test_blocking_finds_exactly_what_all_pairs_would(people):
    facts = with_commonness([f._replace(id=i + 1) for i, f in enumerate(people)])
    found, _scored = scored_pairs(facts)
    assert sorted(found, key=lambda p: (p.a, p.b)) == all_pairs(facts)


def test_a_store_reads_back_the_facts_it_was_given(store, clock):
    with store.transaction() as session:
        ann = add(session, clock, "Zoë", "Ång", emails=[" Ann@X.com"], phones=["+44 20 7946 0018"])
    with store.reading() as session:
        (facts,) = load_facts(session)
    assert facts.id == ann and facts.emails == {"ann@x.com"}
    assert facts.phones == {"+442079460018"} and facts.name.raw == ("zoe", "ang")
