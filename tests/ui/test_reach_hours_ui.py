"""Time zones where a user notices them: "Can call now" on Reach out, the warning
before logging a call at night their time, reachable hours in the editor, and the
card's place and local time. The clock is fixed: Saturday 14 March 2026, 09:30 UTC."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from prm.core import contacts
from prm.core.clock import FakeClock
from prm.core.drafts import AddressDraft, ContactDraft
from prm.core.touches import TouchDraft, log_touch
from prm.core.travel.reach_now import ReachNowRow
from prm.ui.touches.touch_sections import REACH_OUT
from prm.ui.travel.reach_now_panel import window_text


@pytest.fixture
def person(store, clock):
    def make(given, *, days_ago=60, **fields) -> int:
        with store.transaction() as session:
            cid = contacts.create_contact(
                session,
                draft=ContactDraft(given_name=given, family_name="Z", cadence_days=30, **fields),
                clock=FakeClock(clock.now() - timedelta(days=400)),
            ).id
            when = clock.now() - timedelta(days=days_ago)
            log_touch(session, draft=TouchDraft([cid], "email", occurred_at=when), clock=clock)
        return cid

    return make


def test_can_call_now_shows_only_people_inside_their_hours_soon(window, qtbot, wait_idle, person):
    # 09:30 UTC on a Saturday:
    anna = person("Anna", days_ago=90, timezone="Asia/Tokyo", reach_hours="daily 09:00-20:00")
    person("Ben", timezone="America/New_York", reach_hours="daily 09:00-17:00")  # 05:30
    person("Cara", timezone="Europe/London")  # weekdays only: not on a Saturday
    dan = person("Dan", days_ago=45, timezone="Europe/Berlin", reach_hours="daily 11:00-18:00")
    person("Eve", days_ago=120)  # no zone, no address, no phone: left out
    window.sidebar.select(REACH_OUT)
    wait_idle()
    view = window.section(REACH_OUT).view
    view.call_now_check.setChecked(True)
    wait_idle()
    panel = view.call_now
    assert view.stack.currentWidget() is panel
    rows = [panel.model.row_at(r) for r in range(panel.model.rowCount())]
    assert [r.contact_id for r in rows] == [anna, dan]  # most overdue first
    assert rows[0].local_time_text == "18:30 Sat (Tokyo)"
    cell = lambda r, c: panel.model.index(r, c).data()  # noqa: E731
    assert cell(0, panel.model.WINDOW) == "open now · 1 h 30 min left"
    assert cell(1, panel.model.WINDOW) == "opens in 30 min · for 7 h"
    assert not view.tag_combo.isEnabled()  # the list's filters rest meanwhile
    # L logs a touch with the current person, as on the list itself.
    with qtbot.waitSignal(view.log_touch_requested) as asked:
        qtbot.keyClick(panel.table, Qt.Key.Key_L)
    assert asked.args == [anna]
    view.call_now_check.setChecked(False)
    wait_idle()
    assert view.stack.currentWidget() is not panel


def test_window_text_reads_naturally():
    row = ReachNowRow(1, "A", "", 65, "", "", 0)
    assert window_text(row) == "open now · 1 h 5 min left"
    assert window_text(ReachNowRow(1, "A", "", 120, "", "", 5)) == "opens in 5 min · for 2 h"


@pytest.fixture
def quick_log(qtbot, tasks):
    from prm.ui.operations import new_undo_stack
    from prm.ui.touches.quick_log_dialog import QuickLogDialog

    stack = new_undo_stack(tasks)

    def open_(contact_id: int) -> QuickLogDialog:
        dialog = QuickLogDialog(tasks, stack, contact_id=contact_id)
        qtbot.addWidget(dialog, before_close_func=lambda d: d.done(0))
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return open_


def _touches(store, contact_id) -> int:
    from prm.core.timeline import contact_timeline

    with store.reading() as session:
        return len(contact_timeline(session, contact_id=contact_id))


def test_a_call_at_night_their_time_is_warned_before_saving_and_can_still_be_logged(
    qtbot, quick_log, person, store, wait_idle
):
    tokyo = person("Kenji", timezone="Asia/Tokyo", preferred_channel="call")  # 18:30 Sat there
    before = _touches(store, tokyo)
    dialog = quick_log(tokyo)
    bar = dialog.call_warning.bar
    qtbot.waitUntil(bar.isVisible)  # as soon as the form says call + Kenji: before saving
    assert bar.label.text() == (
        "It is Sat 18:30 for Kenji (Tokyo) — outside their hours 09:00–18:00 on weekdays."
        " Log anyway?"
    )
    assert _touches(store, tokyo) == before
    dialog.submit()  # the user read it and logs anyway
    wait_idle()
    assert _touches(store, tokyo) == before + 1


def test_the_warning_stops_a_fast_enter_once_and_goes_for_email(
    qtbot, quick_log, person, store, wait_idle
):
    tokyo = person("Kenji", timezone="Asia/Tokyo", preferred_channel="call")
    before = _touches(store, tokyo)
    dialog = quick_log(tokyo)
    dialog.submit()  # Enter before the warning came up: it shows, nothing is saved yet
    assert dialog.call_warning.bar.isVisible() and dialog.isVisible()
    wait_idle()
    assert _touches(store, tokyo) == before
    dialog.form.channel.setCurrentIndex(dialog.form.channel.findData("email"))
    qtbot.waitUntil(lambda: not dialog.call_warning.bar.isVisible())


def test_reachable_hours_are_saved_from_the_editor_and_shown_on_the_card(
    qtbot, window, store, wait_idle, add_contact
):
    anna = add_contact("Anna", "Berg")
    wait_idle()
    window.contacts_view.show_contact(anna)
    wait_idle()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(window.editing.editor_opened) as opened:
        window.edit_selected()
    editor = opened.args[0]
    page = editor.personal_page
    assert page.reach_hours.accessibleName() == "Reachable"
    page.timezone.setEditText("Asia/Tokyo")
    page.reach_hours.setText("mon-sat 8:30-20")
    with qtbot.waitSignal(editor.finished):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_idle()
    with store.reading() as session:
        stored = contacts.get_contact(session, contact_id=anna)
    assert stored.reach_hours == "Mon-Sat 08:30-20:00"
    card = window.contacts_view.card
    qtbot.waitUntil(lambda: "Reachable" in card.details.toPlainText())
    text = card.details.toPlainText()
    assert "Mon-Sat 08:30–20:00 · open now, their time" in text  # 18:30 Saturday in Tokyo


def test_the_card_says_where_they_are_and_their_time(qtbot, window, store, wait_idle, clock):
    with store.transaction() as session:
        cid = contacts.create_contact(
            session,
            draft=ContactDraft(given_name="Lena", addresses=[AddressDraft(locality="München")]),
            clock=clock,
        ).id
    wait_idle()
    window.contacts_view.show_contact(cid)
    card = window.contacts_view.card
    qtbot.waitUntil(lambda: "Place" in card.details.toPlainText(), timeout=30_000)
    text = card.details.toPlainText()
    assert "Munich, Germany" in text
    assert "10:30 there now (Sat)" in text  # Munich's time; she has no time zone of her own
    assert "09:00–18:00 on weekdays (the usual) · closed now, their time" in text
