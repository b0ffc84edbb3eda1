"""The main window: composes the sidebar, the views, actions and bars, and wires them.

No logic of its own beyond routing: views show, ``ContactOps`` changes,
``EditorFlow`` edits, ``StoreSwitcher`` swaps in sample data.
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
from prm.ui.store.between_windows import BetweenWindows, RestoreBackup
from prm.ui.contacts.contact_ops import ContactOps
from prm.ui.common.errors import show_known_error
from prm.ui.contacts.editing import EditorFlow
from prm.ui.events.event_section import SECTION as EVENT_SECTION
from prm.ui.events.event_section import EventSection
from prm.ui.store.everything_flow import EverythingFlow
from prm.ui.vcard.export_flow import ExportFlow
from prm.ui.gifts.gift_section import SECTION as GIFT_SECTION
from prm.ui.gifts.gift_section import GiftSection
from prm.ui.common.icons import app_icon
from prm.ui.vcard.import_flow import ImportFlow
from prm.ui.meetings.meeting_flow import MeetingFlow
from prm.ui.store.sample_data import StoreSwitcher
from prm.ui.common.tasks import Early, Tasks
from prm.ui.common.theme import SETTINGS_KEY as THEME_KEY
from prm.ui.common.theme import ThemeController
from prm.ui.touches.touch_sections import SECTIONS as TOUCH_SECTIONS
from prm.ui.touches.touch_sections import TouchSections
from prm.ui.articles.articles_view import ArticlesView
from prm.ui.contacts.contacts_view import ContactsView
from prm.ui.meetings.meetings_view import MeetingsView
from prm.ui.contacts.trash_view import TrashView
from prm.ui.widgets.info_bar import WARNING, InfoBar
from prm.ui.widgets.sidebar import Sidebar
from prm.ui.window_actions import build_menus, build_toolbar, create_actions

log = logging.getLogger(__name__)

CONTACTS, MEETINGS, ARTICLES, TRASH = "contacts", "meetings", "articles", "trash"
STATUS_MS = 10_000


class MainWindow(QMainWindow):
    # The first contact list is on screen: the window is usable (cold-start benchmark).
    ready = Signal()

    def __init__(self, tasks: Tasks, *, settings: QSettings, theme: ThemeController) -> None:
        super().__init__()
        self.tasks = tasks
        self.settings = settings
        self.theme = theme
        self._ready_sent = False
        # Set when the user chose a backup: the window closes, and app.run restores it
        # with the store closed and opens the window again.
        # Work that needs the store closed (a restore, encryption): app.run does it.
        self.between_windows: BetweenWindows | None = None
        self.setWindowIcon(app_icon())

        self.undo_stack = QUndoStack(self)
        self.ops = ContactOps(tasks, self.undo_stack, self)
        self.switcher = StoreSwitcher(tasks, tasks.ctx, self)
        self.editing = EditorFlow(tasks, self.ops, self)
        self.importing = ImportFlow(tasks, self.undo_stack, self)  # also takes .vcf files dropped here
        self.exporting = ExportFlow(tasks, self, lambda: self.contacts_view.selected_ids())
        self.everything = EverythingFlow(tasks, self)
        self.actions = create_actions(self, self.undo_stack)
        build_menus(self, self.actions)
        self.toolbar = build_toolbar(self, self.actions)

        self.touch = TouchSections(tasks, self.undo_stack, self)
        self.meetings = MeetingFlow(tasks, self)
        self.event_section = EventSection(tasks, self.undo_stack, self)
        self.sidebar = Sidebar()
        self.sidebar.add_section(CONTACTS, "Contacts", "contacts")
        for key, label, icon_name in TOUCH_SECTIONS:
            self.sidebar.add_section(key, label, icon_name)
        self.gifts = GiftSection(tasks, self.undo_stack, self)
        self.sidebar.add_section(*EVENT_SECTION)
        self.sidebar.add_section(MEETINGS, "Meetings", "meetings")
        self.sidebar.add_section(*GIFT_SECTION)
        self.sidebar.add_section(ARTICLES, "Articles", "articles")
        self.sidebar.add_section(TRASH, "Trash", "trash")
        self.contacts_view = ContactsView(tasks, self.undo_stack)
        self.meetings_view = MeetingsView(tasks)  # reloads itself when shown
        self.articles_view = ArticlesView(tasks, self.undo_stack)
        self.trash_view = TrashView(tasks)
        self._views = {
            CONTACTS: self.contacts_view, **self.touch.views, **self.event_section.views,
            MEETINGS: self.meetings_view, GIFT_SECTION[0]: self.gifts.view,
            ARTICLES: self.articles_view, TRASH: self.trash_view,
        }
        self.stack = QStackedWidget()
        for view in self._views.values():
            self.stack.addWidget(view)

        self.sample_bar = InfoBar()
        self.notice_bar = InfoBar()
        self.body = QSplitter(Qt.Orientation.Horizontal)
        self.body.setChildrenCollapsible(False)
        self.body.addWidget(self.sidebar)
        self.body.addWidget(self.stack)
        self.body.setStretchFactor(1, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sample_bar)
        layout.addWidget(self.notice_bar)
        layout.addWidget(self.body, 1)
        self.setCentralWidget(central)
        self.statusBar().setSizeGripEnabled(True)

        self._wire()
        self._update_title()
        self._restore_settings()
        self._update_actions()

    # --- wiring --------------------------------------------------------------

    def _wire(self) -> None:
        a = self.actions
        a.new_contact.triggered.connect(self.editing.new_contact)
        a.edit.triggered.connect(self._edit_selected)
        a.delete.triggered.connect(self._delete_selected)
        a.find.triggered.connect(self.focus_search)
        a.load_sample.triggered.connect(self.open_sample_data)
        a.log_touch.triggered.connect(self._log_touch)
        a.cadence_settings.triggered.connect(self.touch.open_cadence_settings)
        a.data_protection.triggered.connect(self._data_protection)
        a.plan_meeting.triggered.connect(self._plan_meeting)
        a.import_vcards.triggered.connect(self.importing.choose_files)
        a.export_vcards.triggered.connect(self.exporting.open)
        a.restore_backup.triggered.connect(self.choose_backup_to_restore)
        a.export_everything.triggered.connect(self.everything.export_all)
        a.import_everything.triggered.connect(self.everything.import_all)
        self.everything.message.connect(self.show_status)
        self.everything.imported.connect(self._everything_imported)
        self.importing.changed.connect(self._contacts_changed)
        self.importing.message.connect(self.show_status)
        self.exporting.message.connect(self.show_status)
        a.quit.triggered.connect(self.close)
        for key, theme_action in a.themes.items():
            theme_action.triggered.connect(lambda _checked=False, k=key: self.set_theme(k))
        self.theme.changed.connect(self._retint)

        self.sidebar.section_changed.connect(self._show_section)
        cv = self.contacts_view
        cv.new_requested.connect(self.editing.new_contact)
        cv.edit_requested.connect(self.editing.edit_contact)
        cv.sample_data_requested.connect(self.open_sample_data)
        cv.selection_changed.connect(self._update_actions)
        cv.loaded.connect(self._list_loaded)
        cv.log_touch_requested.connect(self.touch.log_touch)
        self.touch.open_contact.connect(self._open_contact)
        self.touch.count_changed.connect(self.sidebar.set_count)
        self.touch.touches_changed.connect(cv.refresh_timeline)
        self.touch.message.connect(self.show_status)
        self.touch.meeting_requested.connect(lambda contact_id: self.meetings.plan([contact_id]))
        self.meetings.ended.connect(self._meeting_ended)
        self.meetings.message.connect(self.show_status)
        self.meetings_view.changed.connect(self.touch.touches_changed)  # a discard trashes its touch
        self.meetings_view.changed.connect(self.touch.refresh)
        av = self.articles_view
        av.contact_activated.connect(self._open_contact)
        av.ops.message.connect(self.show_status)
        av.ops.touches_changed.connect(lambda _ids: (self.touch.refresh(), cv.refresh_timeline()))
        self.touch.touches_changed.connect(av.refresh_people)
        cv.add_gift_requested.connect(self.gifts.new_gift)
        cv.gift_requested.connect(self.gifts.edit_gift)
        self.gifts.open_contact.connect(self._open_contact)
        self.gifts.count_changed.connect(self.sidebar.set_count)
        self.gifts.changed.connect(cv.refresh_timeline)
        self.gifts.message.connect(self.show_status)
        es = self.event_section
        es.open_contact.connect(self._open_contact)
        es.count_changed.connect(self.sidebar.set_count)
        es.events_changed.connect(self._events_changed)
        es.message.connect(self.show_status)
        cv.add_event_requested.connect(es.add_event)
        cv.event_requested.connect(es.edit_event)
        cv.event_delete_requested.connect(es.ops.trash)  # undoable, like a delete in Upcoming
        cv.article_share_requested.connect(self._show_shared_article)
        tv = self.trash_view
        tv.restore_requested.connect(self.ops.restore)
        tv.purge_requested.connect(self.ops.purge)
        tv.empty_requested.connect(self.ops.empty_trash)
        tv.selection_changed.connect(self._update_actions)
        tv.loaded.connect(self._trash_loaded)

        self.ops.changed.connect(self._contacts_changed)
        self.ops.message.connect(self.show_status)
        self.tasks.known_error.connect(self._known_error)  # a method: disconnects with the window
        self.switcher.switched.connect(self._store_switched)

    # --- what the app asks ---------------------------------------------------

    def start(self, early_list: Early | None = None) -> None:
        """Load the contact list (on the worker); ``ready`` follows once it shows,
        and only then the other sections and badges (``_load_the_rest``), so the
        first screen never waits behind them on the one worker."""
        self.contacts_view.reload(early=early_list)

    def _load_the_rest(self) -> None:
        self.trash_view.reload()
        self.touch.refresh()
        self.articles_view.reload()
        self.gifts.refresh()
        self.event_section.refresh()
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
        self.stack.setCurrentWidget(self._views[key])
        self.touch.section_shown(key)
        self.event_section.section_shown(key)
        self._update_actions()

    def _contacts_changed(self, select_id: int | None) -> None:
        self.contacts_view.reload(select_id)
        self.trash_view.reload()
        self.touch.refresh()  # names, cadences and trashed people change the rankings
        self.articles_view.refresh_people()  # ...and interests change who an article helps
        self.gifts.refresh()
        self.event_section.refresh()  # birthdays, anniversaries, trashed people

    def _events_changed(self, _contact_ids: list[int]) -> None:
        self.contacts_view.refresh_timeline()
        self.touch.refresh()  # an attended event is a touch

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
        from prm.core.models import ArticleShare

        share = self.tasks.read(lambda session: session.get(ArticleShare, share_id))
        if share is not None:
            self.sidebar.select(ARTICLES)
            self.articles_view.reload(select_id=share.article_id)

    def _everything_imported(self) -> None:
        self.undo_stack.clear()  # its steps knew the store before the import
        self._contacts_changed(None)
        self.meetings_view.refresh()

    def _meeting_ended(self, _attendee_ids: list[int]) -> None:
        self.touch.refresh()
        self.contacts_view.refresh_timeline()
        self.meetings_view.refresh()

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
        self.sidebar.select(CONTACTS)
        self.contacts_view.reset()
        self.trash_view.reset()
        self.touch.refresh()
        self.articles_view.reload()
        self.gifts.refresh()
        self.event_section.refresh()

    def _list_loaded(self) -> None:
        # The counts come with the lists: no extra queries after every change.
        self.sidebar.set_count(CONTACTS, self.contacts_view.total)
        self._update_actions()
        if not self._ready_sent:
            self._ready_sent = True
            self.ready.emit()
            self._load_the_rest()

    def _trash_loaded(self) -> None:
        self.sidebar.set_count(TRASH, self.trash_view.model.rowCount())
        self._update_actions()

    def _edit_selected(self) -> None:
        contact_id = self.contacts_view.current_id()
        if self.sidebar.current_key() == CONTACTS and contact_id is not None:
            self.editing.edit_contact(contact_id)

    def _delete_selected(self) -> None:
        key = self.sidebar.current_key()
        if key == TRASH:
            self.trash_view.confirm_purge()
        elif key == CONTACTS:
            self.ops.trash(self.contacts_view.selected_ids())

    def _update_actions(self) -> None:
        key = self.sidebar.current_key()
        in_contacts = key == CONTACTS
        view = {CONTACTS: self.contacts_view, TRASH: self.trash_view}.get(key)
        has_selection = view is not None and bool(view.selected_ids())
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
        self.trash_view.retint_icons()

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
