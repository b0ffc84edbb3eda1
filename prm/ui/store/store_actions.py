"""The window's actions on the store itself: sample data, data protection, restore.

A restore or an encryption replaces the database file, so the window closes
and ``prm.ui.app.run`` does the work with the store closed (``between_windows``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QUndoStack
from PySide6.QtWidgets import QDialog, QMainWindow

from prm import APP_NAME
from prm.core.errors import KnownError
from prm.ui.common.errors import show_known_error
from prm.ui.common.tasks import Tasks
from prm.ui.store.between_windows import BetweenWindows, RestoreBackup
from prm.ui.store.sample_data import StoreSwitcher
from prm.ui.widgets.info_bar import InfoBar

if TYPE_CHECKING:  # the window hands it in; a room does not reach into another's screens
    from prm.ui.meetings.meeting_flow import MeetingFlow

SAMPLE_MESSAGE = (
    "<b>You are looking at sample data.</b> Nothing you do here touches your own contacts."
)


class StoreActions(QObject):
    message = Signal(str)
    # A restore or an encryption was chosen: the window closes for it.
    close_requested = Signal(object)  # the BetweenWindows work
    # The window now shows the other store (sample data or the user's own).
    home_or_sample_shown = Signal()

    def __init__(
        self, tasks: Tasks, window: QMainWindow, meetings: MeetingFlow, undo_stack: QUndoStack
    ) -> None:
        super().__init__(window)
        self.tasks, self.window, self.meetings = tasks, window, meetings
        self.undo_stack = undo_stack
        self.switcher = StoreSwitcher(tasks, tasks.ctx, self)
        self.switcher.switched.connect(self._switched)
        self.sample_bar = InfoBar()  # "You are looking at sample data"
        self._update_title()

    def _switched(self) -> None:
        QGuiApplication.restoreOverrideCursor()
        self.window.statusBar().clearMessage()
        self.undo_stack.clear()  # its steps belong to the other store
        if self.switcher.showing_sample:
            self.sample_bar.show_message(
                SAMPLE_MESSAGE, rich=True, action="Back to my contacts",
                on_action=self.back_home, closable=False,
            )  # fmt: skip
        else:
            self.sample_bar.hide()
        self._update_title()
        self.home_or_sample_shown.emit()  # the sections heard "everything changed" from tasks

    def _update_title(self) -> None:
        suffix = " — Sample data" if self.switcher.showing_sample else ""
        self.window.setWindowTitle(APP_NAME + suffix)

    def _meeting_in_the_way(self, what: str) -> bool:
        if not self.meetings.running:
            return False
        self.message.emit(f"Finish the running meeting before {what}.")
        self.meetings.show_meeting()
        return True

    def open_sample_data(self) -> bool:
        """Switch to the sample store; False if already there (or a meeting runs)."""
        if self._meeting_in_the_way("switching to sample data") or self.switcher.showing_sample:
            return False
        self.message.emit("Preparing sample data…")
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)

        def failed(exc: KnownError) -> None:
            QGuiApplication.restoreOverrideCursor()
            self.window.statusBar().clearMessage()
            show_known_error(self.window, exc)

        self.switcher.open_sample(failed)
        return True

    def back_home(self) -> bool:
        """ "Back to my contacts": False if not in sample data, or a meeting runs (its
        saves would otherwise go to the other store)."""
        if self._meeting_in_the_way("going back to your contacts"):
            return False
        if not self.switcher.showing_sample:
            return False
        self.switcher.back_home()
        return True

    def data_protection(self) -> None:
        from prm.ui.store.protection_dialog import DataProtectionDialog

        dialog = DataProtectionDialog(self.tasks, self.switcher.home, parent=self.window)
        dialog.exec()
        if dialog.encrypt_request is not None:
            self.close_requested.emit(dialog.encrypt_request)

    def choose_backup_to_restore(self) -> None:
        from prm.core.backups import list_backups
        from prm.ui.store.restore_backup_dialog import RestoreBackupDialog

        if self._meeting_in_the_way("restoring a backup"):
            return
        found = list_backups(self.switcher.home.paths.backup_dir, deep=False)
        dialog = RestoreBackupDialog(found, parent=self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen is not None:
            work: BetweenWindows = RestoreBackup(dialog.chosen.id)
            self.close_requested.emit(work)
