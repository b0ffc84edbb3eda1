"""The main window: composes the sections, actions and bars, and wires them.

Sections (``prm.ui.common.section``) build their views on first show and hear
every write through the change channel (``Tasks.changed``): this window holds
no refresh lists, only the routes between parts.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from prm import APP_NAME
from prm.core.errors import KnownError
from prm.ui.articles.articles_section import ARTICLES, ArticlesSection
from prm.ui.common.errors import show_known_error
from prm.ui.common.icons import app_icon
from prm.ui.common.section import Section
from prm.ui.common.tasks import Early, Tasks
from prm.ui.common.theme import SETTINGS_KEY as THEME_KEY
from prm.ui.common.theme import ThemeController
from prm.ui.contacts.contact_ops import ContactOps
from prm.ui.contacts.contacts_section import CONTACTS, TRASH, ContactsSection, TrashSection
from prm.ui.contacts.editing import EditorFlow
from prm.ui.events.event_section import UpcomingSection
from prm.ui.gifts.gift_section import GiftsSection
from prm.ui.meetings.meeting_flow import MeetingFlow
from prm.ui.meetings.meetings_section import MeetingsSection
from prm.ui.store.between_windows import BetweenWindows, RestoreBackup
from prm.ui.store.everything_flow import EverythingFlow
from prm.ui.store.sample_data import StoreSwitcher
from prm.ui.touches.touch_sections import (
    ReachOutSection,
    RepliesSection,
    ReviewSection,
    TouchActions,
)
from prm.ui.vcard.export_flow import ExportFlow
from prm.ui.vcard.import_flow import ImportFlow
from prm.ui.widgets.info_bar import WARNING, InfoBar
from prm.ui.widgets.sidebar import Sidebar
from prm.ui.window_actions import build_menus, build_toolbar, create_actions

log = logging.getLogger(__name__)

STATUS_MS = 10_000


class MainWindow(QMainWindow):
    # The first contact list is on screen: the window is usable (cold-start benchmark).
    ready = Signal()

    def __init__(self, tasks: Tasks, *, settings: QSettings, theme: ThemeController) -> None:
        super().__init__()
        self.tasks, self.settings, self.theme = tasks, settings, theme
        self._ready_sent = False
        # Work that needs the store closed (a restore, encryption): app.run does it.
        self.between_windows: BetweenWindows | None = None
        self.setWindowIcon(app_icon())
        self.undo_stack = QUndoStack(self)
        self.ops = ContactOps(tasks, self.undo_stack, self)
        self.switcher = StoreSwitcher(tasks, tasks.ctx, self)
        self.editing = EditorFlow(tasks, self.ops, self)
        self.importing = ImportFlow(tasks, self.undo_stack, self)  # also takes dropped .vcf files
        self.exporting = ExportFlow(tasks, self, lambda: self.contacts_view.selected_ids())
        self.everything = EverythingFlow(tasks, self)
        self.touch = TouchActions(tasks, self.undo_stack, self)
        self.meetings = MeetingFlow(tasks, self)
        self.actions = create_actions(self, self.undo_stack)
        build_menus(self, self.actions)
        self.toolbar = build_toolbar(self, self.actions)

        parts = (tasks, self.undo_stack, self)
        self.gifts, self.events = GiftsSection(*parts), UpcomingSection(*parts)
        self.articles = ArticlesSection(*parts)
        self.sections: dict[str, Section] = {
            s.key: s
            for s in (
                ContactsSection(*parts),
                ReachOutSection(*parts, self.touch),
                RepliesSection(*parts, self.touch),
                ReviewSection(*parts, self.touch),
                self.events,
                MeetingsSection(*parts),
                self.gifts,
                self.articles,
                TrashSection(*parts, self.ops),
            )
        }
        self.sidebar = Sidebar()
        self.stack = QStackedWidget()
        for section in self.sections.values():
            self.sidebar.add_section(section.key, section.title, section.icon)
            self.stack.addWidget(QWidget())  # the view replaces it when first shown
        self.contacts_view = self.section(CONTACTS).view  # the first screen: built now
        self._place(self.section(CONTACTS))
        self.stack.setCurrentWidget(self.contacts_view)
        self.sample_bar, self.notice_bar = InfoBar(), InfoBar()
        self.body = QSplitter(Qt.Orientation.Horizontal)
        self.body.setChildrenCollapsible(False)
        self.body.addWidget(self.sidebar)
        self.body.addWidget(self.stack)
        self.body.setStretchFactor(1, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for part in (self.sample_bar, self.notice_bar):
            layout.addWidget(part)
        layout.addWidget(self.body, 1)
        self.setCentralWidget(central)
        self.statusBar().setSizeGripEnabled(True)
        self._wire()
        self._update_title()
        self._restore_settings()
        self._update_actions()

    def section(self, key: str) -> Section:
        return self.sections[key]

    # --- wiring --------------------------------------------------------------

    def _wire(self) -> None:
        a = self.actions
        for action, slot in (
            (a.new_contact, self.editing.new_contact),
            (a.edit, self._edit_selected),
            (a.delete, self._delete_selected),
            (a.find, self.focus_search),
            (a.load_sample, self.open_sample_data),
            (a.log_touch, self._log_touch),
            (a.cadence_settings, self.touch.open_cadence_settings),
            (a.data_protection, self._data_protection),
            (a.plan_meeting, self._plan_meeting),
            (a.import_vcards, self.importing.choose_files),
            (a.export_vcards, self.exporting.open),
            (a.restore_backup, self.choose_backup_to_restore),
            (a.export_everything, self.everything.export_all),
            (a.import_everything, self.everything.import_all),
            (a.quit, self.close),
        ):
            action.triggered.connect(slot)
        for key, theme_action in a.themes.items():
            theme_action.triggered.connect(lambda _checked=False, k=key: self.set_theme(k))
        self.theme.changed.connect(self._retint)
        for source in (
            self.everything,
            self.importing,
            self.exporting,
            self.touch,
            self.meetings,
            self.ops,
            *self.sections.values(),
        ):
            if hasattr(source, "message"):
                source.message.connect(self.show_status)
        for section in self.sections.values():
            section.badge_changed.connect(self.sidebar.set_count)
            section.open_contact.connect(self._open_contact)
        self.everything.imported.connect(self.undo_stack.clear)  # its steps knew the old store
        self.sidebar.section_changed.connect(self._show_section)
        cv = self.contacts_view
        for signal, slot in (
            (cv.new_requested, self.editing.new_contact),
            (cv.edit_requested, self.editing.edit_contact),
            (cv.sample_data_requested, self.open_sample_data),
            (cv.selection_changed, self._update_actions),
            (cv.loaded, self._list_loaded),
            (cv.log_touch_requested, self.touch.log_touch),
            (cv.add_gift_requested, self.gifts.new_gift),
            (cv.gift_requested, self.gifts.edit_gift),
            (cv.add_event_requested, self.events.add_event),
            (cv.event_requested, self.events.edit_event),
            (cv.event_delete_requested, self.events.ops.trash),  # undoable, as in Upcoming
            (cv.article_share_requested, self._show_shared_article),
        ):
            signal.connect(slot)
        self.touch.meeting_requested.connect(lambda contact_id: self.meetings.plan([contact_id]))
        self.section(TRASH).selection_changed.connect(self._update_actions)
        self.ops.changed.connect(self._contact_saved)
        self.importing.changed.connect(self._contact_saved)
        self.tasks.known_error.connect(self._known_error)  # a method: disconnects with the window
        self.switcher.switched.connect(self._store_switched)

    # --- what the app asks ---------------------------------------------------

    def start(self, early_list: Early | None = None) -> None:
        """Load the contact list (on the worker); ``ready`` follows once it shows,
        and only then the badges, so the first screen never waits behind them."""
        self.contacts_view.reload(early=early_list)
        self.section(CONTACTS).shown()

    def _load_the_rest(self) -> None:
        for section in self.sections.values():
            if section.key != CONTACTS:
                section.refresh_badge()
        self.meetings.recover()

    def show_notices(self, notices: list[str]) -> None:
        if notices:
            self.notice_bar.show_message("\n".join(notices), kind=WARNING)

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, STATUS_MS)

    def raise_window(self) -> None:
        """Another launch of PRM asked for this window."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def focus_search(self) -> None:
        self.sidebar.select(CONTACTS)
        self.contacts_view.focus_search()

    def open_sample_data(self) -> None:
        if self.meetings.running:
            self.show_status("Finish the running meeting before switching to sample data.")
            self.meetings.show_meeting()
            return
        if self.switcher.showing_sample:
            self.sidebar.select(CONTACTS)
            return
        self.show_status("Preparing sample data…")
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)

        def failed(exc: KnownError) -> None:
            QGuiApplication.restoreOverrideCursor()
            self.statusBar().clearMessage()
            show_known_error(self, exc)

        self.switcher.open_sample(failed)

    def _data_protection(self) -> None:
        from prm.ui.store.protection_dialog import DataProtectionDialog

        dialog = DataProtectionDialog(self.tasks, self.switcher.home, parent=self)
        dialog.exec()
        if dialog.encrypt_request is not None:
            self.close_for(dialog.encrypt_request)

    def choose_backup_to_restore(self) -> None:
        from prm.core.backups import list_backups
        from prm.ui.store.restore_backup_dialog import RestoreBackupDialog

        if self.meetings.running:
            self.show_status("Finish the running meeting before restoring a backup.")
            self.meetings.show_meeting()
            return
        found = list_backups(self.switcher.home.paths.backup_dir, deep=False)
        dialog = RestoreBackupDialog(found, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
            return
        self.close_for(RestoreBackup(dialog.chosen.id))

    def close_for(self, work: BetweenWindows) -> None:
        """Close the window so ``work`` can run on the closed store; it then reopens."""
        self.between_windows = work
        if not self.close():  # the user kept an open editor
            self.between_windows = None

    def set_theme(self, key: str) -> None:
        self.theme.apply(key)
        self.actions.themes[self.theme.mode].setChecked(True)
        self.settings.setValue(THEME_KEY, self.theme.mode)

    # --- reactions -----------------------------------------------------------

    def _known_error(self, exc: KnownError) -> None:
        show_known_error(self, exc)

    def _show_section(self, key: str) -> None:
        for section in self.sections.values():
            if section.key != key:
                section.hidden()
        section = self.section(key)
        self._place(section)
        self.stack.setCurrentWidget(section.view)
        section.shown()
        self._update_actions()

    def _place(self, section: Section) -> None:
        """Put a section's view (built now, on first show) in its slot of the stack."""
        index = list(self.sections).index(section.key)
        if self.stack.widget(index) is not section.view:
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, section.view)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()

    def _contact_saved(self, select_id: int | None) -> None:
        if select_id is not None:
            self.contacts_view.show_contact(select_id)

    def _open_contact(self, contact_id: int) -> None:
        self.sidebar.select(CONTACTS)
        self.contacts_view.show_contact(contact_id)

    def _log_touch(self) -> None:
        """Ctrl+L: for the contact on screen when there is one, else for whoever is typed."""
        on_contacts = self.sidebar.current_key() == CONTACTS
        self.touch.log_touch(self.contacts_view.current_id() if on_contacts else None)

    def _plan_meeting(self) -> None:
        """Ctrl+M: with the contacts selected in the list, else with whoever is typed."""
        on_contacts = self.sidebar.current_key() == CONTACTS
        self.meetings.plan(self.contacts_view.selected_ids() if on_contacts else [])

    def _show_shared_article(self, share_id: int) -> None:
        from prm.core.article_shares import article_of_share

        # One row by its key: bounded, fine on this thread.
        article_id = self.tasks.read(lambda s: article_of_share(s, share_id=share_id))
        if article_id is not None:
            self.sidebar.select(ARTICLES)
            self.articles.show_article(article_id)

    def _store_switched(self) -> None:
        QGuiApplication.restoreOverrideCursor()
        self.statusBar().clearMessage()
        self.undo_stack.clear()  # its steps belong to the other store
        if self.switcher.showing_sample:
            self.sample_bar.show_message(
                "<b>You are looking at sample data.</b> "
                "Nothing you do here touches your own contacts.",
                rich=True,
                action="Back to my contacts",
                on_action=self.switcher.back_home,
                closable=False,
            )
        else:
            self.sample_bar.hide()
        self._update_title()
        self.sidebar.select(CONTACTS)  # the sections heard "everything changed" from tasks

    def _list_loaded(self) -> None:
        self._update_actions()
        if not self._ready_sent:
            self._ready_sent = True
            self.ready.emit()
            self._load_the_rest()

    def _edit_selected(self) -> None:
        contact_id = self.contacts_view.current_id()
        if self.sidebar.current_key() == CONTACTS and contact_id is not None:
            self.editing.edit_contact(contact_id)

    def _delete_selected(self) -> None:
        key = self.sidebar.current_key()
        if key == TRASH:
            self.section(TRASH).view.confirm_purge()
        elif key == CONTACTS:
            self.ops.trash(self.contacts_view.selected_ids())

    def _update_actions(self) -> None:
        key = self.sidebar.current_key()
        in_contacts = key == CONTACTS
        section = self.sections.get(key)
        has_selection = (
            key in (CONTACTS, TRASH)
            and section is not None
            and section.built
            and bool(section.view.selected_ids())
        )
        self.actions.edit.setEnabled(in_contacts and self.contacts_view.current_id() is not None)
        self.actions.delete.setEnabled(has_selection)
        self.actions.delete.setText("&Delete forever…" if key == TRASH else "&Delete")

    def _update_title(self) -> None:
        suffix = " — Sample data" if self.switcher.showing_sample else ""
        self.setWindowTitle(APP_NAME + suffix)

    def _retint(self) -> None:
        self.actions.retint()
        self.sidebar.retint_icons()
        self.contacts_view.search.retint_icons()
        if self.section(TRASH).built:
            self.section(TRASH).view.retint_icons()

    # --- settings ------------------------------------------------------------

    def _restore_settings(self) -> None:
        s = self.settings
        self.actions.themes[self.theme.mode].setChecked(True)
        geometry = s.value("window/geometry")
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(1180, 740)
        state = s.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        body = s.value("window/sidebar")
        if not (isinstance(body, QByteArray) and self.body.restoreState(body)):
            self.body.setSizes([190, 990])
        self.contacts_view.restore_state(s)

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/sidebar", self.body.saveState())
        self.contacts_view.save_state(s)
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        editor = self.editing.editor
        if editor is not None and editor.isVisible():
            editor.reject()  # asks before throwing away typing
            if editor.isVisible():
                event.ignore()
                return
        if not self.meetings.confirm_quit():
            event.ignore()
            return
        self.save_settings()
        super().closeEvent(event)
