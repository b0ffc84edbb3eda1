"""A trip plan read through the rank index (0018_trip_rank) shows exactly the people,
order, reasons and slots of the plain ranking that scores everyone at the places."""

from __future__ import annotations

import dataclasses
import heapq
import itertools
import shutil
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prm.core import contacts
from prm.core.clock import FakeClock
from prm.core.drafts import AddressDraft, ContactDraft
from prm.core.paths import AppPaths
from prm.core.secrets import MemorySecretStore
from prm.core.store_open import open_store
from prm.core.touches import TouchDraft, log_touch, trash_touches, update_touch
from prm.core.travel import scoring
from prm.core.travel.plan import distance_km, plan_trip
from prm.core.travel.trips import StopDraft, TripDraft, add_trip, get_trip

COUNTER = itertools.count()
# Munich, near it (Freising ~33 km, Dachau ~17 km), Augsburg (~57 km), Vienna; None:
# only a time zone (country level in Germany).
CITIES = ["Munich", "Munich", "Freising", "Dachau", "Augsburg", "Wien", None]
person = st.fixed_dictionaries(
    {
        "city": st.sampled_from(CITIES),
        "cadence": st.sampled_from([None, 1, 7, 30, 90, 400]),
        "days_ago": st.none() | st.integers(0, 1500),
        "created": st.integers(0, 1500),
        "owed": st.booleans(),
        "then": st.sampled_from([None, None, "reply", "trash message", "redate message"]),
        "birthday": st.sampled_from(["", "", "--03-27", "--03-30"]),
        "referrer": st.booleans(),
        "trashed": st.booleans(),
        "edit": st.booleans(),  # then a new rhythm and birthday
    }
)


def _add(store, clock, i: int, p: dict, ids: list[int]) -> None:
    address = [AddressDraft(locality=p["city"])] if p["city"] else []
    referred = ids[-1] if p["referrer"] and ids else None
    with store.transaction() as session:
        cid = contacts.create_contact(
            session,
            draft=ContactDraft(given_name=f"P{i}", cadence_days=p["cadence"], addresses=address,
                               timezone="" if p["city"] else "Europe/Berlin",
                               birthday=p["birthday"], referred_by_id=referred),
            clock=FakeClock(clock.now() - timedelta(days=p["created"])),
        ).id  # fmt: skip
        if p["days_ago"] is not None:
            when = clock.now() - timedelta(days=p["days_ago"])
            log_touch(session, draft=TouchDraft([cid], "call", occurred_at=when), clock=clock)
        if p["owed"]:
            when = clock.now() - timedelta(days=3)
            draft = TouchDraft([cid], "email", direction="in", needs_reply=True, occurred_at=when)
            owed = log_touch(session, draft=draft, clock=clock).id
            if p["then"] == "reply":
                draft = TouchDraft([cid], "email", direction="out", occurred_at=clock.now())
                log_touch(session, draft=draft, clock=clock)
            elif p["then"] == "trash message":
                trash_touches(session, ids=[owed], clock=clock)
            elif p["then"] == "redate message":
                draft = TouchDraft([cid], "email", direction="in", needs_reply=True,
                                   occurred_at=when - timedelta(days=40))  # fmt: skip
                update_touch(session, touch_id=owed, draft=draft, clock=clock)
        if p["edit"]:
            draft = dataclasses.replace(
                contacts.draft_from_contact(contacts.get_contact(session, contact_id=cid)),
                cadence_days=7, birthday="--03-27",
            )  # fmt: skip
            contacts.update_contact(session, contact_id=cid, draft=draft, clock=clock)
        if p["trashed"]:
            contacts.trash_contacts(session, ids=[cid], clock=clock)
    if not p["trashed"]:
        ids.append(cid)  # who a later person may be referred by


