"""Importing a contact CSV in the window: the column mapping in the preview, and Undo."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt

from prm.core import contact_list, contacts
from prm.ui.vcard.import_flow import FILE_FILTER
from prm.ui.vcard.import_preview import ImportPreviewDialog

SAMPLES = Path(__file__).parent.parent / "core" / "csv_contacts" / "samples"


def open_preview(qtbot, window, paths) -> ImportPreviewDialog:
    with qtbot.waitSignal(window.importing.preview_opened) as opened:
        window.importing.start(paths)
    dialog = opened.args[0]
    qtbot.addWidget(dialog)
    return dialog


def linkedin(tmp_path) -> Path:
    path = tmp_path / "Connections.csv"
    shutil.copy(SAMPLES / "linkedin.csv", path)
    return path


def touches(store) -> list[tuple]:
    with store.reading() as session:
        return list(
            session.connection().exec_driver_sql(
                "SELECT summary, channel, date(occurred_at) FROM touch ORDER BY occurred_at"
            )
        )


def how_we_met(store, name: str) -> str:
    with store.reading() as session:
        return contacts.resolve_contact(session, ref=name).how_we_met


def names(store) -> list[str]:
    with store.reading() as session:
        rows = contact_list.contact_rows(session, ids=contact_list.list_contact_ids(session))
    return sorted(r.display_name for r in rows.values())


def row_of(dialog: ImportPreviewDialog, column: str) -> int:
    table = dialog.columns
    return next(r for r in range(table.rowCount()) if table.item(r, 0).text() == column)


def test_the_file_dialog_offers_csv_files():
    assert "*.csv" in FILE_FILTER.split(";;")[0] and "*.vcf" in FILE_FILTER.split(";;")[0]


def test_preview_shows_the_column_mapping_with_samples(qtbot, window, tmp_path):
    dialog = open_preview(qtbot, window, [linkedin(tmp_path)])
    table = dialog.columns
    assert table is not None and table.rowCount() == 7
    row = row_of(dialog, "Connected On")
    assert table.cellWidget(row, 1).currentText() == "Connected on LinkedIn (date)"
    assert table.item(row, 2).text() == "12 Mar 2021"
    assert table.cellWidget(row_of(dialog, "Position"), 1).currentText() == "Job title"
    assert "3 rows — 3 new" in dialog.summary.text()  # a CSV has rows, not cards
    assert dialog.tree.headerItem().text(0) == "Row"
    details = dialog.details.toPlainText()  # the first new contact, Priya
    assert "How we met\nConnected on LinkedIn" in details
    assert "Touch\n12 Mar 2021: Connected on LinkedIn" in details


def test_changing_a_columns_mapping_plans_again(qtbot, window, store, tmp_path, wait_idle):
    dialog = open_preview(qtbot, window, [linkedin(tmp_path)])
    assert dialog.import_button.text() == "Import 3 contacts"
    with qtbot.waitSignal(dialog.plan_changed):
        dialog.columns.set_field(0, row_of(dialog, "First Name"), "ignore")
    with qtbot.waitSignal(dialog.plan_changed):
        dialog.columns.set_field(0, row_of(dialog, "Last Name"), "ignore")
    # Sam Lee has nothing left to be known by; Priya keeps her email, Ólafur his company.
    assert "1 bad" in dialog.summary.text()
    assert dialog.import_button.text() == "Import only the 2 good rows"
    with qtbot.waitSignal(dialog.plan_changed):
        dialog.columns.set_field(0, row_of(dialog, "Last Name"), "given_name")
    assert "3 new" in dialog.summary.text() and dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert names(store) == ["Jónsson", "Lee", "Raman"]


def test_a_csv_import_is_one_undo_step(qtbot, window, store, add_contact, tmp_path, wait_idle):
    add_contact("Ann", "Lee", emails=("ann@lee.example",))
    add_contact("Priya", "Raman", emails=("priya@raman.example",))  # she gains the date
    wait_idle()
    dialog = open_preview(qtbot, window, [linkedin(tmp_path)])
    assert "2 new" in dialog.summary.text() and "1 to update" in dialog.summary.text()
    details = dialog.details.toPlainText()  # Priya's update, shown first
    assert "How we met\nempty\nConnected on LinkedIn\nfilled in" in details
    assert "Touch\n—\n12 Mar 2021: Connected on LinkedIn\nadded" in details
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert names(store) == ["Ann Lee", "Priya Raman", "Sam Lee", "Ólafur Jónsson"]
    assert ("Connected on LinkedIn", "social", "2021-03-12") in touches(store)
    assert how_we_met(store, "Priya Raman") == "Connected on LinkedIn"
    assert window.actions.undo.text() == "Undo Import 3 contacts"
    window.actions.undo.trigger()
    wait_idle()
    assert names(store) == ["Ann Lee", "Priya Raman"] and touches(store) == []
    assert how_we_met(store, "Priya Raman") == ""
    window.actions.redo.trigger()
    wait_idle()
    assert len(touches(store)) == 3


def test_a_file_that_is_not_contacts_says_why(qtbot, window, tmp_path, wait_idle, monkeypatch):
    path = tmp_path / "sales.csv"
    path.write_text("Region,Quarter,Revenue\nNorth,Q1,100\n")
    shown = []
    monkeypatch.setattr(
        "prm.ui.vcard.import_flow.show_known_error", lambda *a, **k: shown.append(a[1])
    )
    window.importing.start([path])
    wait_idle()
    qtbot.waitUntil(lambda: shown != [])
    assert "no row names contact columns" in str(shown[0])
