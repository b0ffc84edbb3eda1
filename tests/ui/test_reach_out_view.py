"""Reach out: who to get in touch with next, and acting on it from the keyboard."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from prm.core import contacts, demo, touches
from prm.core import reach_out as core
from prm.core.drafts import ContactDraft
from prm.core.touches import TouchDraft
from prm.ui.common.palette import DUE, OVERDUE, attention_color
from prm.ui.touches.reach_out_table_model import ReachOutQuery, ReachOutTableModel
from prm.ui.touches.reach_out_view import ReachOutView

CLIENTS, INNER_CIRCLE = 2, 1  # default tiers: every 30 days (overdue at 45), every 14 (21)
M = ReachOutTableModel


@pytest.fixture
def person(store, clock):
    """A contact with a cadence, last touched ``days_ago`` (None: never)."""

    def make(name: str, days_ago: int | None = None, *, tier: int = CLIENTS, **fields) -> int:
        with store.transaction() as session:
            draft = ContactDraft(given_name=name, cadence_tier_id=tier, **fields)
            contact_id = contacts.create_contact(session, draft=draft, clock=clock).id
            if days_ago is not None:
                _touch(session, clock, contact_id, days_ago)
        return contact_id

    return make


def _touch(session, clock, contact_id: int, days_ago: int = 0) -> None:
    when = clock.now() - timedelta(days=days_ago)
    draft = TouchDraft([contact_id], "email", occurred_at=when)
    touches.log_touch(session, draft=draft, clock=clock)


@pytest.fixture
def make_view(qtbot, tasks):
    def make(*, show_all: bool = False) -> ReachOutView:
        view = ReachOutView(tasks)
        qtbot.addWidget(view)
        view.resize(960, 560)
        view.show()
        with qtbot.waitSignal(view.loaded):
            view.refresh()
        if show_all:  # everyone, not this week's short list: the rows, then the counts
            with qtbot.waitSignals([view.loaded, view.counted]):
                view.scope_button.click()
        return view

    return make


def _names(view: ReachOutView) -> list[str]:
    return [view.model.row_at(row).name for row in range(view.model.rowCount())]


def _reload(qtbot, view: ReachOutView) -> None:
    signals = [view.loaded, view.counted] if view.show_all else [view.loaded]
    with qtbot.waitSignals(signals):
        view.refresh()


@pytest.mark.parametrize("count", [0, 250])
def test_model_passes_qtmodeltester(qtmodeltester, qtbot, tasks, store, clock, count):
    if count:
        demo.populate(store, contacts=count, touches=2000, seed=1, clock=clock)
    query = ReachOutQuery(now=clock.now(), zone=tasks.ctx.zone)
    model = ReachOutTableModel(tasks.run)
    rows = tasks.read(lambda s: query.page(s, limit=M.PAGE_SIZE))
    model.set_rows(query, rows, asked=M.PAGE_SIZE)
    qtmodeltester.check(model, force_py=True)
    # The tester asked for more; the page arrives from the worker under its watch.
    qtbot.waitUntil(lambda: not model.is_fetching())
    assert model.rowCount() == (2 * M.PAGE_SIZE if count else 0)


def test_most_overdue_first_with_status_text_and_colour(make_view, person):
    person("Ada", 60, organization="Analytical")  # 60 of 30 days: overdue
    person("Bob", 35, preferred_channel="text")  # due
    person("Cy", 5)  # on track
    person("Di")  # added today, never contacted
    view = make_view(show_all=True)
    model = view.model
    assert _names(view) == ["Ada", "Bob", "Cy", "Di"]
    statuses = [model.index(r, M.STATUS).data() for r in range(4)]
    assert statuses == ["Overdue", "Due", "On track", "Never contacted"]
    assert [model.index(r, M.STATUS).data(M.StatusRole) for r in range(4)] == [
        core.STATUS_OVERDUE,
        core.STATUS_DUE,
        core.STATUS_ON_TRACK,
        core.STATUS_NEVER,
    ]
    foreground = Qt.ItemDataRole.ForegroundRole
    assert model.index(0, M.STATUS).data(foreground) == attention_color(OVERDUE)
    assert model.index(1, M.STATUS).data(foreground) == attention_color(DUE)
    assert model.index(2, M.STATUS).data(foreground) is None  # on track: plain text
    assert model.index(3, M.STATUS).data(foreground) == attention_color(DUE)  # needs a first touch
    assert model.index(3, M.STATUS).data(Qt.ItemDataRole.FontRole).italic()
    assert model.index(0, M.NAME).data() == "Ada · Analytical"
    assert model.index(0, M.DAYS).data() == "60 d / every 30"
    assert model.index(1, M.PREFERS).data() == "prefers text"
    assert model.index(3, M.LAST_TOUCH).data() == "never"
    assert model.index(0, M.LAST_TOUCH).data().endswith("· Email")
    assert view.needing_attention == 3
    assert view.summary.text() == (
        "3 people need you: 1 overdue, 1 due, 1 never contacted. Everyone, most overdue first."
    )


def test_drifting_is_flagged_with_its_usual_rhythm(make_view, person, store, clock):
    cid = person("Eve", 34, tier=3)  # Network: every 90 days, so not even due
    with store.transaction() as session:
        for days in (41, 48, 55, 62):  # weekly before going quiet
            _touch(session, clock, cid, days)
    view = make_view(show_all=True)
    index = view.model.index(view.model.row_for_id(cid), M.DRIFTING)
    assert "Drifting" in index.data()
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "Usually every 7 days; now 34"


def test_badge_count_follows_the_list(qtbot, tasks, person):
    person("Ada", 60)
    person("Bob", 35)
    view = ReachOutView(tasks)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.count_changed, check_params_cb=lambda n: n == 2):
        view.refresh()


def test_logging_a_touch_moves_the_row_on_and_keeps_the_place(
    qtbot, make_view, person, store, clock
):
    ada, bob = person("Ada", 60), person("Bob", 50)
    person("Cy", 35)
    view = make_view(show_all=True)
    view.table.select_row(0)
    assert view.current_id() == ada
    with store.transaction() as session:
        _touch(session, clock, ada)
    with qtbot.waitSignal(view.count_changed, check_params_cb=lambda n: n == 2):
        view.reload_after_touch(ada)
    assert _names(view) == ["Bob", "Cy", "Ada"]
    assert view.current_id() == bob  # the next person, ready for the next L


def test_filters_by_tag_and_by_tier(qtbot, make_view, person):
    person("Ada", 60, tags=["board"])
    person("Bob", 50)
    inner = person("Cy", 30, tier=INNER_CIRCLE)
    view = make_view()
    assert view.tag_combo.itemText(0) == "All tags"
    with qtbot.waitSignal(view.loaded):
        view.tag_combo.setCurrentIndex(view.tag_combo.findData("board"))
    assert _names(view) == ["Ada"]
    with qtbot.waitSignal(view.loaded):
        view.tag_combo.setCurrentIndex(0)
    with qtbot.waitSignal(view.loaded):
        view.tier_combo.setCurrentIndex(view.tier_combo.findData(INNER_CIRCLE))
    assert [view.model.id_at(r) for r in range(view.model.rowCount())] == [inner]
    assert view.tier_combo.currentText().startswith("Inner circle")


def test_keys_ask_to_log_a_touch_and_to_open_the_contact(qtbot, make_view, person):
    person("Ada", 60)
    bob = person("Bob", 50)
    view = make_view()
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    with qtbot.waitSignal(view.log_touch_requested) as logged:
        qtbot.keyClick(view.table, Qt.Key.Key_L)
    assert logged.args == [bob]
    with qtbot.waitSignal(view.log_touch_requested) as logged:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert logged.args == [bob]
    with qtbot.waitSignal(view.contact_activated) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_O)
    assert opened.args == [bob]


def test_snoozing_hides_the_contact_until_shown(qtbot, make_view, person):
    ada = person("Ada", 60)
    person("Bob", 50)
    view = make_view()
    view.table.select_row(0)
    qtbot.keyClick(view.table, Qt.Key.Key_S)
    dialog = view.snooze_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(dialog.quick_buttons["1 month"], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.reason_edit, "On parental leave")
    with qtbot.waitSignal(view.changed), qtbot.waitSignal(dialog.finished):
        dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    qtbot.waitUntil(lambda: _names(view) == ["Bob"])
    with qtbot.waitSignal(view.loaded):
        view.snoozed_check.setChecked(True)
    row = view.model.row_for_id(ada)
    assert view.model.index(row, M.STATUS).data().startswith("Snoozed to")


def test_a_day_that_is_no_longer_in_the_future_is_refused_inline(qtbot, make_view, person, clock):
    person("Ada", 60)
    view = make_view()
    dialog = view.open_snooze(view.model.id_at(0))
    qtbot.keyClicks(dialog.reason_edit, "Travelling")
    clock.advance(days=8)  # the dialog stayed open past the chosen day
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.date_slot.error.isHidden())
    assert "after today" in dialog.date_slot.error.text()
    assert dialog.isVisible()
    assert dialog.reason_edit.text() == "Travelling"
    assert dialog.ok_button.isEnabled()


def test_wake_now_brings_a_snoozed_contact_back(qtbot, make_view, person, store, clock):
    ada = person("Ada", 60)
    with store.transaction() as session:
        today = clock.now().date()
        core.snooze_contact(session, contact_id=ada, until=today + timedelta(days=20), today=today)
    view = make_view()
    assert _names(view) == []
    with qtbot.waitSignal(view.loaded):
        view.snoozed_check.setChecked(True)
    dialog = view.open_snooze(ada)
    assert dialog.wake_button is not None
    with qtbot.waitSignal(view.changed):
        dialog.wake_button.click()
    with qtbot.waitSignal(view.loaded):
        view.snoozed_check.setChecked(False)
    assert _names(view) == ["Ada"]


def test_scrolling_down_loads_the_next_page(qtbot, make_view, tasks, store, clock):
    demo.populate(store, contacts=250, touches=2000, seed=1, clock=clock)
    view = make_view(show_all=True)
    assert view.model.rowCount() == M.PAGE_SIZE
    assert not view.model.is_fetching()  # the first screen does not need a second page
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() > M.PAGE_SIZE)
    ids = [view.model.id_at(r) for r in range(view.model.rowCount())]
    assert len(ids) == len(set(ids))  # pages follow on, no repeats
    query = view.model.query()
    at_once = tasks.read(lambda s: query.page(s, limit=1000))
    assert ids == [row.contact_id for row in at_once][: len(ids)]  # the same ranking, page by page
    while view.model.canFetchMore() or view.model.is_fetching():
        view.table.scrollToBottom()
        qtbot.waitUntil(lambda: not view.model.is_fetching())
    assert view.model.rowCount() == len(at_once)  # a short page ended the list
    assert view.model.pages_fetched == len(at_once) // M.PAGE_SIZE  # after the first page


def test_calm_message_when_nobody_is_due(qtbot, make_view, person):
    view = make_view()
    assert view.stack.currentWidget() is view.empty
    assert view.empty.title.text() == "No one has a rhythm yet"
    person("Ada", 3)
    _reload(qtbot, view)
    assert view.empty.title.text() == "Everyone is on track"
    assert "Ada" in view.empty.text.text()
    with qtbot.waitSignal(view.loaded):
        view.show_all_button.click()
    assert view.stack.currentWidget() is view.table
    assert view.scope_button.text() == "Show this week's list"


def test_opens_on_this_weeks_short_list_with_the_rest_one_click_away(
    qtbot, tasks, settings, person
):
    for i in range(5):
        person(f"Client {i}", 50)  # overdue
    person("Ina", 15, tier=INNER_CIRCLE)  # due, and worth most
    person("Fay", 2)  # on track: never on the list
    view = ReachOutView(tasks, settings=settings)
    qtbot.addWidget(view)
    view.resize(1000, 560)
    view.show()
    with qtbot.waitSignal(view.loaded):
        view.refresh()
    assert view.capacity_spin.value() == 15  # the default
    assert _names(view)[0] == "Ina" and len(_names(view)) == 6
    assert not view.scope_button.isVisible()  # everyone fits this week
    with qtbot.waitSignal(view.loaded):
        view.capacity_spin.setValue(2)
    assert _names(view) == ["Ina", "Client 0"]
    assert view.summary.text() == (
        "6 people need you: 5 overdue, 1 due. This week's 2, most valuable first."
    )
    assert view.scope_button.isVisible() and view.scope_button.text() == "Show all 6"
    with qtbot.waitSignal(view.loaded):
        qtbot.mouseClick(view.scope_button, Qt.MouseButton.LeftButton)
    assert "Fay" in _names(view) and len(_names(view)) == 7
    assert view.scope_button.text() == "Show this week's list"
    # The capacity is the user's: a new Reach out (a new launch) starts with it.
    again = ReachOutView(tasks, settings=settings)
    qtbot.addWidget(again)
    assert again.capacity_spin.value() == 2


def test_just_imported_clients_are_never_contacted_not_on_track(qtbot, make_view, person):
    for i in range(30):
        person(f"Imported {i}")  # a Client with a cadence, no touch yet
    view = make_view()
    assert view.stack.currentWidget() is view.table
    assert len(_names(view)) == 15
    assert view.model.index(0, M.STATUS).data() == "Never contacted"
    assert view.summary.text() == (
        "30 people need you: 30 never contacted. This week's 15, most valuable first."
    )
    assert view.needing_attention == 30


def test_everyone_shows_the_rows_first_and_the_counts_after(qtbot, make_view, person):
    """Show all: the ranking's first rows need no count (at 1M contacts counting
    who needs the user reads ~120k index entries); the counts follow."""
    person("Late", 60)
    person("New")
    view = make_view()
    with qtbot.waitSignal(view.loaded):
        view.scope_button.click()
    assert _names(view) == ["Late", "New"]
    assert view.scope_button.text() == "Show this week's list"
    assert view.summary.text() == "Everyone, most overdue first. Counting who needs you…"
    with qtbot.waitSignal(view.counted):
        pass  # delivered by the worker after the rows
    assert view.summary.text().startswith("2 people need you: 1 overdue, 1 never contacted.")
    assert view.needing_attention == 2
