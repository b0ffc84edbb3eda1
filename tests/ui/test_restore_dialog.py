"""File → Restore from backup…: the list, the choice, the confirmation, the restart, the undo."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from prm.core import contact_list, contacts
from prm.core.backups import backup_store, list_backups
from prm.core.drafts import ContactDraft
from prm.core.store_open import open_store
from prm.ui.store.between_windows import RestoreBackup
from prm.ui.store.long_step import run_showing_progress
from prm.ui.store.restore_backup_dialog import RestoreBackupDialog


def _add(store, clock, name: str) -> None:
    with store.transaction() as session:
        contacts.create_contact(session, draft=ContactDraft(given_name=name), clock=clock)


def _cells(dialog: RestoreBackupDialog, row: int) -> list[str]:
    return [dialog.table.item(row, c).text() for c in range(dialog.table.columnCount())]


def test_the_dialog_lists_backups_and_returns_the_confirmed_choice(qtbot, store, clock):
    _add(store, clock, "Ada")
    older = backup_store(store, now=clock.now())
    _add(store, clock, "Grace")
    newer = backup_store(store, now=clock.now() + timedelta(days=1), kind="manual")
    asked = []

    def confirm(_parent, info) -> bool:
        asked.append(info.id)
        return True

    dialog = RestoreBackupDialog(list_backups(store.paths.backup_dir), confirm=confirm)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    made, kind, count, size, verified = _cells(dialog, 0)
    assert kind == "Made by hand" and count == "2" and verified == "Yes" and size.endswith("KB")
    assert made == newer.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
    assert _cells(dialog, 1)[1:3] == ["Daily", "1"]
    assert not dialog.restore_button.isEnabled()

    dialog.table.selectRow(1)
    assert dialog.restore_button.isEnabled()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert asked == [older.id]
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.chosen.id == older.id


def test_declining_the_confirmation_keeps_the_dialog_open(qtbot, store, clock):
    backup_store(store, now=clock.now())
    dialog = RestoreBackupDialog(list_backups(store.paths.backup_dir), confirm=lambda *_: False)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.chosen is None


def test_choosing_a_backup_closes_the_window_with_a_restore_request(
    window, ctx, clock, monkeypatch
):
    chosen = backup_store(ctx.store, now=clock.now())

    def exec_and_choose(dialog) -> int:
        dialog.table.selectRow(0)
        dialog.chosen = dialog.selected()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RestoreBackupDialog, "exec", exec_and_choose)
    window.actions.restore_backup.trigger()
    assert window.between_windows == RestoreBackup(chosen.id)
    assert not window.isVisible()


class Tell:
    """The app's prompt as the restore between windows uses it: the restore itself
    runs while a window says so."""

    def __init__(self) -> None:
        self.errors: list = []

    def show_error(self, exc) -> None:
        self.errors.append(exc)

    def run_long(self, what, step):
        return run_showing_progress(what, step)


def test_the_restore_between_windows_says_how_to_undo(paths, secret_store, clock, monkeypatch):
    from prm.ui.store import between_windows

    store = open_store(paths, secret_store)
    _add(store, clock, "Ada")
    first = backup_store(store, now=clock.now())
    _add(store, clock, "Later")
    key = store.key
    store.close()
    shown = []
    monkeypatch.setattr(
        between_windows.QMessageBox, "information", lambda _p, _t, text: shown.append(text)
    )
    RestoreBackup(first.id).run(paths, key, secret_store, tell=Tell())
    kept = [b for b in list_backups(paths.backup_dir) if b.kind == "before-restore"]
    assert len(kept) == 1
    assert f"prm backup restore {kept[0].id}" in shown[0] and "Restore from backup" in shown[0]
    reopened = open_store(paths, secret_store)
    with reopened.reading() as session:
        assert contact_list.count_contacts(session) == 1
    reopened.close()


def test_a_failed_restore_is_shown_and_changes_nothing(paths, secret_store):
    open_store(paths, secret_store).close()
    before = paths.database.read_bytes()
    tell = Tell()
    RestoreBackup("no-such-backup").run(paths, None, secret_store, tell)
    assert "prm backup list" in tell.errors[0].hint
    assert paths.database.read_bytes() == before
