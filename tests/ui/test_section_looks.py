"""How the list sections look at the default size, in light and dark: one header
style, segments whose choice shows, a separator instead of a floating grip, room
to read what is typed."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPushButton

from prm.ui.articles.articles_section import ARTICLES
from prm.ui.common.palette import is_dark
from prm.ui.common.theme import DARK, LIGHT
from prm.ui.contacts.contacts_section import CONTACTS, TRASH
from prm.ui.events.event_section import UPCOMING
from prm.ui.gifts.gift_section import GIFTS
from prm.ui.meetings.meetings_section import MEETINGS
from prm.ui.touches.touch_sections import REACH_OUT, REPLIES, REVIEW
from prm.ui.widgets.list_page import ROW_SPACING, PageHeader


def _show(qtbot, window, key):
    window.sidebar.select(key)
    section = window.section(key)
    qtbot.waitUntil(lambda: section.built and section.view.isVisible())
    return section.view


def _fill(button: QPushButton) -> QColor:
    """The commonest colour inside the button, away from its text and border."""
    image = button.grab().toImage()
    colours = Counter(
        image.pixelColor(x, y).rgb()
        for x in range(3, image.width() - 3)
        for y in range(3, image.height() - 3)
    )
    return QColor.fromRgb(colours.most_common(1)[0][0])


PLAN = "plan"  # the meeting plan dialog's length presets


def _segmented_owner(qtbot, window, key):
    if key != PLAN:
        return _show(qtbot, window, key)
    window.meetings.plan([])
    dialog = window.meetings.plan_dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


@pytest.mark.parametrize("mode", [LIGHT, DARK])
@pytest.mark.parametrize("key", [GIFTS, UPCOMING, PLAN])
def test_the_chosen_segment_stands_out_in_both_themes(qtbot, qapp, window, key, mode):
    view = _segmented_owner(qtbot, window, key)
    window.set_theme(mode)  # switched after the view was built: the segments follow
    assert is_dark(qapp.palette()) == (mode == DARK)
    buttons = view.segmented.group.buttons()
    checked = [b for b in buttons if b.isChecked()]
    unchecked = [b for b in buttons if not b.isChecked()]
    assert len(checked) == 1 and unchecked
    on, off = _fill(checked[0]), _fill(unchecked[0])
    # Clearly apart, not Fusion's 10 % darker.
    distance = sum(abs(a - b) for a, b in zip(on.getRgb()[:3], off.getRgb()[:3], strict=True))
    assert distance > 120, (on.name(), off.name())
    unchecked[0].click()
    assert _fill(unchecked[0]) == on


def test_every_list_section_has_the_same_header(qtbot, window):
    keys = (CONTACTS, REACH_OUT, REPLIES, REVIEW, MEETINGS, GIFTS, UPCOMING, ARTICLES, TRASH)
    for key in keys:
        view = _show(qtbot, window, key)
        headers = view.findChildren(PageHeader)
        assert len(headers) == 1, key
        header = headers[0]
        assert header.contentsMargins().left() == 14
        # Title and hint share the first line.
        assert abs(header.title.geometry().bottom() - header.summary.geometry().bottom()) < 8


def test_the_trash_buttons_keep_their_distance(
    qtbot, make_window, add_contact, store, clock, wait_idle
):
    from prm.core import contacts

    ids = [add_contact(f"Person {i}") for i in range(2)]
    with store.transaction() as session:
        contacts.trash_contacts(session, ids=ids, clock=clock)
    window = make_window()
    view = _show(qtbot, window, TRASH)
    wait_idle()
    qtbot.waitUntil(lambda: view.restore_button.isVisible())
    restore, purge = view.restore_button.geometry(), view.purge_button.geometry()
    assert purge.left() - restore.right() > ROW_SPACING - 2
    # The same row helper as the other sections: the buttons sit under the title, not beside it.
    assert restore.top() > view.findChild(PageHeader).title.geometry().bottom()


def test_the_sidebar_is_set_off_by_a_line_not_a_floating_grip(qtbot, qapp, window):
    for mode in (LIGHT, DARK):
        window.set_theme(mode)
        body = window.body
        assert body.handleWidth() == 1
        handle = body.handle(1)
        x = handle.geometry().center().x()
        image = window.grab().toImage()
        top = body.mapTo(window, body.rect().topLeft()).y()
        column = {image.pixelColor(x, y).rgb() for y in range(top + 5, top + body.height() - 5)}
        assert len(column) == 1  # one even line, no dots
        window_colour = qapp.palette().color(qapp.palette().ColorRole.Window).rgb()
        assert column != {window_colour}


def _text_gap_at_right(view, index) -> int:
    """Pixels between the right end of a cell's text and the viewport's right edge."""
    image = view.viewport().grab().toImage()
    rect = view.visualRect(index)
    y_range = range(rect.top() + 2, rect.bottom() - 1)
    right = image.width() - 1
    background = image.pixelColor(right, rect.center().y())

    def inked(x: int) -> bool:
        for y in y_range:
            c = image.pixelColor(x, y)
            if abs(c.red() - background.red()) + abs(c.green() - background.green()) > 80:
                return True
        return False

    x = right
    while x > rect.left() and not inked(x):
        x -= 1
    return right - x


@pytest.mark.parametrize("mode", [LIGHT, DARK])
def test_the_last_column_keeps_clear_of_the_window_edge(
    qtbot, make_window, add_contact, store, clock, wait_idle, mode
):
    from prm.core import gifts
    from prm.core.gifts import GiftDraft
    from prm.ui.gifts.gifts_table_model import GiftsTableModel

    ann = add_contact("Ann")
    with store.transaction() as session:
        draft = GiftDraft(contact_id=ann, description="Coffee", price="18.50", currency="EUR")
        gifts.add_gift(session, draft=draft, clock=clock)
    window = make_window()
    window.resize(1180, 740)
    window.set_theme(mode)
    view = _show(qtbot, window, GIFTS)
    wait_idle()
    table = view.table
    qtbot.waitUntil(lambda: table.model().rowCount() == 1)
    header = table.horizontalHeader()
    last = max(
        range(header.count()),
        key=lambda c: -1 if header.isSectionHidden(c) else header.sectionPosition(c),
    )
    assert last == GiftsTableModel.PRICE  # open ideas have no status column
    index = table.model().index(0, last)
    assert index.data() == "18.50 EUR"
    assert index.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    # The column's title sits over the numbers.
    alignment = table.model().headerData(
        last, Qt.Orientation.Horizontal, Qt.ItemDataRole.TextAlignmentRole
    )
    assert alignment is not None and alignment & Qt.AlignmentFlag.AlignRight
    table.clearSelection()
    table.setCurrentIndex(table.model().index(-1, -1))
    qtbot.waitUntil(lambda: _text_gap_at_right(table, index) >= 6)


def test_the_splitters_inside_pages_and_dialogs_are_lines_too(qtbot, window):
    from PySide6.QtWidgets import QSplitter

    from prm.core.vcard.importer import ImportPlan
    from prm.ui.vcard.import_preview import ImportPreviewDialog

    window.meetings.plan([])
    plan = window.meetings.plan_dialog
    qtbot.waitUntil(plan.isVisible)
    preview = ImportPreviewDialog(ImportPlan(), ["cards.vcf"])
    qtbot.addWidget(preview)
    for owner in (window.contacts_view, plan, preview):
        splitters = owner.findChildren(QSplitter)
        assert splitters, owner
        for splitter in splitters:
            assert splitter.handleWidth() == 1, owner
    plan.reject()
