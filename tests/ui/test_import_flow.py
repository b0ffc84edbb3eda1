"""Importing vCards in the window: preview, one-step Undo, drag and drop, Cancel."""

from __future__ import annotations

import threading
import warnings

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QProgressDialog

from prm.core import contact_list, contacts
from prm.core.vcard.importer import plan_import
from prm.core.vcard.read import read_vcards
from prm.ui.vcard.import_preview import ImportPreviewDialog

FILE = b"""BEGIN:VCARD\r
VERSION:3.0\r
N:Lee;Ann;;;\r
FN:Ann Lee\r
EMAIL:ann@lee.example\r
TITLE:Founder\r
ORG:Lee & Co\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
UID:bo-1\r
N:Smith;Bo;;;\r
FN:Bo Smith\r
TEL;TYPE=cell:+1 212 555 0199\r
X-SIP:sip:bo@smith.example\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:Broken\r
"""


@pytest.fixture
def vcf(tmp_path):
    path = tmp_path / "people.vcf"
    path.write_bytes(FILE)
    return path


def state(store) -> dict:
    with store.reading() as session:
        ids = contact_list.list_contact_ids(session) + contact_list.list_contact_ids(
            session, trashed=True
        )
        conn = session.connection()
        return {
            "contacts": {
                c.id: (c.uid, contacts.draft_from_contact(c), c.updated_at)
                for c in contacts.iter_contacts(session, ids=sorted(ids))
            },
            "lines": list(
                conn.exec_driver_sql("SELECT contact_id, line FROM contact_vcard_property")
            ),
            "tags": list(conn.exec_driver_sql("SELECT name FROM tag")),
        }


def names(store) -> list[str]:
    with store.reading() as session:
        rows = contact_list.contact_rows(session, ids=contact_list.list_contact_ids(session))
    return sorted(r.display_name for r in rows.values())


def open_preview(qtbot, window, paths) -> ImportPreviewDialog:
    with qtbot.waitSignal(window.importing.preview_opened) as opened:
        window.importing.start(paths)
    dialog = opened.args[0]
    qtbot.addWidget(dialog)
    return dialog


def test_preview_shows_counts_and_the_field_differences(qtbot, store, add_contact, vcf):
    add_contact("Ann", "Lee", emails=("ann@lee.example",), title="CEO")
    with store.reading() as session:
        plan = plan_import(session, read_vcards(vcf.read_bytes()), source=str(vcf))
    dialog = ImportPreviewDialog(plan, [str(vcf)])
    qtbot.addWidget(dialog)
    summary = dialog.summary.text()
    assert (
        "3 cards" in summary
        and "1 new" in summary
        and "1 to update" in summary
        and "1 bad" in summary
    )
    assert dialog.import_button.text() == "Import only the 2 good cards"
    # The update is shown first: what Ann has, what the card brings, and what is kept.
    details = dialog.details.toPlainText()
    assert "Ann Lee" in details and "matched by email" in details
    assert "Title\tCEO\tFounder\tkept yours" in details.replace("\n", "\t").replace("\t\t", "\t")
    assert "Organization" in details and "Lee & Co" in details and "filled in" in details
    bad = [dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())][-1]
    dialog.tree.setCurrentItem(bad.child(0))
    assert "Card 3 cannot be imported" in dialog.details.toPlainText()
    assert "card 3 · line 17" in dialog.details.toPlainText()


def test_import_then_undo_leaves_the_store_as_before_and_redo_brings_it_back(
    qtbot, window, store, add_contact, vcf, wait_idle
):
    add_contact("Ann", "Lee", emails=("ann@lee.example",), title="CEO")
    window.contacts_view.reload()
    wait_idle()
    before = state(store)
    dialog = open_preview(qtbot, window, [vcf])
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert names(store) == ["Ann Lee", "Bo Smith"]
    assert window.statusBar().currentMessage() == "Imported 2 contacts — Undo (Ctrl+Z)"
    assert window.actions.undo.text() == "Undo Import 2 contacts"
    assert window.contacts_view.total == 2  # the list refreshed

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_idle()
    assert state(store) == before
    assert window.contacts_view.total == 1

    qtbot.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    wait_idle()
    assert names(store) == ["Ann Lee", "Bo Smith"]
    with store.reading() as session:
        ann = contacts.resolve_contact(session, ref="Ann Lee")
        assert (ann.title, ann.organization) == ("CEO", "Lee & Co")  # filled in, never overwritten


