"""Edit > Preferences…: builds the dialog for the window and applies what the user chose
to every part that shows it (imported on first use, never at start-up)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QSystemTrayIcon

from prm.ui.preferences.backups_page import BackupsPage
from prm.ui.preferences.dialog import PreferencesDialog
from prm.ui.preferences.general_page import GeneralPage
from prm.ui.preferences.meetings_page import MeetingsPage
from prm.ui.preferences.prefs import Prefs, backup_job_options
from prm.ui.preferences.reach_out_page import ReachOutPage
from prm.ui.preferences.security_page import SecurityPage, protection_text
from prm.ui.preferences.sync_page import SyncPage
from prm.ui.preferences.tray_page import TrayPage


def tray_available() -> bool:
    return QSystemTrayIcon.isSystemTrayAvailable()


def build_dialog(w: QMainWindow) -> PreferencesDialog:
    tasks, store = w.tasks, w.switcher.home.store
    has_tray = tray_available()

    def back_up_now():
        from prm.ui.store.background_backup import BackgroundBackup

        keep = backup_job_options(w.settings)["keep_daily"]
        job = BackgroundBackup(store, tasks.ctx.clock, w, keep_daily=keep, force=True)
        job.start()
        return job

    pages = [
        GeneralPage(tray_available=has_tray),
        ReachOutPage(tasks),
        MeetingsPage(),
        BackupsPage(store.paths.backup_dir, back_up_now),
        SecurityPage(lambda: protection_text(store), w.store_actions.data_protection),
        SyncPage(tasks, w.sync.open_accounts, w.section("capture").open_sources),
        TrayPage(tray_available=has_tray),
    ]
    dialog = PreferencesDialog(w.settings, pages, w)
    dialog.applied.connect(lambda _before, after: apply_to_window(w, after))
    return dialog


def open_preferences(w: QMainWindow) -> PreferencesDialog:
    """Ctrl+, : one dialog at a time (raised if already open)."""
    dialog = getattr(w, "preferences_dialog", None)
    if dialog is not None and dialog.isVisible():
        dialog.raise_()
        dialog.activateWindow()
        return dialog
    dialog = build_dialog(w)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    w.preferences_dialog = dialog
    dialog.destroyed.connect(lambda: setattr(w, "preferences_dialog", None))
    dialog.open()
    return dialog


def apply_to_window(w: QMainWindow, prefs: Prefs) -> None:
    """What shows a preference follows it now (the rest read it when they next act)."""
    if prefs.theme != w.theme.mode:
        w.set_theme(prefs.theme)
    reach_out = w.section("reach_out")
    if reach_out.built:
        reach_out.view.capacity_spin.setValue(prefs.weekly_capacity)  # stores and reloads
    w.meetings.apply_prefs()
    tray = getattr(w, "tray", None)
    if tray is not None:
        tray.apply(prefs)
