"""``prm trip`` and ``prm reach-now`` as a script author reads them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from prm.cli.main import main
from prm.core import contacts
from prm.core.clock import FakeClock
from prm.core.drafts import AddressDraft, ContactDraft
from prm.core.paths import AppPaths
from prm.core.secrets import MemorySecretStore
from prm.core.store_open import open_store


@pytest.fixture
def cli(tmp_path, capsys):
    secrets, data_dir = MemorySecretStore(), tmp_path / "data"
    store = open_store(AppPaths.for_dir(data_dir), secrets)
    old = FakeClock(datetime.now(UTC) - timedelta(days=100))
    with store.transaction() as session:
        for given, city, hours in (("Anna", "München", ""), ("Ben", "Garching", ""),
                                   ("Cleo", "Paris", "daily 00:00-24:00")):  # fmt: skip
            contacts.create_contact(
                session,
                draft=ContactDraft(given_name=given, cadence_days=30, reach_hours=hours,
                                   addresses=[AddressDraft(locality=city)]),
                clock=old,
            )  # fmt: skip
    store.close()

    def run(*argv, stdin=None, monkeypatch=None):
        code = main(["--data-dir", str(data_dir), *argv], secrets=secrets)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    run.store = lambda: open_store(AppPaths.for_dir(data_dir), secrets)
    return run


def test_add_list_plan_json(cli):
    code, out, _ = cli(
        "trip", "add", "Munich", "--from", "2030-06-04", "--to", "2030-06-06", "--json"
    )
    assert code == 0
    added = json.loads(out)
    assert added["cities"] == "Munich" and added["title"] == "Trip to Munich"
    code, out, _ = cli("trip", "list", "--json")
    assert json.loads(out) == [{"id": added["id"], "title": "Trip to Munich", "cities": "Munich",
                               "starts_on": "2030-06-04", "ends_on": "2030-06-06", "meetings": 0}]  # fmt: skip
    code, out, _ = cli("trip", "plan", str(added["id"]), "--json")
    plan = json.loads(out)
    assert [p["name"] for p in plan["people"]] == ["Anna", "Ben"]
    anna = plan["people"][0]
    assert anna["reasons"][0].startswith("overdue")
    assert anna["city"] == "Munich" and anna["distance_km"] == 0.0
    assert anna["local_time_windows"][0] == "Tue 4 Jun 09:00–18:00"
    assert plan["trip"]["stops"][0]["timezone"] == "Europe/Berlin"
    assert {s["contact_id"] for s in plan["slots"]} == {p["contact_id"] for p in plan["people"]}
    assert all(s["minutes"] <= 45 for s in plan["slots"])
    assert plan["slots"][0]["starts_at"] == "2030-06-04T09:00:00+02:00"
    code, out, _ = cli("trip", "plan", str(added["id"]), "--radius", "1", "--json")
    assert [p["name"] for p in json.loads(out)["people"]] == ["Anna"]


def test_bad_input_is_named(cli):
    code, _, err = cli("trip", "add", "Atlantisburg", "--from", "2030-06-04", "--to", "2030-06-06")
    assert code == 2 and "Atlantisburg" in err
    with pytest.raises(SystemExit):
        cli("trip", "add", "Paris", "--from", "next tuesday", "--to", "2030-06-06")
    code, _, err = cli("trip", "plan", "99")
    assert code == 2 and "No trip #99" in err


def test_holds_file_imports(cli, tmp_path):
    from prm.core.travel.schedule import schedule_meetings

    code, out, _ = cli(
        "trip", "add", "Munich", "--from", "2030-06-04", "--to", "2030-06-06", "--json"
    )
    trip_id = json.loads(out)["id"]
    code, _, err = cli("trip", "holds", str(trip_id), str(tmp_path / "none.ics"))
    assert code == 2 and "no scheduled meetings" in err
    store = cli.store()
    with store.transaction() as session:
        from zoneinfo import ZoneInfo

        at = datetime(2030, 6, 4, 11, 0, tzinfo=ZoneInfo("Europe/Berlin"))
        schedule_meetings(session, trip_id, [(1, at, 30)], FakeClock(datetime.now(UTC)))
    store.close()
    out_file = tmp_path / "holds.ics"
    code, out, _ = cli("trip", "holds", str(trip_id), str(out_file))
    assert code == 0 and "1 calendar hold" in out
    (event,) = Calendar.from_ical(out_file.read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Meet Anna"
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    code, out, _ = cli("trip", "list", "--json")
    assert json.loads(out)[0]["meetings"] == 1


def test_reach_now_json(cli):
    code, out, _ = cli("reach-now", "--hours", "2", "--json")
    assert code == 0
    rows = json.loads(out)
    cleo = [r for r in rows if r["name"] == "Cleo"]  # her hours are the whole day
    assert len(cleo) == 1
    assert cleo[0]["local_time"].endswith("(Paris)")
    assert cleo[0]["opens_in_minutes"] == 0
    assert set(cleo[0]) == {"contact_id", "name", "local_time", "opens_in_minutes",
                            "window_left_minutes", "channel", "reason"}  # fmt: skip
    with pytest.raises(SystemExit):
        cli("reach-now", "--hours", "99")


def test_reach_hours_from_the_cli(cli):
    code, _, _ = cli("contacts", "edit", "Anna", "--reach-hours", "mon-fri 10-16")
    assert code == 0
    code, _, err = cli("contacts", "edit", "Anna", "--reach-hours", "after lunch")
    assert code == 2 and "“after lunch” is not reachable hours" in err
    store = cli.store()
    with store.reading() as session:
        hours = (
            session.connection()
            .exec_driver_sql("SELECT reach_hours FROM contact WHERE given_name = 'Anna'")
            .scalar()
        )
    store.close()
    assert hours == "10:00-16:00"
