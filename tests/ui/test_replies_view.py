"""Awaiting my reply: who wrote first and still waits, oldest first, until answered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from prm.core import contacts, touches
from prm.core.drafts import ContactDraft
from prm.core.touches import TouchDraft
from prm.ui.common.palette import DUE, OVERDUE, attention_color
from prm.ui.touches.replies_view import RepliesTableModel, RepliesView

M = RepliesTableModel


@pytest.fixture
def wrote(store, clock):
    """``name`` sent a message ``days_ago`` that needs an answer; returns the contact id."""
    ids: dict[str, int] = {}

    def make(name: str, days_ago: int, summary: str = "", channel: str = "email") -> int:
        with store.transaction() as session:
            if name not in ids:
                draft = ContactDraft(given_name=name)
                ids[name] = contacts.create_contact(session, draft=draft, clock=clock).id
            draft = TouchDraft(
                [ids[name]],
                channel,
                direction="in",
                needs_reply=True,
                summary=summary,
                occurred_at=clock.now() - timedelta(days=days_ago),
            )
            touches.log_touch(session, draft=draft, clock=clock)
        return ids[name]

    return make


@pytest.fixture
def view(qtbot, tasks):
    view = RepliesView(tasks)
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    return view


def _reload(qtbot, view: RepliesView) -> None:
    with qtbot.waitSignal(view.loaded):
        view.refresh()


def test_model_passes_qtmodeltester(qtmodeltester, qtbot, view, wrote):
    wrote("Ada", 3, "Can we meet?")
    wrote("Bob", 1)
    _reload(qtbot, view)
    qtmodeltester.check(view.model, force_py=True)


def test_waiting_messages_are_listed_oldest_first_and_coloured(qtbot, view, wrote):
    wrote("Ada", 1, "Quick question about the proposal")
    wrote("Bob", 9, "Invoice", channel="text")
    wrote("Cy", 3, "Coffee next week?")
    _reload(qtbot, view)
    model = view.model
    assert [model.index(r, M.WHO).data() for r in range(3)] == ["Bob", "Cy", "Ada"]
    assert [model.index(r, M.WAITING).data() for r in range(3)] == ["9 days", "3 days", "1 day"]
    assert model.index(0, M.CHANNEL).data() == "Text"
    assert model.index(0, M.SUMMARY).data() == "Invoice"
    colour = Qt.ItemDataRole.ForegroundRole
    assert model.index(0, M.WAITING).data(colour) == attention_color(OVERDUE)
    assert model.index(1, M.WAITING).data(colour) == attention_color(DUE)
    assert model.index(2, M.WAITING).data(colour) is None
    assert "3 messages from 3 people" in view.summary.text()


def test_received_is_shown_in_local_time(qtbot, view, wrote, tasks, clock):
    wrote("Ada", 2)
    _reload(qtbot, view)
    local = (clock.now() - timedelta(days=2)).astimezone(tasks.ctx.zone)
    assert view.model.index(0, M.RECEIVED).data().endswith(f"{local:%H:%M}")
    assert f"{local:%b %Y}" in view.model.index(0, M.RECEIVED).data()


def test_keys_ask_to_reply_and_to_open(qtbot, view, wrote):
    wrote("Ada", 5)
    bob = wrote("Bob", 2)
    _reload(qtbot, view)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    with qtbot.waitSignal(view.log_touch_requested) as asked:
        qtbot.keyClick(view.table, Qt.Key.Key_L)
    assert asked.args == [bob]
    with qtbot.waitSignal(view.contact_activated) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_O)
    assert opened.args == [bob]


def test_visible_buttons_reply_and_open_only_with_a_selection(qtbot, view, wrote):
    _reload(qtbot, view)
    assert not view.reply_button.isEnabled() and not view.open_button.isEnabled()
    ada = wrote("Ada", 5)
    bob = wrote("Bob", 2)
    _reload(qtbot, view)
    assert view.reply_button.isVisible() and view.open_button.isVisible()
    view.table.select_row(1)
    assert view.reply_button.isEnabled() and view.open_button.isEnabled()
    with qtbot.waitSignal(view.log_touch_requested) as asked:
        qtbot.mouseClick(view.reply_button, Qt.MouseButton.LeftButton)
    assert asked.args == [bob]
    view.table.select_row(0)
    with qtbot.waitSignal(view.contact_activated) as opened:
        qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [ada]


def test_an_outbound_touch_answers_and_the_list_empties(qtbot, view, wrote, store, clock):
    ada = wrote("Ada", 4, "First")
    wrote("Ada", 2, "Second")
    _reload(qtbot, view)
    assert view.model.rowCount() == 2
    with store.transaction() as session:
        touches.log_touch(session, draft=TouchDraft([ada], "email"), clock=clock)
    with qtbot.waitSignal(view.count_changed, check_params_cb=lambda n: n == 0):
        view.refresh()
    assert view.stack.currentWidget() is view.empty
    assert view.empty.title.text() == "No one is waiting for a reply"