def _derived_in_step(session) -> None:
    """contact_place.rank_* equal what they are copied and computed from."""
    conn = session.connection()
    stored = conn.exec_driver_sql(
        "SELECT contact_id, rank_target, rank_touched, rank_day, rank_live, rank_birthday,"
        " rank_owed"
        " FROM contact_place ORDER BY contact_id"
    ).fetchall()
    plain = conn.exec_driver_sql(
        "SELECT c.id, c.cadence_target_days, c.last_touch_at IS NOT NULL,"
        " substr(coalesce(c.last_touch_at, c.created_at), 1, 10), c.deleted_at IS NULL,"
        " CASE WHEN c.birthday_month AND c.birthday_day"
        "  THEN c.birthday_month * 100 + c.birthday_day END,"
        " (SELECT min(t.occurred_at) FROM touch t JOIN touch_participant p ON p.touch_id = t.id"
        "  WHERE p.contact_id = c.id AND t.needs_reply = 1 AND t.replied_at IS NULL"
        "  AND t.deleted_at IS NULL) FROM contact_place cp JOIN contact c ON c.id = cp.contact_id"
        " ORDER BY c.id"
    ).fetchall()
    assert stored == plain


def _reference(session, trip_id: int, clock, radius_km: float, limit: int):
    """The plain ranking: every placed live contact scored, sorted, cut."""
    trip, conn = get_trip(session, trip_id), session.connection()
    today, facts = clock.now().date(), scoring.Facts()
    rows = conn.exec_driver_sql(
        "SELECT p.contact_id, p.lat, p.lon, p.city, p.country_code, c.cadence_target_days,"
        " c.last_touch_at, c.created_at, c.birthday_month, c.birthday_day FROM contact_place p"
        " JOIN contact c ON c.id = p.contact_id WHERE c.deleted_at IS NULL"
    ).fetchall()
    for cid, since in conn.exec_driver_sql(
        "SELECT p.contact_id, min(t.occurred_at) FROM touch t JOIN touch_participant p"
        " ON p.touch_id = t.id WHERE t.needs_reply = 1 AND t.replied_at IS NULL"
        " AND t.deleted_at IS NULL GROUP BY p.contact_id"
    ):
        facts.owed[cid] = date.fromisoformat(since[:10])
    value = "revenue + referrals + advocacy + introductions + reach"
    all_value = conn.exec_driver_sql(
        f"SELECT contact_id, {value}, referrals_made, client FROM derived_advocacy_value"
    ).fetchall()
    facts.value = {cid: (points, refs, bool(client)) for cid, points, refs, client in all_value}
    top = sorted(all_value, key=lambda r: -r[1])[: scoring.TOP_ADVOCATES]
    facts.top = {r[0] for r in top if r[1] > 0}
    near, country = [], []
    for cid, lat, lon, city, code, *rank in rows:
        if lat is not None:
            best = min(((distance_km(s.lat, s.lon, lat, lon), i) for i, s in enumerate(trip.stops)))
            km, stop = best[0], trip.stops[best[1]]
            if km <= radius_km:
                score, why = scoring.score((cid, *rank), facts, today, km=km,
                                           radius_km=radius_km, starts=stop.starts_on,
                                           ends=stop.ends_on)  # fmt: skip
                near.append((-score, cid, why))
        elif not city and facts.notable(cid):
            stop = next((s for s in trip.stops if s.country_code == code), None)
            if stop is not None:
                score, why = scoring.score((cid, *rank), facts, today, km=None,
                                           radius_km=radius_km, starts=stop.starts_on,
                                           ends=stop.ends_on)  # fmt: skip
                if why:
                    country.append((-score, cid, why))
    return heapq.nsmallest(limit, near), heapq.nsmallest(limit // 2, country)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    people=st.lists(person, max_size=10),
    limit=st.integers(1, 6),
    radius=st.sampled_from([20, 50, 80]),
    two_stops=st.booleans(),
)
def test_the_plan_equals_the_plain_ranking(_template_store, tmp_path, clock, people, limit,
                                           radius, two_stops):  # fmt: skip
    template, keyring = _template_store
    folder = tmp_path / f"store{next(COUNTER)}"
    shutil.copytree(template.data_dir, folder)
    secrets = MemorySecretStore()
    for name, value in keyring.items():
        secrets.set(name, value)
    store = open_store(AppPaths.for_dir(folder), secrets)  # a fresh store per example
    try:
        ids: list[int] = []
        for i, p in enumerate(people):
            _add(store, clock, i, p, ids)
        stops = [StopDraft("Munich", ends_on=date(2026, 3, 27) if two_stops else None)]
        if two_stops:
            stops.append(StopDraft("Wien", starts_on=date(2026, 3, 28)))
        draft = TripDraft(starts_on=date(2026, 3, 26), ends_on=date(2026, 3, 29), stops=stops)
        with store.transaction() as session:
            trip = add_trip(session, draft, clock)
        with store.reading() as session:
            plan = plan_trip(session, trip, radius_km=radius, clock=clock, limit=limit)
            near, country = _reference(session, trip, clock, radius, limit)
            _derived_in_step(session)
        assert [(-p.score, p.contact_id, p.reasons) for p in plan.people] == near
        assert [(-p.score, p.contact_id, p.reasons) for p in plan.country_level] == country
    finally:
        store.close()


