"""Travel as a user works it: a trip typed in, the people to see in order with their
local hours and slots, meetings chosen into the planner (Undo takes them out), holds
a calendar app reads, and the empty section saying what to do."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog

from prm.ui.travel.plan_panel import PlanPanel
from prm.ui.travel.travel_models import PlanModel
from prm.ui.travel.travel_section import TRAVEL
from prm.ui.travel.trip_dialog import TripDialog
from tests.core.travel.travellers import add_person as _person

SLOW = 30_000  # the gazetteer loads once per process on the worker (seconds on a busy box)


@pytest.fixture
def munich_people(store, clock):
    return {
        "late": _person(store, clock, "Late", "Munich", days_ago=90, cadence=30),
        "owed": _person(store, clock, "Owed", "München", cadence=30, owed=True),
        "fine": _person(store, clock, "Fine", "Munich", days_ago=3, cadence=30),
        "tokyo": _person(store, clock, "Far", "Tokyo", days_ago=90, cadence=30),
    }


def open_travel(window, wait_idle):
    window.sidebar.select(TRAVEL)
    wait_idle()
    return window.section(TRAVEL).view


def plan_a_trip(window, qtbot, qtlog, wait_idle) -> PlanPanel:
    """New trip… with "Mun" typed, the suggestion picked, 26–28 March."""
    view = open_travel(window, wait_idle)
    section = window.section(TRAVEL)
    with qtbot.waitSignal(section.dialog_opened) as opened:
        view.new_button.click()
    dialog: TripDialog = opened.args[0]
    city = dialog.cities[0]
    city.setFocus()
    # The suggestions' popup grabs the keyboard, which the offscreen platform cannot do.
    with qtlog.disabled(), qtbot.waitSignal(city.searched, timeout=SLOW):
        qtbot.keyClicks(city, "Mun")
    first = city.suggestions.stringList()[0]
    assert first == "Munich, Germany"
    city.set_city(first, city.ids[first])
    dialog.starts.setDate(QDate(2026, 3, 26))
    dialog.ends.setDate(QDate(2026, 3, 28))
    with qtbot.waitSignal(view.plan.loaded, timeout=SLOW):
        qtbot.keyClick(dialog.save_button, Qt.Key.Key_Space)
    wait_idle()
    return view.plan


def test_no_trips_yet_says_what_to_do(window, wait_idle):
    view = open_travel(window, wait_idle)
    assert view.stack.currentWidget() is view.empty
    assert view.empty.title.text() == "No trips yet"
    assert "city and its dates" in view.empty.text.text()
    assert view.empty_new.text() == "New trip…"


def test_planning_a_trip_lists_the_people_in_order_with_local_times_and_slots(
    window, qtbot, qtlog, wait_idle, munich_people
):
    plan = plan_a_trip(window, qtbot, qtlog, wait_idle)
    model = plan.model
    names = [model.row_at(r).person.name for r in range(model.rowCount())]
    assert names == ["Late X", "Owed X", "Fine X"]  # Tokyo is not near Munich
    text = lambda r, c: model.index(r, c).data()  # noqa: E731
    assert text(0, PlanModel.WHY) == "overdue 60 days past their 30-day rhythm"
    assert text(1, PlanModel.WHY) == "you owe a reply since 12 Mar 2026"
    assert text(0, PlanModel.HOURS) == "09:00–18:00"
    assert "Fri 27 Mar 09:00–18:00" in plan.details.text()  # their hours each day
    assert text(0, PlanModel.SLOT) == "Thu 26 Mar 09:00"
    assert text(1, PlanModel.SLOT) == "Thu 26 Mar 10:00"  # 45 minutes, a 15-minute buffer
    assert plan.title.text() == "Trip to Munich"
    assert "Munich, Germany" in plan.subtitle.text()
    assert "26–28 Mar 2026" in plan.subtitle.text()


def test_chosen_slots_go_to_the_meeting_planner_undo_removes_them_and_holds_export(
    window, qtbot, qtlog, wait_idle, munich_people, store, tmp_path, monkeypatch
):
    from icalendar import Calendar

    plan = plan_a_trip(window, qtbot, qtlog, wait_idle)
    plan.table.setFocus()
    plan.table.select_row(0)
    qtbot.keyClick(plan.table, Qt.Key.Key_Space)
    plan.table.select_row(2)
    with qtlog.disabled():  # the menu grabs the keyboard (the offscreen platform cannot)
        qtbot.keyClick(plan.table, Qt.Key.Key_S)  # another slot for Fine: the free ones offered
    menu = plan.slot_menu
    texts = [a.text() for a in menu.actions()]
    assert texts[:2] == ["Thu 26 Mar 12:00–12:45", "Thu 26 Mar 13:00–13:45"]
    assert "Thu 26 Mar 09:00–09:45" not in texts  # Late's
    menu.actions()[1].trigger()  # 13:00; picking a slot ticks them
    menu.close()
    assert plan.model.index(2, PlanModel.SLOT).data() == "Thu 26 Mar 13:00"
    assert plan.model.ticked_ids() == [munich_people["late"], munich_people["fine"]]
    with qtbot.waitSignal(plan.loaded, timeout=SLOW):  # a reload (any write) keeps the choices
        plan.refresh()
    assert plan.model.index(2, PlanModel.SLOT).data() == "Thu 26 Mar 13:00"
    assert plan.model.ticked_ids() == [munich_people["late"], munich_people["fine"]]
    assert not plan.holds_button.isEnabled()  # nothing planned yet
    assert plan.schedule_button.shortcut().toString() == "Alt+M"
    plan.schedule_button.click()
    wait_idle()

    def planned() -> list[tuple[str, datetime]]:
        with store.reading() as session:
            rows = session.connection().exec_driver_sql(
                "SELECT title, scheduled_at FROM meeting WHERE deleted_at IS NULL"
                " AND trip_id IS NOT NULL ORDER BY scheduled_at"
            )
            return [(t, at[:16]) for t, at in rows]

    # 09:00 (proposed) and 13:00 (chosen) in Munich (CET, UTC+1) on Thursday 26 March.
    assert planned() == [("Meet Late X", "2026-03-26 08:00"), ("Meet Fine X", "2026-03-26 12:00")]
    assert plan.model.ticked_ids() == []  # planned: a second click cannot plan them twice
    view = window.section(TRAVEL).view
    qtbot.waitUntil(lambda: view.current() is not None and view.current().meetings == 2)
    qtbot.waitUntil(plan.holds_button.isEnabled)

    out = tmp_path / "holds.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    plan.holds_button.click()
    wait_idle()
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Meet Late X", "Meet Fine X"]
    assert events[0].decoded("DTSTART") == datetime(2026, 3, 26, 8, tzinfo=UTC)
    assert events[0].decoded("DURATION") == timedelta(minutes=45)
    assert "Munich" in str(events[0]["LOCATION"])

    window.undo_stack.undo()
    wait_idle()
    assert planned() == []
    window.undo_stack.redo()
    wait_idle()
    assert len(planned()) == 2


def test_a_city_nobody_knows_is_named_and_the_typing_kept(window, qtbot, wait_idle):
    view = open_travel(window, wait_idle)
    with qtbot.waitSignal(window.section(TRAVEL).dialog_opened) as opened:
        view.new_button.click()
    dialog = opened.args[0]
    dialog.cities[0].setText("Narnia")
    dialog.notes.setPlainText("bring the map")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=SLOW)
    assert "“Narnia” is not a city PRM knows" in dialog.slots["stops"].error.text()
    assert dialog.isVisible() and dialog.notes.toPlainText() == "bring the map"
    dialog.reject()


def test_deleting_a_trip_is_undoable(window, qtbot, qtlog, wait_idle, munich_people):
    plan_a_trip(window, qtbot, qtlog, wait_idle)
    view = window.section(TRAVEL).view
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.trips.setFocus()
    qtbot.keyClick(view.trips, Qt.Key.Key_Return)  # Enter: on to the people
    assert view.plan.table.hasFocus()
    view.trips.setFocus()
    qtbot.keyClick(view.trips, Qt.Key.Key_Delete)
    wait_idle()
    assert view.stack.currentWidget() is view.empty
    window.undo_stack.undo()
    wait_idle()
    assert view.model.rowCount() == 1


def test_dates_read_calmly():
    from prm.ui.travel.travel_models import dates_text

    assert dates_text(date(2026, 3, 26), date(2026, 3, 28)) == "26–28 Mar 2026"
    assert dates_text(date(2026, 3, 30), date(2026, 4, 2)) == "30 Mar – 2 Apr 2026"
    assert dates_text(date(2026, 12, 30), date(2027, 1, 2)) == "30 Dec 2026 – 2 Jan 2027"


def test_road_notes_are_previewed_then_logged_and_undo_removes_them(
    window, qtbot, wait_idle, munich_people, store, tmp_path
):
    from prm.core.timeline import contact_timeline

    def touches() -> int:
        with store.reading() as session:
            return len(contact_timeline(session, contact_id=munich_people["late"]))

    before = touches()
    notes = tmp_path / "road.txt"
    notes.write_text("2026-03-12 Late X: coffee, talked about Q1\n2026-03-12 Nobody Known: lunch\n")
    open_travel(window, wait_idle)
    section = window.section(TRAVEL)
    with qtbot.waitSignal(section.dialog_opened) as opened:
        section.preview_road_notes(notes)
    dialog = opened.args[0]
    preview = dialog.preview.toPlainText()
    assert "line 1: 12 Mar 2026, Late X" in preview and "coffee" in preview
    assert "line 2 left out" in preview
    assert dialog.ok.text() == "&Log 1 touch"
    assert touches() == before  # nothing written by the preview
    dialog.ok.click()
    wait_idle()
    assert touches() == before + 1
    window.undo_stack.undo()
    wait_idle()
    assert touches() == before


def test_a_trip_from_a_calendar_event_with_a_place(window, qtbot, wait_idle, store, clock):
    from prm.core import orm
    from prm.core.travel.trips import get_trip, list_trips

    with store.transaction() as session:
        source = orm.CaptureSource(kind="ics", label="Work", location="/tmp/x.ics",
                                   created_at=clock.now(), updated_at=clock.now())  # fmt: skip
        session.add(source)
        session.flush()
        session.add(
            orm.CaptureProposal(
                source_id=source.id,
                item_kind="event",
                key="k1",
                channel="meeting",
                occurred_at=datetime(2026, 3, 23, 9, tzinfo=UTC),
                duration_minutes=2 * 24 * 60,
                summary="Client workshop",
                location="Promenadeplatz 2, 80333 München",
                created_at=clock.now(),
            )  # fmt: skip
        )
    view = open_travel(window, wait_idle)
    section = window.section(TRAVEL)
    with qtbot.waitSignal(section.dialog_opened) as opened:
        view.calendar_button.click()
    picker = opened.args[0]
    assert "Client workshop" in picker.list.item(0).text()
    with qtbot.waitSignal(section.dialog_opened, timeout=SLOW) as opened:
        picker.ok.click()
    dialog = opened.args[0]
    assert dialog.cities[0].text() == "Munich"
    assert dialog.starts.date() == QDate(2026, 3, 23) and dialog.ends.date() == QDate(2026, 3, 24)
    assert dialog.title.text() == "Client workshop"
    with qtbot.waitSignal(view.plan.loaded, timeout=SLOW):
        dialog.save_button.click()
    with store.reading() as session:
        (row,) = list_trips(session)
        assert get_trip(session, row.id).source_proposal_id is not None


def test_a_trip_from_an_upcoming_event_in_a_calendar_file(
    window, qtbot, wait_idle, store, clock, tmp_path
):
    """A trip that is still ahead is in the calendar, not in capture's queue (which holds
    what happened): "From calendar…" reads the calendar sources for the coming months."""
    from prm.core import orm
    from prm.core.travel.trips import get_trip, list_trips

    start = (clock.now() + timedelta(days=20)).date()
    stamp = clock.now().strftime("%Y%m%dT%H%M%SZ")
    (tmp_path / "work.ics").write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//EN\n"
        f"BEGIN:VEVENT\nUID:w1\nDTSTAMP:{stamp}\nDTSTART;VALUE=DATE:{start:%Y%m%d}\n"
        f"DTEND;VALUE=DATE:{start + timedelta(days=3):%Y%m%d}\nSUMMARY:Client workshop\n"
        "LOCATION:Promenadeplatz 2\\, 80333 München\nEND:VEVENT\n"
        f"BEGIN:VEVENT\nUID:w2\nDTSTAMP:{stamp}\nDTSTART;VALUE=DATE:{start:%Y%m%d}\n"
        "SUMMARY:No place given\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    with store.transaction() as session:
        session.add(orm.CaptureSource(kind="ics", label="Work", location=str(tmp_path),
                                      created_at=clock.now(), updated_at=clock.now()))  # fmt: skip
    view = open_travel(window, wait_idle)
    section = window.section(TRAVEL)
    with qtbot.waitSignal(section.dialog_opened, timeout=SLOW) as opened:
        view.calendar_button.click()
    picker = opened.args[0]
    assert picker.list.count() == 1  # the event without a place is not offered
    assert "Client workshop" in picker.list.item(0).text()
    with qtbot.waitSignal(section.dialog_opened, timeout=SLOW) as opened:
        picker.ok.click()
    dialog = opened.args[0]
    assert dialog.cities[0].text() == "Munich"
    assert dialog.starts.date() == QDate(start.year, start.month, start.day)
    end = start + timedelta(days=2)
    assert dialog.ends.date() == QDate(end.year, end.month, end.day)
    with qtbot.waitSignal(view.plan.loaded, timeout=SLOW):
        dialog.save_button.click()
    with store.reading() as session:
        (row,) = list_trips(session)
        assert get_trip(session, row.id).source_proposal_id is None
