"""Revision 0015: every existing contact gets their place; trips from captured events."""

from __future__ import annotations

from datetime import UTC, date, datetime

from alembic import command

from prm.core import migrate


def _contact(conn, cid: int, name: str, timezone: str = "") -> None:
    conn.exec_driver_sql(
        "INSERT INTO contact (id, uid, prefix, given_name, middle_name, family_name, suffix,"
        " nickname, formatted_name, display_name, sort_name, sort_email, sort_phone,"
        " organization, department, title, timezone, preferred_channel, how_we_met,"
        " pref_coffee, pref_food, pref_dietary, pref_culture, notes,"
        " snooze_reason, created_at, updated_at) VALUES (?, ?, '', ?, '', '', '', '',"
        " '', ?, ?, '', '', '', '', '', ?, '', '', '', '', '', '', '', '', ?, ?)",
        (cid, f"u-{cid}", name, name, name.lower(), timezone,
         "2025-06-02 08:00:00.000000", "2025-06-02 08:00:00.000000"),
    )  # fmt: skip


def test_existing_contacts_are_placed_by_the_upgrade(tmp_path):
    from prm.core.db import make_engine
    from prm.core.keywrap import new_data_key

    engine = make_engine(tmp_path / "old.db", new_data_key())
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), "0014_advocacy")
        _contact(conn, 1, "Anna")
        conn.exec_driver_sql(
            "INSERT INTO contact_address (contact_id, label, street, locality, region,"
            " postal_code, country, preferred, position) VALUES (1, '', '', 'Köln', '', '',"
            " 'Deutschland', 0, 0)"
        )
        _contact(conn, 2, "Kenji", "Asia/Tokyo")
        _contact(conn, 3, "Nobody")
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), migrate.HEAD_REVISION)
        rows = conn.exec_driver_sql(
            "SELECT contact_id, city, country_code, timezone, level, source FROM contact_place"
            " ORDER BY contact_id"
        ).fetchall()
        hours = conn.exec_driver_sql("SELECT reach_hours FROM contact WHERE id = 1").scalar()
    engine.dispose()
    assert rows == [
        (1, "Köln", "DE", "Europe/Berlin", "city", "address"),
        (2, "", "JP", "Asia/Tokyo", "country", "timezone"),
        (3, "", "", "", "", ""),
    ]
    assert hours == ""


def test_a_trip_from_a_captured_event_with_a_location(store, clock):
    from prm.core import orm
    from prm.core.travel.trips import add_trip, get_trip, trip_from_proposal

    with store.transaction() as session:
        source = orm.CaptureSource(kind="ics", label="Work", location="/tmp/x.ics",
                                   created_at=clock.now(), updated_at=clock.now())  # fmt: skip
        session.add(source)
        session.flush()
        proposal = orm.CaptureProposal(
            source_id=source.id, item_kind="event", key="k1", channel="meeting",
            occurred_at=datetime(2026, 3, 3, 9, tzinfo=UTC), duration_minutes=3 * 24 * 60,
            summary="Client workshop", location="Hotel Bayerischer Hof, Promenadeplatz 2, 80333 München",
            created_at=clock.now(),
        )  # fmt: skip
        session.add(proposal)
        session.flush()
        draft = trip_from_proposal(session, proposal.id, clock)
        assert draft.stops[0].city_query == "Munich"
        assert (draft.starts_on, draft.ends_on) == (date(2026, 3, 3), date(2026, 3, 5))
        assert draft.title == "Client workshop"
        trip = get_trip(session, add_trip(session, draft, clock))
    assert trip.cities == "Munich"
    assert trip.source_proposal_id == proposal.id