def test_the_rank_columns_survive_export_all_and_import_all(store, clock, tmp_path):
    from prm.core.export_all import export_everything
    from prm.core.import_all import import_everything

    ids: list[int] = []
    base = {"city": "Munich", "created": 300, "referrer": False, "trashed": False, "edit": False}
    for i, (cadence, days, owed, birthday) in enumerate(
        [(30, 90, True, "--03-27"), (None, 500, False, ""), (7, None, True, "")]
    ):
        person = {**base, "cadence": cadence, "days_ago": days, "owed": owed,
                  "birthday": birthday, "then": None}  # fmt: skip
        _add(store, clock, i, person, ids)
    draft = TripDraft(starts_on=date(2026, 3, 26), ends_on=date(2026, 3, 29),
                      stops=[StopDraft("Munich")])  # fmt: skip
    with store.transaction() as session:
        trip = add_trip(session, draft, clock)
    export = tmp_path / "all.json"
    export_everything(store, export, now=clock.now())
    other = open_store(AppPaths.for_dir(tmp_path / "other"), MemorySecretStore())
    try:
        import_everything(other, export)
        plans = []
        for each in (store, other):
            with each.reading() as session:
                _derived_in_step(session)
                plans.append(plan_trip(session, trip, clock=clock).to_dict())
        assert plans[0] == plans[1]
        assert [p["contact_id"] for p in plans[1]["people"]] == [ids[0], ids[2], ids[1]]
    finally:
        other.close()


def test_the_rank_columns_are_right_after_a_demo_load(store, clock):
    from prm.core import demo

    demo.populate(store, contacts=400, touches=2000, seed=3, clock=clock)
    with store.reading() as session:
        _derived_in_step(session)
        owed = session.connection().exec_driver_sql(
            "SELECT count(*) FROM contact_place WHERE rank_owed IS NOT NULL"
        )
        assert owed.scalar() > 0


def test_the_rank_columns_follow_a_merge_and_its_undo(store, clock):
    from prm.core.duplicates import merge_contacts, undo_merge

    ids: list[int] = []
    base = {"created": 300, "referrer": False, "trashed": False, "edit": False, "then": None}
    _add(store, clock, 0, {**base, "city": "Munich", "cadence": 30, "days_ago": 90,
                           "owed": False, "birthday": ""}, ids)  # fmt: skip
    _add(store, clock, 1, {**base, "city": None, "cadence": None, "days_ago": 10,
                           "owed": True, "birthday": "--03-27"}, ids)  # fmt: skip
    with store.transaction() as session:
        done = merge_contacts(session, keep_id=ids[0], other_id=ids[1], clock=clock)
    with store.reading() as session:
        _derived_in_step(session)
        owed = session.connection().exec_driver_sql(
            "SELECT rank_owed IS NOT NULL FROM contact_place WHERE contact_id = ?", (ids[0],)
        )
        assert owed.scalar() == 1  # the message moved to the contact kept
    with store.transaction() as session:
        undo_merge(session, undo=done.undo)
    with store.reading() as session:
        _derived_in_step(session)