def test_cancel_in_the_preview_writes_nothing(qtbot, window, store, vcf, wait_idle):
    dialog = open_preview(qtbot, window, [vcf])
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert names(store) == [] and window.statusBar().currentMessage() == "Nothing was imported"


def test_cancel_while_reading_writes_nothing_and_shows_no_preview(
    qtbot, window, store, vcf, wait_idle
):
    gate = threading.Event()
    window.tasks.call(gate.wait)  # hold the worker so Cancel lands before the reading starts
    opened = []
    window.importing.preview_opened.connect(opened.append)
    window.importing.start([vcf])
    window.importing.progress.cancel()
    gate.set()
    wait_idle()
    assert opened == [] and names(store) == []
    assert window.statusBar().currentMessage() == "Import cancelled; nothing was imported"


def test_cancel_while_writing_rolls_everything_back(qtbot, window, store, vcf, wait_idle):
    dialog = open_preview(qtbot, window, [vcf])
    gate = threading.Event()
    window.tasks.call(gate.wait)
    dialog.accept()
    window.importing.progress.cancel()
    gate.set()
    wait_idle()
    assert names(store) == [] and "cancelled" in window.statusBar().currentMessage()
    assert not window.undo_stack.canUndo()


def _drop(window, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPoint(300, 300)
    with warnings.catch_warnings():  # PySide flags the only QDragEnterEvent constructor there is
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(
            pos,
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        pos.toPointF(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, drop)


def test_dropping_a_vcf_on_the_window_opens_the_preview(qtbot, window, vcf):
    with qtbot.waitSignal(window.importing.preview_opened) as opened:
        _drop(window, [vcf])
    qtbot.addWidget(opened.args[0])
    assert "people.vcf" in opened.args[0].summary.text()


def test_dropping_another_kind_of_file_says_so(qtbot, window, tmp_path, store):
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    opened = []
    window.importing.preview_opened.connect(opened.append)
    _drop(window, [other])
    assert window.statusBar().currentMessage() == "Not a vCard or CSV file (.vcf, .csv): notes.txt"
    assert opened == []


def test_file_menu_has_import_with_its_shortcut(window):
    assert window.actions.import_vcards.shortcut().toString() == "Ctrl+Shift+I"
    file_menu = window.menuBar().actions()[0].menu()
    assert window.actions.import_vcards in file_menu.actions()
    assert window.actions.export_vcards in file_menu.actions()


def test_export_dialog_writes_the_selected_contacts(
    qtbot, window, add_contact, tmp_path, monkeypatch, wait_idle
):
    ann = add_contact("Ann", "Lee", emails=("ann@lee.example",), tags=["Client"])
    add_contact("Bo", "Smith")
    window.contacts_view.reload(ann)
    wait_idle()
    window.contacts_view.table.select_id(ann)
    target = tmp_path / "out.vcf"
    monkeypatch.setattr(window.exporting, "choose_target", lambda choice: str(target))
    with qtbot.waitSignal(window.exporting.dialog_opened) as opened:
        window.actions.export_vcards.trigger()
    dialog = opened.args[0]
    assert (
        dialog.selected.isChecked() is False
        and dialog.selected.text() == "The selected contacts (1)"
    )
    assert [dialog.tag.itemText(i) for i in range(dialog.tag.count())] == ["Client"]
    dialog.selected.setChecked(True)
    dialog.version.setCurrentIndex(1)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    wait_idle()
    text = target.read_text()
    assert text.count("BEGIN:VCARD") == 1 and "ann@lee.example" in text and "VERSION:4.0" in text
    assert window.statusBar().currentMessage() == f"Exported 1 contact to {target}"


def test_export_problems_are_shown_kindly(
    qtbot, window, add_contact, tmp_path, monkeypatch, wait_idle
):
    add_contact("Ann")
    shown = []
    monkeypatch.setattr(
        "prm.ui.vcard.export_flow.show_known_error", lambda parent, exc, **kw: shown.append(exc)
    )
    monkeypatch.setattr(window.exporting, "choose_target", lambda choice: str(tmp_path))  # a folder
    with qtbot.waitSignal(window.exporting.dialog_opened) as opened:
        window.actions.export_vcards.trigger()
    opened.args[0].accept()
    wait_idle()
    assert len(shown) == 1 and str(tmp_path) in shown[0].message


def _progress_shown(window) -> list[QProgressDialog]:
    return [d for d in window.findChildren(QProgressDialog) if d.isVisible()]


def test_the_progress_dialog_closes_by_itself_when_the_work_is_done(
    qtbot, window, store, vcf, wait_idle
):
    # Reading, quicker than the half second before the dialog would show.
    preview = open_preview(qtbot, window, [vcf])
    qtbot.wait(800)  # past the dialog's show delay
    assert _progress_shown(window) == []

    # Importing, slower than that: the dialog shows, then goes by itself.
    gate = threading.Event()
    window.tasks.call(gate.wait)
    preview.accept()
    qtbot.waitUntil(lambda: _progress_shown(window) != [], timeout=3000)
    gate.set()
    wait_idle()
    qtbot.waitUntil(lambda: names(store) == ["Ann Lee", "Bo Smith"])
    qtbot.wait(800)
    assert _progress_shown(window) == []


def test_the_progress_dialog_closes_when_reading_fails(qtbot, window, tmp_path, wait_idle):
    missing = tmp_path / "gone.vcf"
    missing.write_bytes(FILE)
    gate = threading.Event()
    window.tasks.call(gate.wait)
    shown = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("prm.ui.vcard.import_flow.show_known_error", lambda *a, **k: shown.append(a))
        window.importing.start([missing])
        qtbot.waitUntil(lambda: _progress_shown(window) != [], timeout=3000)
        missing.unlink()
        gate.set()
        wait_idle()
        qtbot.waitUntil(lambda: shown != [])
    qtbot.wait(800)
    assert _progress_shown(window) == []


def test_preview_counts_people_sharing_an_email_and_a_merged_duplicate(qtbot, store):
    data = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ruiz;Ana;;;\r\nFN:Ana Ruiz\r\nEMAIL:casa@ruiz.example\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ruiz;Tomás;;;\r\nFN:Tomás Ruiz\r\nEMAIL:casa@ruiz.example\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Ruiz\r\nEMAIL:casa@ruiz.example\r\nTEL:+34 600 111 222\r\nEND:VCARD\r\n"
    ).encode()
    with store.reading() as session:
        plan = plan_import(session, read_vcards(data), source="ruiz.vcf")
    dialog = ImportPreviewDialog(plan, ["ruiz.vcf"])
    qtbot.addWidget(dialog)
    summary = dialog.summary.text()
    assert (
        "3 cards" in summary and "2 new" in summary and "1 merged into an earlier card" in summary
    )
    groups = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]
    assert groups == ["New (2)", "Merged into an earlier card (1)"]
    new = dialog.tree.topLevelItem(0)
    assert [new.child(i).text(0) for i in range(new.childCount())] == ["Ana Ruiz", "Tomás Ruiz"]
    assert dialog.import_button.text() == "Import 2 contacts"


def test_export_names_the_kept_lines_the_version_cannot_carry(
    qtbot, window, add_contact, store, tmp_path, monkeypatch, wait_idle
):
    from prm.core.models import ContactVCardProperty

    ann = add_contact("Ann", "Lee")
    with store.transaction() as session:
        session.add(
            ContactVCardProperty(contact_id=ann, position=0, name="MAILER", line="MAILER:Outlook")
        )
    target = tmp_path / "four.vcf"
    monkeypatch.setattr(window.exporting, "choose_target", lambda choice: str(target))
    with qtbot.waitSignal(window.exporting.dialog_opened) as opened:
        window.actions.export_vcards.trigger()
    dialog = opened.args[0]
    dialog.version.setCurrentIndex(1)  # 4.0, which has no MAILER
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert "MAILER" not in target.read_text()
    assert window.statusBar().currentMessage().endswith("; 1 line left out")
    box = window.exporting.left_out_box
    assert "MAILER:Outlook" in box.detailedText() and "vCard 4.0" in box.text()
    box.close()
