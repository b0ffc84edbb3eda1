"""The contact card at the default window size, in both themes: one line per name,
one scroll for the whole card, and colours that follow the theme."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractScrollArea

from prm.core.drafts import LabeledValue
from prm.ui.common.theme import DARK, LIGHT
from prm.ui.window_state import DEFAULT_SIZE

LONG_NAME = ("Alexandra", "Montgomery-Wilkinson")
LONG_WORK = {
    "title": "Senior Vice President of Global Procurement",
    "organization": "Harbor City Consolidated Logistics International",
    "department": "Strategic Sourcing",
}


def _shown(qtbot, make_window, add_contact, wait_idle, **fields):
    contact_id = add_contact(*LONG_NAME, **fields)
    window = make_window()
    assert (window.width(), window.height()) == DEFAULT_SIZE
    view = window.contacts_view
    view.show_contact(contact_id)
    wait_idle()
    qtbot.waitUntil(lambda: view.card.card() is not None)
    return window, view.card


def test_a_long_name_and_company_stay_on_one_line_each(qtbot, make_window, add_contact, wait_idle):
    _window, card = _shown(
        qtbot, make_window, add_contact, wait_idle, tags=["VIP", "Client"], **LONG_WORK
    )
    one_line = card.name_label.fontMetrics().height()
    assert card.name_label.height() <= one_line + 4
    assert card.work_label.height() <= card.work_label.fontMetrics().height() + 4
    # Too long for the card: shortened, and the whole text is one hover away.
    assert card.work_label.is_elided()
    assert "Harbor City Consolidated Logistics International" in card.work_label.toolTip()
    assert card.name_label.text() == "Alexandra Montgomery-Wilkinson"
    # The buttons do not sit beside the name, squeezing it.
    assert card.edit_button.geometry().top() > card.name_label.geometry().bottom()


def test_the_card_has_one_scroll_and_no_scroll_box_inside(
    qtbot, make_window, add_contact, wait_idle
):
    many = [LabeledValue(f"+1 555 0100 {i:02d}") for i in range(30)]
    window, card = _shown(qtbot, make_window, add_contact, wait_idle, phones=many, **LONG_WORK)
    page = window.contacts_view.contact_page
    inner = [
        area
        for area in page.widget().findChildren(QAbstractScrollArea)
        if area.verticalScrollBar().isVisible() or area.horizontalScrollBar().isVisible()
    ]
    assert inner == []
    # Everything the details say is laid out at full height, inside the card's one scroll.
    assert card.details.height() >= card.details.document().size().height()
    qtbot.waitUntil(page.verticalScrollBar().isVisible)


def test_tag_chips_follow_a_theme_switch(qtbot, make_window, add_contact, wait_idle):
    window, card = _shown(qtbot, make_window, add_contact, wait_idle, tags=["VIP"])

    def chip_background():
        chip = card.tags_box.findChildren(type(card.tags_box.children()[-1]))[0]
        return chip.grab().toImage().pixelColor(5, chip.height() // 2).lightness()

    window.set_theme(LIGHT)
    qtbot.waitUntil(lambda: chip_background() > 150)
    window.set_theme(DARK)
    qtbot.waitUntil(lambda: chip_background() < 100)
    window.set_theme(LIGHT)
    qtbot.waitUntil(lambda: chip_background() > 150)
