"""The Meetings section: numbers, chart, overruns by contact, past meetings, details."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from prm.core import meeting_history, meetings
from prm.core.meetings import AgendaDraft, MeetingDraft, MeetingSummary, now_ms
from prm.core.models import Touch
from prm.ui.meetings.meetings_table_model import MeetingsTableModel as M


@pytest.fixture
def hold(store, clock):
    """Run a whole meeting through the real services; returns its id."""

    def run(
        attendees, minutes, *, planned=45, items=(("Status", 20), ("Next steps", 25)), **summary
    ):
        draft = MeetingDraft(
            attendees,
            length_minutes=planned,
            items=[AgendaDraft(t, m) for t, m in items],
            over_rule_confirmed=planned > 45,
        )
        with store.transaction() as session:
            meeting = meetings.start_meeting(session, draft=draft, clock=clock)
            meeting_id, timer = meeting.id, meetings.saved_timer(meeting)
        clock.advance(minutes=items[0][1] if len(items) > 1 else minutes)
        if len(items) > 1:
            timer.next_item(now_ms(clock))
            clock.advance(minutes=minutes - items[0][1])
        with store.transaction() as session:
            meetings.end_meeting(
                session,
                meeting_id=meeting_id,
                timer=timer,
                summary=MeetingSummary(**summary),
                clock=clock,
            )
        clock.advance(days=2)
        return meeting_id

    return run


@pytest.fixture
def section(qtbot, tasks):
    """The view as the window has it: inside its section, which hears every change."""
    from PySide6.QtWidgets import QWidget

    from prm.ui.meetings.meetings_section import MeetingsSection
    from prm.ui.operations import new_undo_stack

    window = QWidget()
    qtbot.addWidget(window)
    return MeetingsSection(tasks, new_undo_stack(tasks, window), window)


@pytest.fixture
def view(qtbot, section):
    view = section.view
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.section = section  # for show()
    return view


def show(qtbot, view):
    with qtbot.waitSignal(view.loaded):
        view.show()
        view.section.shown()


def test_empty_state_until_a_meeting_ends(qtbot, view):
    show(qtbot, view)
    assert view.stack.currentWidget() is view.empty
    assert view.empty.title.text() == "No meetings yet"
    assert view.chart.shown() == []


def test_numbers_match_the_stats_and_every_meeting_is_listed(qtbot, view, hold, add_contact, store):
    ann, bob = add_contact("Ann"), add_contact("Bob")
    hold([ann], 30)
    hold([ann, bob], 50)
    hold([bob], 40)
    hold([bob], 20, planned=60, items=(("Roadmap", 60),))
    show(qtbot, view)
    with store.reading() as session:
        stats = meeting_history.meeting_stats(session)
    tiles = view.tiles.tiles
    assert view.stack.currentWidget() is view.page
    assert tiles["count"].value.text() == str(stats.count) == "4"
    assert tiles["median"].value.text() == f"{round(stats.median_minutes)} min" == "35 min"
    assert tiles["under"].value.text() == "75%"
    assert tiles["overruns"].value.text() == str(stats.overruns) == "1"
    assert len(view.chart.shown()) == 4
    assert view.model.rowCount() == 4
    assert view.model.index(0, M.ACTUAL).data() == "20 min"  # newest first
    panel = view.overruns_card
    assert sorted(panel.names()) == ["Ann", "Bob"]
    assert panel.list.topLevelItem(0).text(1) in ("1 of 2", "1 of 3")


def test_choosing_someone_in_overruns_narrows_the_table(qtbot, view, hold, add_contact):
    ann, bob = add_contact("Ann"), add_contact("Bob")
    hold([ann], 50)
    hold([bob], 20)
    hold([bob], 25)
    show(qtbot, view)
    assert view.model.rowCount() == 3
    with qtbot.waitSignal(view.loaded):
        view.overruns_card.list.itemClicked.emit(view.overruns_card.list.topLevelItem(0), 0)
    assert view.model.rowCount() == 1 and view.table_heading.text() == "Meetings with Ann"
    assert view.tiles.tiles["count"].value.text() == "3"  # the numbers stay about everyone
    with qtbot.waitSignal(view.loaded):
        view.show_all.click()
    assert view.model.rowCount() == 3 and view.show_all.isHidden()


def test_double_click_opens_the_details_with_each_agenda_item(
    qtbot, view, hold, add_contact, tasks
):
    ann = add_contact("Ann")
    hold(
        [ann],
        52,
        items=(("Status", 20), ("Next steps", 25)),
        notes="They want a pilot",
        outcomes="Pilot agreed",
        next_step="Send the SOW",
        next_touch_on=date(2026, 4, 2),
    )
    show(qtbot, view)
    rect = view.table.visualRect(view.model.index(0, M.TITLE))
    viewport, left = view.table.viewport(), Qt.MouseButton.LeftButton
    QTest.mouseClick(viewport, left, pos=rect.center())  # a double-click is a press first
    QTest.mouseDClick(viewport, left, pos=rect.center())
    dialog = view.details_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.details is not None)
    items = dialog.items
    assert items.rowCount() == 2
    assert [items.item(r, 0).text() for r in range(2)] == ["Status", "Next steps"]
    assert [items.item(r, 1).text() for r in range(2)] == ["20 min", "25 min"]
    assert items.item(1, 2).text() == "32 min"  # 52 minutes in all, 20 of them on the first item
    assert items.item(1, 2).foreground().color() != items.item(0, 2).foreground().color()
    assert dialog.fields["with"].text() == "Ann"
    assert dialog.fields["outcomes"].text() == "Pilot agreed"
    assert dialog.fields["next_step"].text() == "Send the SOW"
    assert dialog.fields["next_touch"].text() == "2 Apr 2026"
    assert "over by 7" in dialog.when.text()
    # Compact: the date line right under the title, the times clear of the edge.
    assert dialog.when.geometry().top() - dialog.title.geometry().bottom() < 12
    for column in (1, 2):
        assert items.columnWidth(column) >= items.sizeHintForColumn(column) + 12
    dialog.reject()


def test_enter_opens_the_current_meeting(qtbot, view, hold, add_contact):
    hold([add_contact("Ann")], 20)
    show(qtbot, view)
    view.table.setFocus()
    QTest.keyClick(view.table, Qt.Key.Key_Return)
    assert view.details_dialog is not None and view.details_dialog.meeting_id == view.model.id_at(0)
    view.details_dialog.reject()
    assert view.details_dialog is None


def test_discarding_a_meeting_removes_it_and_its_touch(qtbot, view, hold, add_contact, store):
    ann = add_contact("Ann")
    keep, drop = hold([ann], 20), hold([ann], 30)
    show(qtbot, view)
    dialog = view.open_details(drop)
    qtbot.waitUntil(lambda: dialog.details is not None)
    with store.reading() as session:
        touch_id = meetings.get_meeting(session, meeting_id=drop).touch_id
    with qtbot.waitSignal(view.loaded):  # the discard's write reloads the section on screen
        dialog.discard()
    assert [view.model.id_at(r) for r in range(view.model.rowCount())] == [keep]
    assert view.tiles.tiles["count"].value.text() == "1"
    with store.reading() as session:
        assert session.get(Touch, touch_id).deleted_at is not None
    stack = view.section.undo_stack
    assert stack.undoText() == "Discard meeting “Meeting with Ann”"
    with qtbot.waitSignal(view.loaded):
        stack.undo()  # both come back
    assert view.model.rowCount() == 2
    with store.reading() as session:
        assert session.get(Touch, touch_id).deleted_at is None


def test_meetings_is_a_section_of_the_window(qtbot, window, hold, add_contact):
    hold([add_contact("Ann")], 20)
    with qtbot.waitSignal(window.section("meetings").view.loaded):
        window.sidebar.select("meetings")
    assert window.stack.currentWidget() is window.section("meetings").view
    assert window.section("meetings").view.model.rowCount() == 1


def test_table_and_details_agree_on_a_meeting_half_a_minute_past_a_whole_one(
    qtbot, view, hold, add_contact
):
    """50 min 30 s planned at 45: one rounding rule (half a minute rounds up) says
    51 minutes, 6 over, in the table, its tooltips, the chart and the details."""
    hold([add_contact("Ann")], 50.5)
    show(qtbot, view)
    model = view.model
    assert model.index(0, M.ACTUAL).data() == "51 min"
    assert model.index(0, M.RULE).data() == "Over by 6 min"
    assert model.index(0, M.ACTUAL).data(Qt.ItemDataRole.ToolTipRole) == (
        "Ran 6 min past its 45-minute plan"
    )
    row = model.row_at(0)
    assert "51 min of 45 planned (over by 6)" in view.chart.tooltip_for(row)
    dialog = view.open_details(row.id)
    qtbot.waitUntil(lambda: dialog.details is not None)
    assert "51 min of 45 planned, over by 6 · longer than" in dialog.when.text()
    dialog.reject()
