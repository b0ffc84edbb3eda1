"""The Duplicates view: find, merge a pair choosing a field, Ctrl+Z, "not a duplicate"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from prm.core import contacts, duplicates, touches
from prm.core.drafts import ContactDraft, LabeledValue
from prm.core.duplicates.screen import duplicates_screen
from prm.core.models import Contact
from prm.ui.duplicates.duplicates_section import DUPLICATES
from tests.core.test_export_all import digests


@pytest.fixture
def add_twin(store, clock):
    """A contact that may share a name and email with one already there."""

    def add(given: str, family: str, email: str, **fields) -> int:
        draft = ContactDraft(
            given_name=given, family_name=family, emails=[LabeledValue(email)], **fields
        )
        with store.transaction() as session:
            return contacts.create_contact(
                session, draft=draft, clock=clock, allow_duplicate=True
            ).id

    return add


def open_duplicates(window, qtbot, wait_idle):
    window.sidebar.select(DUPLICATES)
    wait_idle()
    view = window.section(DUPLICATES).view
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.table.setFocus()
    return view


def pairs_shown(view):
    return [(r.a, r.b) for r in view.model.rows()]


def test_merge_a_pair_choosing_a_field_then_undo_brings_both_back(
    qtbot, make_window, add_twin, store, clock, wait_idle
):
    ann = add_twin("Ann", "Lee", "ann@x.com", title="CTO")
    ann2 = add_twin("ANN", "LEE", "Ann@X.com", title="Chief Technology Officer")
    with store.transaction() as session:
        touches.log_touch(session, draft=touches.TouchDraft([ann2], "call"), clock=clock)
    window = make_window()
    view = open_duplicates(window, qtbot, wait_idle)
    assert pairs_shown(view) == [(ann, ann2)]
    assert view.model.index(0, view.model.WHY).data() == "same email ann@x.com; same name"
    before = digests(store)

    section = window.section(DUPLICATES)
    with qtbot.waitSignal(section.dialog_opened) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_M)
    dialog = opened.args[0]
    assert [f.key for f in dialog.plan.fields] == ["given_name", "family_name", "title"]
    dialog.choose("title", duplicates.OTHER)
    dialog.merge_button.click()
    wait_idle()
    with store.reading() as session:
        kept, gone = session.get(Contact, ann), session.get(Contact, ann2)
        assert kept.title == "Chief Technology Officer" and kept.given_name == "Ann"
        assert gone.deleted_at is not None
        assert kept.last_touch_at is not None  # the touch came along
    assert pairs_shown(view) == []
    assert "Merged ANN LEE into Ann Lee" in window.statusBar().currentMessage()

    window.activateWindow()  # the dialog had it
    qtbot.waitUntil(window.isActiveWindow)
    assert window.undo_stack.undoText() == "Merge ANN LEE into Ann Lee"
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_idle()
    assert digests(store) == before  # both contacts, exactly, with their links
    assert pairs_shown(view) == [(ann, ann2)]

    window.undo_stack.redo()  # the same merge, the same choice
    wait_idle()
    with store.reading() as session:
        assert session.get(Contact, ann).title == "Chief Technology Officer"
        assert session.get(Contact, ann2).deleted_at is not None
    window.undo_stack.undo()
    wait_idle()
    assert digests(store) == before


def test_not_a_duplicate_hides_the_pair_for_good(qtbot, make_window, add_twin, store, wait_idle):
    bob = add_twin("Bob", "Stone", "bob@x.com")
    bob2 = add_twin("Bob", "Stone", "bob@x.com", title="the other Bob")
    window = make_window()
    view = open_duplicates(window, qtbot, wait_idle)
    assert pairs_shown(view) == [(bob, bob2)]
    qtbot.keyClick(view.table, Qt.Key.Key_N)
    wait_idle()
    assert pairs_shown(view) == []
    assert view.stack.currentWidget() is view.empty
    with store.reading() as session:  # stored: any later search leaves them out too
        assert duplicates_screen(session).rows == []
    view.find_button.click()
    wait_idle()
    assert pairs_shown(view) == []


def test_the_list_shows_a_page_best_first_reads_more_on_scroll_and_drops_a_merged_contact(
    qtbot, make_window, add_twin, store, clock, wait_idle, monkeypatch
):
    from prm.core.duplicates import screen

    monkeypatch.setattr(screen, "PAGE", 2)
    ann = [add_twin("Ann", "Lee", "ann@x.com") for _ in range(3)]  # three pairs, score 85
    cy = add_twin("Cy", "Po", "cy@x.com", birthday="1980-05-04")
    cy2 = add_twin("Cy", "Po", "cy@x.com", birthday="1980-05-04")  # 100: the best
    with store.transaction() as session:  # a page, best first, and the exact count
        first = screen.duplicates_screen(session)
    assert ([r.id for r in first.rows], first.total) == ([(cy, cy2), (ann[0], ann[1])], 4)
    window = make_window()
    view = open_duplicates(window, qtbot, wait_idle)
    qtbot.waitUntil(lambda: view.model.rowCount() == 4)  # the view reads on as it fills
    assert pairs_shown(view) == [(cy, cy2), (ann[0], ann[1]), (ann[0], ann[2]), (ann[1], ann[2])]
    assert view.summary.text().startswith("4 suggested pairs.")

    view.drop_contact(ann[1])  # what a merge of ann[1] into another does, before any read
    assert pairs_shown(view) == [(cy, cy2), (ann[0], ann[2])]
    assert view.summary.text().startswith("2 suggested pairs.")
    with store.transaction() as session:  # the merge itself: refreshed, not searched again
        duplicates.merge_contacts(session, keep_id=ann[0], other_id=ann[1], clock=clock)
    wait_idle()
    assert pairs_shown(view) == [(cy, cy2), (ann[0], ann[2])]
