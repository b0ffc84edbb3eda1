"""Contacts, like every section, is built when first shown: Home is the first screen,
and start-up does not pay for the list, the card and the timeline."""

from __future__ import annotations

from prm.ui.contacts.contacts_section import CONTACTS
from prm.ui.main_window import MainWindow


def test_contacts_is_built_when_first_shown_and_then_works(
    qtbot, tasks, settings, theme, add_contact, wait_idle
):
    add_contact("Ada", "Lovelace")
    add_contact("Grace", "Hopper")
    window = MainWindow(tasks, settings=settings, theme=theme)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready):
        window.show()
    assert not window.section(CONTACTS).built
    window.actions.find.trigger()  # Ctrl+F: the search, on Contacts
    assert window.section(CONTACTS).built
    view = window.contacts_view
    assert view.search.hasFocus()
    qtbot.keyClicks(view.search, "hop")
    view.search.flush()
    wait_idle()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    # Wired as it is built: the rows' actions, the card's sync banner, Edit enabled.
    assert window.actions.edit in view.table._row_actions
    assert window.sync.banner is not None
    assert window.actions.edit.isEnabled()
