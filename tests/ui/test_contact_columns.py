"""The contact list at the default size: the columns that fit beside the card, and
the others one right-click on the header away, remembered with the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication

from prm.ui.contacts.contact_table_model import ContactTableModel as M


def _shown(table) -> list[str]:
    header = table.horizontalHeader()
    columns = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    return [M.HEADERS[c] for c in sorted(columns, key=header.visualIndex)]


def _header_menu(qtbot, table):
    header = table.horizontalHeader()
    pos = QPoint(header.sectionViewportPosition(M.NAME) + 10, header.height() // 2)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, header.mapToGlobal(pos))
    QApplication.sendEvent(header.viewport(), event)
    qtbot.waitUntil(lambda: table.column_menu is not None and table.column_menu.isVisible())
    return table.column_menu


def _action(menu, text):
    return next(a for a in menu.actions() if a.text() == text)


def test_the_default_columns_fit_beside_the_card(qtbot, window, add_contact, wait_idle):
    table = window.contacts_view.table
    assert _shown(table) == ["Name", "Organization", "Email", "Last touch"]
    # Each shown column has room for its title.
    header = table.horizontalHeader()
    for column in (M.ORGANIZATION, M.EMAIL):
        title = header.fontMetrics().horizontalAdvance(M.HEADERS[column])
        assert header.sectionSize(column) > title + 20, M.HEADERS[column]


@pytest.mark.qt_log_ignore(  # the offscreen platform, when a menu pops up
    "does not support propagateSizeHints", "does not support raise", "does not support grabbing"
)
def test_the_header_menu_shows_and_hides_columns_and_the_window_remembers(
    qtbot, make_window, add_contact, wait_idle
):
    add_contact("Ann", "Lee")
    first = make_window()
    table = first.contacts_view.table
    menu = _header_menu(qtbot, table)
    assert not _action(menu, "Name").isEnabled()  # a row needs its name
    assert not _action(menu, "Phone").isChecked()
    _action(menu, "Phone").trigger()
    menu.close()
    assert "Phone" in _shown(table)
    menu = _header_menu(qtbot, table)
    _action(menu, "Email").trigger()
    menu.close()
    assert _shown(table) == ["Name", "Organization", "Phone", "Last touch"]
    first.close()

    second = make_window()
    assert _shown(second.contacts_view.table) == ["Name", "Organization", "Phone", "Last touch"]
    assert second.contacts_view.table.isColumnHidden(M.EMAIL)
