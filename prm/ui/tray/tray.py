"""The tray icon: the reach-out count, a menu, the day's notices, meeting warnings while
the window is hidden, and closing the window to the tray (a preference).

Where the desktop has no tray (``QSystemTrayIcon.isSystemTrayAvailable()`` is False)
there is no icon, no notices and no close-to-tray: the window closes and PRM quits, as
without this module. ``available`` is a seam: tests drive everything but the icon.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QSystemTrayIcon

from prm.ui.common.icons import app_icon
from prm.ui.preferences.prefs import Prefs, load_prefs
from prm.ui.tray.tray_model import (
    Message,
    NoticeMemory,
    icon_with_count,
    message_for,
    reach_out_count,
    tooltip,
)

log = logging.getLogger(__name__)

CHECK_EVERY_MS = 30 * 60_000  # notices (a birthday tomorrow appears at midnight)
COUNT_DELAY_MS = 3_000  # a burst of writes recounts once
MESSAGE_MS = 15_000


class TrayController(QObject):
    message_shown = Signal(object)  # Message: what the tray told (also with no icon: tests)
    count_changed = Signal(int)

    def __init__(self, window: QMainWindow, *, available: bool | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.available = QSystemTrayIcon.isSystemTrayAvailable() if available is None else available
        self.prefs: Prefs = load_prefs(window.settings)
        self.memory = NoticeMemory(window.settings)
        self.count: int | None = None
        self.last_message: Message | None = None
        self.quitting = False
        self.told_where = False  # the first close to the tray says where PRM went
        self.icon: QSystemTrayIcon | None = None
        self.menu = self._build_menu()
        self._recount = QTimer(self, singleShot=True, interval=COUNT_DELAY_MS)
        self._recount.timeout.connect(self.refresh_count)
        self._checker = QTimer(self, interval=CHECK_EVERY_MS)
        self._checker.timeout.connect(self.check_notices)
        window.tasks.changed.connect(lambda _changes: self._recount.start())
        window.installEventFilter(self)
        notifier = window.meetings.notifier
        notifier.app_tray = lambda: self.icon if self.active else None
        notifier.tray_wanted = lambda: self.prefs.notify_meeting
        self.apply(self.prefs)

    # --- state --------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        """A tray icon is (or would be) showing."""
        return self.available and self.prefs.tray_icon

    @property
    def closes_to_tray(self) -> bool:
        return self.active and self.prefs.close_to_tray

    def starts_hidden(self) -> bool:
        return self.active and self.prefs.start_in_tray

    def apply(self, prefs: Prefs) -> None:
        """The preferences as they are now (at start and after Preferences' OK)."""
        self.prefs = prefs
        if self.active:
            if self.icon is None and self.available:
                self.icon = QSystemTrayIcon(self)
                self.icon.setContextMenu(self.menu)
                self.icon.activated.connect(self._activated)
                self.icon.messageClicked.connect(self._message_clicked)
            self._paint()
            if self.icon is not None:
                self.icon.show()
            self._checker.start()
            self.refresh_count()
            self.check_notices()
        else:
            self._checker.stop()
            if self.icon is not None:
                self.icon.hide()

    # --- menu ---------------------------------------------------------------------------

    def _build_menu(self) -> QMenu:
        a = self.window.actions
        menu = QMenu(self.window)
        self.menu_actions: dict[str, QAction] = {}

        def add(key: str, text: str, slot) -> None:
            action = menu.addAction(text)
            action.triggered.connect(slot)
            self.menu_actions[key] = action

        add("log", "Log a touch…", lambda: (self.show_window(), a.log_touch.trigger()))
        add("meeting", "Start a meeting…", lambda: (self.show_window(), a.plan_meeting.trigger()))
        add("reach_out", "Open Reach out", lambda: self.open_section("reach_out"))
        add("sync", "Sync now", a.sync_now.trigger)
        menu.addSeparator()
        add("toggle", "Hide PRM", self.toggle_window)
        add("quit", "Quit PRM", self.quit)
        menu.aboutToShow.connect(self._name_toggle)
        self._name_toggle()
        return menu

    def _name_toggle(self) -> None:
        shown = self.window.isVisible() and not self.window.isMinimized()
        self.menu_actions["toggle"].setText("Hide PRM" if shown else "Show PRM")

    # --- the window -------------------------------------------------------------------

    def show_window(self) -> None:
        self.window.raise_window()

    def toggle_window(self) -> None:
        if self.window.isVisible() and not self.window.isMinimized():
            self.window.hide()
        else:
            self.show_window()

    def open_section(self, key: str) -> None:
        self.show_window()
        self.window.sidebar.select(key)

    def open_contact(self, contact_id: int) -> None:
        self.show_window()
        self.window.sidebar.select("contacts")
        self.window.contacts_view.show_contact(contact_id)

    def quit(self) -> None:
        """Really close (Quit in the menus): the window's own checks still ask."""
        self.quitting = True
        hidden = not self.window.isVisible()
        if self.window.close():
            if hidden:  # closing a hidden window does not end the event loop by itself
                QApplication.quit()
        else:
            self.quitting = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.window
            and event.type() == QEvent.Type.Close
            and self.closes_to_tray
            and not self.quitting
            and self.window.between_windows is None  # a restore or encryption: really close
        ):
            event.ignore()
            self.window.hide()
            if not self.told_where:
                self.told_where = True
                self._tell(Message("PRM is still running",
                                   "It is here in the tray. Choose Quit PRM in its menu to quit."))  # fmt: skip
            return True
        return super().eventFilter(watched, event)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):  # fmt: skip
            self.toggle_window()

    # --- count and notices ----------------------------------------------------------------

    def refresh_count(self) -> None:
        if not self.active:
            return
        # Read now: Reach out's own "Each week" field changes it too.
        ctx, capacity = self.window.tasks.ctx, load_prefs(self.window.settings).weekly_capacity
        now, zone = ctx.clock.now(), ctx.zone
        self.window.tasks.run(
            lambda s: reach_out_count(s, now=now, zone=zone, capacity=capacity),
            self._set_count,
            reads_only=True,
        )

    def _set_count(self, count: int) -> None:
        self.count = count
        self._paint()
        self.count_changed.emit(count)

    def _paint(self) -> None:
        if self.icon is not None:
            self.icon.setIcon(icon_with_count(app_icon(), self.count))
            self.icon.setToolTip(tooltip(self.count))

    def check_notices(self) -> None:
        kinds = self.prefs.notice_kinds()
        if not self.active or not kinds:
            return
        from prm.core.notices import due_notices

        ctx = self.window.tasks.ctx
        now, zone = ctx.clock.now(), ctx.zone
        self.window.tasks.run(
            lambda s: due_notices(s, now=now, zone=zone, kinds=kinds),
            lambda found: self._notices(found, now.astimezone(zone).date()),
            reads_only=True,
        )

    def _notices(self, found: list, today) -> None:
        wanted = set(self.prefs.notice_kinds())  # the user may have changed them meanwhile
        fresh = [n for n in self.memory.unseen(found, today) if n.kind in wanted]
        message = message_for(fresh)
        if message is None or not self.active:
            return
        self.memory.mark(fresh, today)
        self._tell(message)

    def _tell(self, message: Message) -> None:
        self.last_message = message
        if self.icon is not None:
            self.icon.showMessage(
                message.title, message.text, QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS
            )
        self.message_shown.emit(message)

    def _message_clicked(self) -> None:
        message = self.last_message
        if message is None:
            self.show_window()
        elif message.contact_id is not None:
            self.open_contact(message.contact_id)
        elif message.section is not None:
            self.open_section(message.section)
        else:
            self.show_window()


def install_tray(window: QMainWindow, *, available: bool | None = None) -> TrayController:
    """The window's tray (``window.tray``, which Preferences updates)."""
    window.tray = TrayController(window, available=available)
    return window.tray


def starts_in_tray(settings) -> bool:
    """Start with the window hidden: the user asked (Preferences > General) and a tray
    exists to bring it back from."""
    prefs = load_prefs(settings)
    return prefs.start_in_tray and prefs.tray_icon and QSystemTrayIcon.isSystemTrayAvailable()
