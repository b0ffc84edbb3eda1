"""Sample data lives in its own store; the user's own is never touched."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from prm.core import contact_list, demo
from prm.core.sample_store import SAMPLE_CONTACTS, SAMPLE_TOUCHES


def _sample_button(window) -> QPushButton:
    return next(
        b
        for b in window.contacts_view.empty.findChildren(QPushButton)
        if b.text() == "Try it with sample data"
    )


@pytest.fixture
def populate_calls(monkeypatch):
    """The real populate, watched (and kept small: it is the same code either way)."""
    calls = []
    real = demo.populate

    def watched(store, **kwargs):
        calls.append((store.paths.data_dir, kwargs))
        return real(store, **{**kwargs, "contacts": 30, "touches": 200})

    monkeypatch.setattr(demo, "populate", watched)
    return calls


def test_sample_data_goes_to_a_separate_store_and_back(
    qtbot, window, store, paths, populate_calls, wait_idle
):
    with qtbot.waitSignal(window.switcher.switched, timeout=20_000):
        qtbot.mouseClick(_sample_button(window), Qt.MouseButton.LeftButton)
    wait_idle()

    assert populate_calls == [
        (
            paths.demo.data_dir,
            {
                "contacts": SAMPLE_CONTACTS,
                "touches": SAMPLE_TOUCHES,
                "seed": 1,
                "clock": window.tasks.ctx.clock,
            },
        )
    ]
    assert window.windowTitle() == "PRM — Sample data"
    assert window.sample_bar.isVisible()
    assert "sample data" in window.sample_bar.label.text()
    assert window.sidebar.count_of("contacts") == 30
    assert window.contacts_view.model.rowCount() == 30
    assert (paths.demo.data_dir / "prm.sqlite3").exists()
    # Advocates is not empty: referrals (one to thank for), an introduction, and more.
    ledger = window.tasks.read(lambda s: [
        s.connection().exec_driver_sql(f"SELECT count(*) FROM {t}").scalar()
        for t in ("referral", "introduction", "advocacy_signal", "engagement")
    ])  # fmt: skip
    assert ledger == [2, 1, 1, 1]
    assert window.sidebar.count_of("advocates") == 1  # the thank-you owed
    with store.reading() as session:
        assert contact_list.count_contacts(session) == 0  # the real store is untouched

    with qtbot.waitSignal(window.switcher.switched):
        qtbot.mouseClick(window.sample_bar.action_button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert window.windowTitle() == "PRM"
    assert not window.sample_bar.isVisible()
    assert window.contacts_view.pages.currentWidget() is window.contacts_view.empty
    assert window.sidebar.count_of("contacts") == 0


def test_changes_in_sample_data_stay_there(qtbot, window, store, populate_calls, wait_idle):
    with qtbot.waitSignal(window.switcher.switched, timeout=20_000):
        window.actions.load_sample.trigger()
    wait_idle()
    window.contacts_view.table.selectAll()
    window.actions.delete.trigger()
    wait_idle()
    assert window.sidebar.count_of("trash") == 30
    with store.reading() as session:
        assert contact_list.count_contacts(session, trashed=True) == 0
    assert window.undo_stack.count() == 1

    with qtbot.waitSignal(window.switcher.switched):
        window.switcher.back_home()
    assert window.undo_stack.count() == 0  # sample steps cannot be undone in the real store


def test_sample_store_is_filled_once(qtbot, window, populate_calls, wait_idle):
    for _ in range(2):
        with qtbot.waitSignal(window.switcher.switched, timeout=20_000):
            window.open_sample_data()
        wait_idle()
        with qtbot.waitSignal(window.switcher.switched):
            window.switcher.back_home()
        wait_idle()
    assert len(populate_calls) == 1


def test_back_to_my_contacts_waits_for_the_running_meeting(
    qtbot, window, store, populate_calls, wait_idle
):
    """A meeting started in sample data keeps saving there: going home is refused."""
    with qtbot.waitSignal(window.switcher.switched, timeout=20_000):
        window.actions.load_sample.trigger()
    wait_idle()
    sample_store = window.tasks.ctx.store
    flow = window.meetings
    flow.plan([window.contacts_view.model.id_at(0)])
    qtbot.mouseClick(flow.plan_dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.meeting_window is not None, timeout=5000)
    flow.meeting_window.hide()  # out of sight, behind the main window

    qtbot.mouseClick(window.sample_bar.action_button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert window.switcher.showing_sample and window.tasks.ctx.store is sample_store
    assert "Finish the running meeting" in window.statusBar().currentMessage()
    assert flow.meeting_window.isVisible()

    flow._close_meeting()
    with qtbot.waitSignal(window.switcher.switched):
        qtbot.mouseClick(window.sample_bar.action_button, Qt.MouseButton.LeftButton)
    assert not window.switcher.showing_sample
