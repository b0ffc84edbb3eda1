"""The contact page at the default window size: card, details and timeline in one
scroll, the timeline a page of 50 entries at a time, the current entry kept in view."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollBar

from prm.core import touches
from prm.core.touches import TouchDraft
from prm.ui.window_state import DEFAULT_SIZE


def _with_touches(store, clock, contact_id: int, count: int) -> None:
    with store.transaction() as session:
        for i in range(count):
            draft = TouchDraft(
                contact_ids=[contact_id],
                channel="call",
                occurred_at=clock.now() - timedelta(hours=3 * i + 1),
                summary=f"Touch {i}",
            )
            touches.log_touch(session, draft=draft, clock=clock)


def _page(qtbot, make_window, add_contact, store, clock, wait_idle, count=120):
    ann = add_contact("Ann", "Lee", emails=("ann@example.org",))
    _with_touches(store, clock, ann, count)
    window = make_window()
    assert (window.width(), window.height()) == DEFAULT_SIZE
    view = window.contacts_view
    view.show_contact(ann)
    wait_idle()
    timeline = view.timeline
    qtbot.waitUntil(lambda: timeline.model.rowCount() == count)
    return view, timeline


def test_the_contact_page_has_one_vertical_scroll_bar(
    qtbot, make_window, add_contact, store, clock, wait_idle
):
    view, timeline = _page(qtbot, make_window, add_contact, store, clock, wait_idle)

    def bars():
        return [
            bar
            for bar in view.contact_page.findChildren(QScrollBar)
            if bar.orientation() == Qt.Orientation.Vertical and bar.isVisible()
        ]

    def rows_height():
        rows = timeline.proxy.rowCount()
        return sum(timeline.view.sizeHintForRow(r) for r in range(rows))

    # Layout settles in posted events; a loaded machine delivers them later.
    qtbot.waitUntil(lambda: timeline.view.height() >= rows_height())
    qtbot.waitUntil(lambda: bars() == [view.contact_page.verticalScrollBar()])
    # The list is as tall as its rows: nothing hides inside it.
    assert not timeline.view.verticalScrollBar().isVisible()


def test_a_long_history_shows_50_entries_and_loads_more_on_demand(
    qtbot, make_window, add_contact, store, clock, wait_idle
):
    _view, timeline = _page(qtbot, make_window, add_contact, store, clock, wait_idle)
    assert timeline.proxy.rowCount() == 50
    assert timeline.count_label.text() == "120 entries"
    more = timeline.more_button
    assert more.isVisible() and more.text() == "Show 50 more (70 older)"
    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    assert timeline.proxy.rowCount() == 100
    assert more.text() == "Show 20 more (20 older)"
    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    assert timeline.proxy.rowCount() == 120
    assert not more.isVisible()


def test_arrowing_down_the_timeline_keeps_the_current_entry_in_view(
    qtbot, make_window, add_contact, store, clock, wait_idle
):
    view, timeline = _page(qtbot, make_window, add_contact, store, clock, wait_idle)
    page = view.contact_page
    list_view = timeline.view
    list_view.setFocus()
    list_view.setCurrentIndex(timeline.proxy.index(0, 0))
    for step in range(1, 30):
        qtbot.keyClick(list_view, Qt.Key.Key_Down)
        index = list_view.currentIndex()
        assert index.row() == step

        def in_view(index=index) -> bool:
            rect = list_view.visualRect(index)
            top = list_view.viewport().mapTo(page.viewport(), rect.topLeft()).y()
            return top >= 0 and top + rect.height() <= page.viewport().height()

        # The page follows once its queued layout ran (late under a loaded CI machine).
        qtbot.waitUntil(in_view, timeout=2000)
    assert page.verticalScrollBar().value() > 0
    # Return still opens the current entry.
    with qtbot.waitSignal(timeline.editor_opened) as opened:
        qtbot.keyClick(list_view, Qt.Key.Key_Return)
    opened.args[0].reject()
