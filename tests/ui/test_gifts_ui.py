"""Gifts in the app: the editor, the "give it again?" question, the Gifts view, Undo."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from prm.core import contact_cards, contacts, gifts
from prm.core.gifts import GiftDraft
from prm.ui.contacts.contact_card_html import CardColors, card_body_html
from prm.ui.gifts.gift_editor import GiftEditor
from prm.ui.gifts.gifts_table_model import GiftsTableModel
from prm.ui.gifts.gifts_view import GIVEN, IDEAS, UPCOMING


@pytest.fixture
def undo_stack(tasks):
    from prm.ui.operations import new_undo_stack

    return new_undo_stack(tasks)


@pytest.fixture
def open_editor(qtbot, tasks, undo_stack):
    def open_(**kwargs) -> GiftEditor:
        editor = GiftEditor(tasks, undo_stack, **kwargs)
        qtbot.addWidget(editor, before_close_func=lambda d: d.done(0))
        editor.show()
        qtbot.waitExposed(editor)
        return editor

    return open_


@pytest.fixture
def add_gift(store, clock):
    def add(contact_id: int, description: str, **fields) -> int:
        draft = GiftDraft(contact_id=contact_id, description=description, **fields)
        with store.transaction() as session:
            return gifts.add_gift(session, draft=draft, clock=clock, allow_again=True).id

    return add


def _gifts(store, contact_id):
    with store.reading() as session:
        return gifts.list_gifts(session, contact_id=contact_id)


def _last_touch_at(store, contact_id):
    with store.reading() as session:
        return contacts.get_contact(session, contact_id=contact_id).last_touch_at


def test_bad_input_shows_messages_under_the_fields_and_keeps_the_typing(
    qtbot, open_editor, add_contact, store, wait_idle
):
    ann = add_contact("Ann")
    editor = open_editor(contact_id=ann)
    assert editor.windowTitle() == "New gift for Ann"
    qtbot.keyClicks(editor.description, "Wine")
    qtbot.keyClicks(editor.on_date, "31 February 2026")
    qtbot.keyClicks(editor.price, "abc")
    qtbot.keyClicks(editor.url, "not a url")
    editor.submit()
    wait_idle()
    assert editor.isVisible()
    assert editor.slots["on_date"].error.text() == "2026-02-31 is not a real date"
    assert editor.slots["price"].error.text() == "“abc” is not a price; type a number like 12.50"
    assert "not a web address" in editor.slots["url"].error.text()
    assert (editor.on_date.text(), editor.price.text(), editor.url.text()) == (
        "31 February 2026",
        "abc",
        "not a url",
    )
    assert _gifts(store, ann) == []
    qtbot.keyClicks(editor.price, "x")  # typing in the field clears its message
    assert editor.slots["price"].error.isHidden()


def test_the_editor_shows_their_preferences(open_editor, add_contact):
    ann = add_contact("Ann", pref_coffee="Oat flat white", pref_dietary="Vegetarian")
    editor = open_editor(contact_id=ann)
    assert editor.preferences.isVisible()
    assert "Coffee: Oat flat white · Dietary: Vegetarian" in editor.preferences.text()


def test_giving_the_same_thing_again_asks_first(
    qtbot, open_editor, add_contact, add_gift, store, wait_idle
):
    ann = add_contact("Ann")
    add_gift(ann, "Coffee beans", status="given", on_date="2025-03-03")
    editor = open_editor(contact_id=ann)
    qtbot.keyClicks(editor.description, "coffee  BEANS")
    with qtbot.waitSignal(editor.again_asked) as asked:
        editor.mark_given_today()
    box: QMessageBox = asked.args[0]
    assert box.text() == "You gave Ann “Coffee beans” on 3 March 2025 — give it again?"
    assert len(_gifts(store, ann)) == 1  # nothing written while the question is open

    box.button(QMessageBox.StandardButton.No).click()
    wait_idle()
    assert editor.isVisible() and editor.description.text() == "coffee  BEANS"
    with qtbot.waitSignal(editor.again_asked) as asked:
        editor.submit()
    with qtbot.waitSignal(editor.saved):
        asked.args[0].button(QMessageBox.StandardButton.Yes).click()
    assert [g.status for g in _gifts(store, ann)] == ["given", "given"]


def test_mark_given_logs_a_touch_and_undo_takes_it_back(
    qtbot, open_editor, add_contact, add_gift, store, clock, undo_stack, wait_idle
):
    ann = add_contact("Ann")
    idea = add_gift(ann, "Olive oil", on_date="2026-04-02")
    editor = open_editor(gift_id=idea)
    qtbot.waitUntil(editor.isEnabled)
    assert editor.description.text() == "Olive oil"
    with qtbot.waitSignal(editor.saved):
        editor.mark_given_today()
    wait_idle()
    [gift] = _gifts(store, ann)
    assert (gift.status, gift.on_date.isoformat()) == ("given", "2026-03-14")
    assert _last_touch_at(store, ann) == clock.now()
    assert undo_stack.undoText() == "Mark given “Olive oil”"

    undo_stack.undo()
    wait_idle()
    [gift] = _gifts(store, ann)
    assert (gift.status, gift.on_date.isoformat()) == ("idea", "2026-04-02")
    assert _last_touch_at(store, ann) is None
    undo_stack.redo()
    wait_idle()
    assert _last_touch_at(store, ann) == clock.now()


def test_gifts_view_groups_what_was_added(qtbot, window, add_contact, add_gift, clock, wait_idle):
    ann = add_contact("Ann")
    add_gift(ann, "Book", on_date="2026-03-20")
    add_gift(ann, "Scarf")
    add_gift(ann, "Flowers", status="given", on_date="2026-02-01")
    window.sidebar.select("gifts")
    view = window.gifts.view
    with qtbot.waitSignal(view.loaded):
        view.refresh()
    assert view.segment_buttons[IDEAS].text() == "Open ideas  2"
    assert [view.model.row_at(r).description for r in range(view.model.rowCount())] == [
        "Book",
        "Scarf",
    ]
    view.show_group(UPCOMING)
    assert view.model.index(0, GiftsTableModel.WHEN).data() == "20 Mar 2026 · in 6 days"
    view.show_group(GIVEN)
    assert view.model.row_at(0).description == "Flowers"
    assert window.sidebar.count_of("gifts") == 1  # the upcoming occasion

    view.show_group(IDEAS)
    view.table.select_row(1)  # Scarf
    with qtbot.waitSignal(view.loaded):
        view.given_button.click()
    assert view.segment_buttons[GIVEN].text() == "Given this year  2"
    wait_idle()
    assert (
        window.statusBar().currentMessage().startswith("Gave “Scarf” to Ann — logged a gift touch")
    )


def test_the_card_shows_preferences_beside_gift_ideas(add_contact, add_gift, store):
    ann = add_contact("Ann", pref_coffee="Oat <flat> white", pref_food="Thai")
    idea = add_gift(ann, "Cookbook", occasion="Birthday", on_date="2026-04-02")
    add_gift(ann, "Wine", status="given")
    with store.reading() as session:
        card = contact_cards.contact_card(session, contact_id=ann)
    html = card_body_html(
        card, now=datetime(2026, 3, 14, tzinfo=UTC), colors=CardColors(muted="#777777")
    )
    assert "GIFT IDEAS &amp; PREFERENCES" in html
    assert "Oat &lt;flat&gt; white" in html and f'href="gift:{idea}"' in html
    assert "Cookbook" in html and "Wine" not in html  # only open ideas


def test_a_contact_without_ideas_or_preferences_has_no_gift_block(add_contact, store):
    ann = add_contact("Ann")
    with store.reading() as session:
        card = contact_cards.contact_card(session, contact_id=ann)
    assert "GIFT IDEAS" not in card_body_html(
        card, now=datetime(2026, 3, 14, tzinfo=UTC), colors=CardColors("#777")
    )


def test_gifts_model_passes_the_model_tester(qtmodeltester, add_contact, add_gift, store):
    ann = add_contact("Ann")
    add_gift(ann, "Book", on_date="2026-03-20", price="12.50", currency="EUR")
    add_gift(ann, "Flowers", status="given", on_date="2026-02-01", reaction="Loved them")
    model = GiftsTableModel()
    with store.reading() as session:
        model.set_rows(gifts.list_gifts(session), datetime(2026, 3, 14).date())
    qtmodeltester.check(model)
    assert model.index(0, GiftsTableModel.PRICE).data() == "12.50 EUR"
    soon = model.index(0, GiftsTableModel.WHEN).data(Qt.ItemDataRole.ForegroundRole)
    assert soon is not None  # an idea due within two weeks stands out


def test_the_timeline_shows_a_given_gift_once_and_opens_it(
    qtbot, tasks, undo_stack, add_contact, add_gift, store, wait_idle
):
    from PySide6.QtCore import Qt as _Qt

    from prm.ui.contacts.contact_timeline import contact_timeline_widget

    ann = add_contact("Ann")
    wine = add_gift(ann, "Wine", status="given")
    timeline = contact_timeline_widget(tasks, undo_stack)
    qtbot.addWidget(timeline)
    timeline.show()
    tasks.changed.connect(lambda changes: changes.touched_contact(ann) and timeline.reload())
    with qtbot.waitSignal(timeline.loaded):
        timeline.show_contact(ann)
    assert [(e.kind, e.id) for e in timeline.model.entries()] == [
        ("gift", wine)
    ]  # not its touch too
    timeline.select_entry("gift", wine)
    with qtbot.waitSignal(timeline.editor_opened) as opened:
        qtbot.keyClick(timeline.view, _Qt.Key.Key_Return)
    editor = opened.args[0]
    qtbot.waitUntil(editor.isEnabled)
    assert editor.description.text() == "Wine"
    editor.done(0)

    with qtbot.waitSignal(timeline.loaded):
        qtbot.keyClick(timeline.view, _Qt.Key.Key_Delete)
    assert timeline.model.entries() == [] and _last_touch_at(store, ann) is None
    with qtbot.waitSignal(timeline.loaded):
        undo_stack.undo()
    assert [e.kind for e in timeline.model.entries()] == ["gift"]


def test_the_notes_box_shows_four_lines_inside_the_dialog(qtbot, open_editor):
    editor = open_editor()
    qtbot.mouseClick(editor.notes.viewport(), Qt.MouseButton.LeftButton)
    for line in ("Wrapped in blue", "Card from the team", "Deliver Friday", "Ask Sam first"):
        qtbot.keyClicks(editor.notes, line)
        qtbot.keyClick(editor.notes, Qt.Key.Key_Return)
    editor.notes.textCursor().deletePreviousChar()
    qtbot.waitUntil(lambda: editor.notes.blockCount() == 4)
    assert editor.notes.verticalScrollBar().maximum() == 0  # all four lines in view
    box = editor.notes.geometry()
    box.moveTopLeft(editor.notes.mapTo(editor, editor.notes.rect().topLeft()))
    assert editor.rect().contains(box)
    assert box.bottom() < editor.save_button.mapTo(editor, editor.save_button.rect().topLeft()).y()
