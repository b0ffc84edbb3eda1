"""Upcoming as the user meets it: the range switch, the badge, status with undo,
the editor keeping what was typed, and the .ics export."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from icalendar import Calendar
from PySide6.QtCore import QModelIndex, Qt
from sqlmodel import select

from prm.core import events
from prm.core.models import ContactEvent, Touch
from prm.core.upcoming import Occurrence
from prm.ui.events.event_section import UPCOMING
from prm.ui.events.upcoming_table_model import UpcomingTableModel, day_text
from prm.ui.events.upcoming_view import UpcomingView


@pytest.fixture
def today(ctx) -> date:
    return ctx.clock.now().astimezone(ctx.zone).date()


def md(day: date) -> str:
    return f"{day:%m-%d}"


def add_event(store, clock, contact_id, **fields) -> int:
    draft = events.EventDraft(
        contact_id=contact_id, **{"kind": "party", "title": "Party", **fields}
    )
    with store.transaction() as session:
        return events.add_event(session, draft=draft, clock=clock).id


def test_the_model_passes_qtmodeltester(qtmodeltester, today):
    model = UpcomingTableModel()
    rows = [
        Occurrence(
            on=today,
            source="birthday",
            kind="birthday",
            title="",
            contact_id=1,
            contact_name="Ann",
            contact_uid="u1",
            years=40,
        ),
        Occurrence(
            on=today + timedelta(days=3),
            source="event",
            kind="talk",
            title="Keynote",
            contact_id=2,
            contact_name="Bob",
            contact_uid="u2",
            event_id=7,
            my_status="attending",
        ),
    ]
    model.set_rows(rows, today)
    qtmodeltester.check(model)
    assert model.index(0, model.WHEN).data() == "Today"
    assert model.index(0, model.WHAT).data() == "Birthday · turns 40"
    assert model.index(1, model.STATUS).data() == "Attending"


def test_day_text_reads_like_a_calendar():
    today = date(2026, 11, 26)
    assert day_text(today, today) == "Today"
    assert day_text(date(2026, 11, 27), today) == "Tomorrow"
    assert day_text(date(2026, 11, 28), today) == "Sat 28 Nov"
    assert day_text(date(2027, 1, 2), today) == "Sat 2 Jan 2027"


def scroll_to_the_end(qtbot, view) -> None:
    """What scrolling down does: Qt asks the model for more until the window is in."""
    model, root = view.model, QModelIndex()
    while not model.complete:
        if model.canFetchMore(root):
            model.fetchMore(root)
        qtbot.waitUntil(lambda: model.complete or model.canFetchMore(root))


def test_switching_7_30_90_days_changes_the_rows(qtbot, tasks, add_contact, today):
    add_contact("Soon", birthday=md(today + timedelta(days=3)))
    add_contact("Later", birthday=md(today + timedelta(days=20)))
    add_contact("Much later", anniversary=md(today + timedelta(days=60)))
    view = UpcomingView(tasks)
    qtbot.addWidget(view)

    def names():
        return [view.model.row_at(r).contact_name for r in range(view.model.rowCount())]

    with qtbot.waitSignal(view.loaded):
        view.refresh()
    assert names() == ["Soon"] and view.week_count == 1
    for days, expected in (
        (30, ["Soon", "Later"]),
        (90, ["Soon", "Later", "Much later"]),
        (7, ["Soon"]),
    ):
        with qtbot.waitSignal(view.loaded):
            qtbot.mouseClick(view.day_buttons.button(days), Qt.MouseButton.LeftButton)
        # The first week shows at once, the exact total with it; the rest on scrolling.
        assert names() == expected[:1]
        assert view.summary.text().startswith(f"{len(expected)} occasion")
        scroll_to_the_end(qtbot, view)
        assert names() == expected
        assert view.week_count == 1  # the badge stays "this week" whatever the range


def test_sidebar_badge_counts_this_week(qtbot, window, store, add_contact, today):
    add_contact("Ann", birthday=md(today + timedelta(days=1)))
    add_contact("Bob", birthday=md(today + timedelta(days=6)))
    add_contact("Cy", birthday=md(today + timedelta(days=8)))
    window.events.refresh_badge()
    qtbot.waitUntil(lambda: window.sidebar.count_of(UPCOMING) == 2)
    with store.reading() as session:
        assert events.week_count(session, today=today) == 2
    window.sidebar.select(UPCOMING)
    assert window.stack.currentWidget() is window.events.view


def test_attended_logs_a_touch_and_undo_takes_it_back(
    qtbot, window, store, clock, add_contact, today
):
    ann = add_contact("Ann")
    event_id = add_event(store, clock, ann, start_date=today.isoformat())
    view = window.events.view
    window.sidebar.select(UPCOMING)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    view.table.select_row(0)
    with qtbot.waitSignal(window.tasks.changed):
        qtbot.keyClick(view.table, Qt.Key.Key_A)

    def live_touches():
        with store.reading() as session:
            return session.exec(select(Touch).where(Touch.deleted_at.is_(None))).all()

    [touch] = live_touches()
    assert touch.channel == "event"
    qtbot.waitUntil(lambda: view.current() is not None and view.current().my_status == "attended")
    assert "attended" in window.undo_stack.undoText().lower()
    with qtbot.waitSignal(window.tasks.changed):
        window.undo_stack.undo()
    assert live_touches() == []
    with store.reading() as session:
        assert events.get_event(session, event_id=event_id).my_status == "considering"


def test_the_editor_keeps_what_was_typed_when_something_is_wrong(qtbot, window, store, add_contact):
    ann = add_contact("Ann")
    editor = window.events.add_event(ann)
    qtbot.keyClicks(editor.title, "Launch party")
    qtbot.keyClicks(editor.url, "not a url")
    editor.has_end.setChecked(True)
    editor.end_date.setDate(editor.start_date.date().addDays(-1))
    editor.submit()
    assert editor.isVisible()
    assert "not a web address" in editor.url_slot.error.text()
    assert editor.end_slot.error.text() == "The end is before the start."
    assert editor.title.text() == "Launch party" and editor.url.text() == "not a url"

    editor.url.setText("launch.example")
    editor.has_end.setChecked(False)
    with qtbot.waitSignal(editor.saved):
        editor.submit()
    with store.reading() as session:
        [event] = session.exec(select(ContactEvent)).all()
    assert (event.title, event.url, event.contact_id) == (
        "Launch party",
        "https://launch.example",
        ann,
    )
    with qtbot.waitSignal(window.tasks.changed):
        window.undo_stack.undo()  # undoing the add sends it to the trash
    with store.reading() as session:
        assert session.get(ContactEvent, event.id).deleted_at is not None


def test_a_birthday_from_the_contact_becomes_an_event_when_edited(
    qtbot, window, add_contact, today
):
    add_contact("Ann", birthday=f"1990-{md(today + timedelta(days=2))}")
    view = window.events.view
    window.sidebar.select(UPCOMING)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    view.table.select_row(0)
    assert view.edit_button.text() == "Add as event…" and not view.status_button.isEnabled()
    with qtbot.waitSignal(window.events.editor_opened) as opened:
        view.edit_button.click()
    editor = opened.args[0]
    assert editor.contact_label.text() == "Ann" and editor.yearly.isChecked()
    assert editor.kind.currentData() == "birthday"
    editor.status.setCurrentIndex(editor.status.findData("attending"))
    with qtbot.waitSignal(view.loaded, timeout=5000):
        editor.submit()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1 and not view.model.row_at(0).is_virtual)
    assert view.model.row_at(0).my_status == "attending"


def test_export_writes_the_shown_list_and_reports_an_unwritable_place(
    qtbot, window, add_contact, today, tmp_path, monkeypatch
):
    add_contact("Ann", birthday=md(today + timedelta(days=2)))
    section = window.events
    window.sidebar.select(UPCOMING)
    qtbot.waitUntil(lambda: section.view.model.rowCount() == 1)
    out = tmp_path / "soon"
    monkeypatch.setattr(
        "prm.ui.events.event_section.QFileDialog.getSaveFileName",
        lambda *args: (str(out), "Calendar files (*.ics)"),
    )
    with qtbot.waitSignal(section.message) as said:
        section.view.export_list()
    assert "Exported 1 event" in said.args[0]
    [event] = Calendar.from_ical((tmp_path / "soon.ics").read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == "Ann’s birthday"

    shown = []
    monkeypatch.setattr(
        "prm.ui.events.event_section.show_known_error",
        lambda _parent, exc, **_kw: shown.append(exc),
    )
    section.write_ics(tmp_path / "missing" / "x.ics", section.view.model.occurrences())
    qtbot.waitUntil(lambda: bool(shown))
    assert "missing" in shown[0].message


def test_deleting_an_event_from_its_editor_can_be_undone(
    qtbot, window, store, clock, add_contact, today
):
    ann = add_contact("Ann")
    add_event(store, clock, ann, start_date=today.isoformat(), title="Gala")
    view = window.events.view
    window.sidebar.select(UPCOMING)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    view.table.select_row(0)
    with qtbot.waitSignal(window.events.editor_opened) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    editor = opened.args[0]
    qtbot.waitUntil(editor.isEnabled)
    assert editor.title.text() == "Gala" and editor.delete_button.isVisible()
    with qtbot.waitSignal(view.loaded, timeout=5000):
        editor.delete_button.click()
    assert view.model.rowCount() == 0 and window.sidebar.count_of(UPCOMING) == 0
    with qtbot.waitSignal(view.loaded, timeout=5000):
        window.undo_stack.undo()
    assert view.model.row_at(0).what == "Gala"


def test_an_event_deleted_from_the_timeline_can_be_undone(qtbot, window, store, clock):
    from prm.core import contacts, events
    from prm.core.drafts import ContactDraft
    from prm.core.event_draft import EventDraft

    with store.transaction() as session:
        ann = contacts.create_contact(session, draft=ContactDraft(given_name="Ann"), clock=clock).id
        event = events.add_event(
            session,
            draft=EventDraft(
                contact_id=ann,
                kind="launch",
                title="Launch party",
                start_date=(clock.now().date()).isoformat(),
            ),
            clock=clock,
        )
        event_id = event.id
    cv = window.contacts_view
    cv.reload(ann)
    timeline = cv.timeline
    qtbot.waitUntil(lambda: [e.kind for e in timeline.model.entries()] == ["event"], timeout=5000)
    timeline.select_entry("event", event_id)
    timeline.delete_current()
    qtbot.waitUntil(lambda: timeline.model.rowCount() == 0, timeout=5000)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: timeline.model.rowCount() == 1, timeout=5000)


def test_a_long_window_shows_its_first_week_then_the_rest_as_the_user_scrolls(
    qtbot, tasks, add_contact, today
):
    for i in range(60):  # more than a screenful, spread over the 90 days
        add_contact(f"Person {i:02}", birthday=md(today + timedelta(days=i + 1)))
    view = UpcomingView(tasks)
    qtbot.addWidget(view)
    view.resize(700, 400)
    view.show()
    view.days = 90
    with qtbot.waitSignal(view.loaded):
        view.refresh()
    assert view.summary.text() == "60 occasions in the next 90 days, 6 this week"
    assert view.model.rowCount() == 6  # the first week
    bar = view.table.verticalScrollBar()
    while not view.model.complete:
        shown = view.model.rowCount()
        bar.setValue(bar.maximum())  # the user scrolls to the bottom
        qtbot.waitUntil(lambda n=shown: view.model.rowCount() > n or view.model.complete)
    names = [view.model.row_at(r).contact_name for r in range(view.model.rowCount())]
    assert names == [f"Person {i:02}" for i in range(60)]
