"""The main window as a user meets it: sections, counts, title, settings."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect

from prm.ui.main_window import CONTACTS, TRASH


def test_starts_on_contacts_with_counts(window, add_contact, store):
    assert window.windowTitle() == "PRM"
    assert window.sidebar.current_key() == CONTACTS
    assert window.stack.currentWidget() is window.contacts_view
    assert window.sidebar.count_of(CONTACTS) == 0
    assert window.sidebar.count_of(TRASH) == 0


def test_counts_follow_the_store(make_window, add_contact):
    add_contact("Ada", "Lovelace")
    add_contact("Grace", "Hopper")
    window = make_window()
    assert window.sidebar.count_of(CONTACTS) == 2
    assert window.contacts_view.model.rowCount() == 2


def test_sidebar_switches_views(window):
    window.sidebar.select(TRASH)
    assert window.stack.currentWidget() is window.section("trash").view
    assert window.actions.delete.text() == "&Delete forever…"
    window.sidebar.select(CONTACTS)
    assert window.stack.currentWidget() is window.contacts_view


def test_geometry_and_splitters_are_restored(qtbot, make_window, settings):
    first = make_window()
    first.setGeometry(QRect(30, 40, 700, 480))  # the offscreen screen is 800x600
    first.body.setSizes([150, 550])
    first.close()
    geometry = settings.value("window/geometry")
    assert isinstance(geometry, QByteArray)

    second = make_window()
    assert second.size() == first.size()
    assert second.body.sizes()[0] == first.body.sizes()[0]


def test_the_undo_hint_goes_once_the_undo_happened(
    qtbot, window, add_contact, store, clock, wait_idle
):
    """Marking a gift given says "… — Undo (Ctrl+Z)"; after Ctrl+Z that offer must go."""
    from prm.core import gifts
    from prm.ui.common.undo import undo_hint

    ann = add_contact("Ann")
    with store.transaction() as session:
        wine = gifts.add_gift(
            session, draft=gifts.GiftDraft(contact_id=ann, description="Wine"), clock=clock
        ).id
    wait_idle()
    window.gifts.mark_given(wine)
    wait_idle()
    assert undo_hint() in window.statusBar().currentMessage()
    window.undo_stack.undo()
    wait_idle()
    assert undo_hint() not in window.statusBar().currentMessage()
