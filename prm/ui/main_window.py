"""The main window: composes the sections, actions and bars, and wires them. Sections build
on first show and hear every write through ``Tasks.changed``: no refresh lists, only routes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow

from prm.core.errors import KnownError
from prm.ui.advocates.advocates_section import AdvocatesSection
from prm.ui.articles.articles_section import ArticlesSection
from prm.ui.capture.capture_section import CaptureSection
from prm.ui.common.errors import show_known_error
from prm.ui.common.icons import app_icon
from prm.ui.common.section import Section, SectionStack
from prm.ui.common.tasks import Tasks
from prm.ui.common.theme import SETTINGS_KEY as THEME_KEY
from prm.ui.common.theme import ThemeController
from prm.ui.contacts.contact_ops import ContactOps
from prm.ui.contacts.contacts_section import CONTACTS, TRASH, ContactsSection, TrashSection
from prm.ui.contacts.editing import EditorFlow
from prm.ui.duplicates.duplicates_section import DuplicatesSection
from prm.ui.events.event_section import UpcomingSection
from prm.ui.gifts.gift_section import GiftsSection
from prm.ui.home.home_section import HOME, HomeSection
from prm.ui.meetings.meeting_flow import MeetingFlow
from prm.ui.meetings.meetings_section import MeetingsSection
from prm.ui.operations import new_undo_stack
from prm.ui.store.between_windows import BetweenWindows
from prm.ui.store.everything_flow import EverythingFlow
from prm.ui.store.store_actions import StoreActions
from prm.ui.sync.sync_flow import SyncFlow
from prm.ui.touches import touch_sections as touch
from prm.ui.travel.travel_section import TravelSection
from prm.ui.vcard.export_flow import ExportFlow
from prm.ui.vcard.import_flow import ImportFlow
from prm.ui.widgets.info_bar import WARNING, InfoBar
from prm.ui.widgets.sidebar import Sidebar
from prm.ui.window_actions import build_bars, connect_actions, connect_card, create_actions
from prm.ui.window_shell import install_shell
from prm.ui.window_state import lay_out, restore_window_state, save_window_state

if TYPE_CHECKING:  # built on first show: its module is not imported at start
    from prm.ui.contacts.contacts_view import ContactsView

STATUS_MS = 10_000


class MainWindow(QMainWindow):
    ready = Signal()  # Home's lists are on screen: usable (cold-start benchmark)

    def __init__(self, tasks: Tasks, *, settings: QSettings, theme: ThemeController) -> None:
        super().__init__()
        self.tasks, self.settings, self.theme, self._ready_sent = tasks, settings, theme, False
        # Work that needs the store closed (a restore, encryption): app.run does it.
        self.between_windows: BetweenWindows | None = None
        self.setWindowIcon(app_icon())
        self.undo_stack = new_undo_stack(tasks, self)
        self.undo_stack.keep_status_honest(self.statusBar())
        self.ops = ContactOps(tasks, self.undo_stack, self)
        self.editing = EditorFlow(tasks, self.ops, self)
        self.importing = ImportFlow(tasks, self.undo_stack, self)  # also takes dropped .vcf files
        self.exporting = ExportFlow(tasks, self, self._selected_contacts)
        self.everything = EverythingFlow(tasks, self)
        self.touch = touch.TouchActions(tasks, self.undo_stack, self)
        self.meetings = MeetingFlow(tasks, self, self.undo_stack)
        self.store_actions = store = StoreActions(tasks, self, self.meetings, self.undo_stack)
        self.switcher, self.actions = store.switcher, create_actions(self, self.undo_stack)
        self.toolbar = build_bars(self, self.actions)
        parts = (tasks, self.undo_stack, self)
        self.gifts, self.events, self.articles = (GiftsSection(*parts), UpcomingSection(*parts),
                                                  ArticlesSection(*parts))  # fmt: skip
        self.sections: dict[str, Section] = {
            s.key: s
            for s in (
                HomeSection(*parts), ContactsSection(*parts), touch.ReachOutSection(*parts, self.touch),
                touch.RepliesSection(*parts, self.touch), CaptureSection(*parts),
                touch.ReviewSection(*parts, self.touch), self.events, MeetingsSection(*parts),
                AdvocatesSection(*parts), TravelSection(*parts),
                self.gifts, self.articles, DuplicatesSection(*parts), TrashSection(*parts, self.ops),
            )
        }  # fmt: skip
        self.sidebar = Sidebar()
        for section in self.sections.values():
            self.sidebar.add_section(section.key, section.title, section.icon)
        self.stack = SectionStack(self.sections)
        self.section(CONTACTS).view_built.connect(self._wire_contacts)
        self.stack.show_section(HOME)  # the first screen
        self.sample_bar, self.notice_bar = store.sample_bar, InfoBar()
        self.body = lay_out(self, bars=(self.sample_bar, self.notice_bar),
                            side=self.sidebar, main=self.stack)  # fmt: skip
        self.sync = SyncFlow(tasks, self)  # shows conflicts on the contact card, once built
        self._wire()
        self.shell = install_shell(self)  # Help menu, Home's routes, getting started
        self.actions.themes[self.theme.mode].setChecked(True)
        restore_window_state(self, self.body, settings)
        self._update_actions()

    def section(self, key: str) -> Section:
        return self.sections[key]

    @property
    def contacts_view(self) -> ContactsView:
        """The list, card and timeline: built on first use (Home is the first screen)."""
        return self.section(CONTACTS).view  # type: ignore[return-value]

    def _selected_contacts(self) -> list[int]:
        return self.contacts_view.selected_ids() if self.section(CONTACTS).built else []

    def _wire_contacts(self, cv: ContactsView) -> None:
        """Contacts was just built: its rows' actions, its requests, the window's state."""
        a = self.actions
        cv.set_row_actions([a.edit, a.log_touch, cv.add_gift_action, a.plan_meeting, None,
                            a.export_vcards, None, a.delete])  # fmt: skip
        self.section(CONTACTS).route_requests(
            self.editing, self.touch, self.gifts, self.events, self.articles.show_share
        )
        for signal, slot in (
            (cv.sample_data_requested, self.open_sample_data),
            (cv.selection_changed, self._update_actions),
            (cv.loaded, self._list_loaded),
            (cv.first_page_shown, self._list_loaded),
        ):
            signal.connect(slot)
        connect_card(self, cv.card)
        self.sync.add_banner(cv.card)
        cv.restore_state(self.settings)

    def _wire(self) -> None:
        a, store = self.actions, self.store_actions
        connect_actions(a, self)
        for signal, slot in (
            (store.close_requested, self.close_for),
            (self.everything.imported, self.undo_stack.clear),  # its steps knew the old store
            (self.sidebar.section_changed, self._show_section),
            (self.touch.meeting_requested, lambda contact_id: self.meetings.plan([contact_id])),
            (self.section(TRASH).selection_changed, self._update_actions),
            (self.ops.changed, self._contact_saved),
            (self.editing.open_requested, self._open_contact),
            (self.importing.changed, self._contact_saved),
            (self.tasks.known_error, self._known_error),  # a method: goes with the window
            (store.home_or_sample_shown, lambda: self.sidebar.select(CONTACTS)),
        ):
            signal.connect(slot)
        for source in (self.everything, self.importing, self.exporting, self.meetings, self.ops,
                       store, *self.sections.values()):  # fmt: skip
            source.message.connect(self.show_status)
        for section in self.sections.values():
            section.badge_changed.connect(self.sidebar.set_count)
            section.open_contact.connect(self._open_contact)
            section.show_requested.connect(self.sidebar.select)

    # --- what the app asks ---------------------------------------------------

    def _list_loaded(self) -> None:
        self._update_actions()

    def home_loaded(self) -> None:
        """Home's lists (loading since it was shown, on the worker) are on screen: the window
        is usable (``ready``), and only now the badges. Contacts loads when first shown."""
        if not self._ready_sent:
            self._ready_sent = True
            self.ready.emit()
            for section in self.sections.values():
                if section.key != HOME:
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
        if not self.store_actions.open_sample_data() and self.switcher.showing_sample:
            self.sidebar.select(CONTACTS)

    def close_for(self, work: BetweenWindows) -> None:
        """Close the window so ``work`` can run on the closed store; it then reopens."""
        self.between_windows = work
        if not self.close():  # the user kept an open editor
            self.between_windows = None

    def set_theme(self, key: str) -> None:
        self.theme.apply(key)
        self.actions.themes[self.theme.mode].setChecked(True)
        self.settings.setValue(THEME_KEY, self.theme.mode)

    # --- routes between parts -----------------------------------------------

    def _known_error(self, exc: KnownError) -> None:
        show_known_error(self, exc)

    def _show_section(self, key: str) -> None:
        self.stack.show_section(key)
        self._update_actions()

    def _contact_saved(self, select_id: int | None) -> None:
        if select_id is not None:
            self.contacts_view.show_contact(select_id)

    def _open_contact(self, contact_id: int) -> None:
        self.sidebar.select(CONTACTS)
        self.contacts_view.show_contact(contact_id)

    def _on_contacts(self) -> bool:
        return self.sidebar.current_key() == CONTACTS

    def log_touch(self) -> None:
        """Ctrl+L: for the contact on screen when there is one, else for whoever is typed."""
        self.touch.log_touch(self.contacts_view.current_id() if self._on_contacts() else None)

    def plan_meeting(self) -> None:
        """Ctrl+M: with the contacts selected in the list, else with whoever is typed."""
        self.meetings.plan(self.contacts_view.selected_ids() if self._on_contacts() else [])

    def edit_selected(self) -> None:
        contact_id = self.contacts_view.current_id()
        if self._on_contacts() and contact_id is not None:
            self.editing.edit_contact(contact_id)

    def delete_selected(self) -> None:
        key = self.sidebar.current_key()
        if key == TRASH:
            self.section(TRASH).view.confirm_purge()
        elif key == CONTACTS:
            self.ops.trash(self.contacts_view.selected_ids())

    def _update_actions(self) -> None:
        key = self.sidebar.current_key()
        section = self.sections.get(key)
        listed = key in (CONTACTS, TRASH) and section is not None and section.built
        self.actions.edit.setEnabled(
            self._on_contacts() and self.contacts_view.current_id() is not None
        )
        self.actions.delete.setEnabled(listed and bool(section.view.selected_ids()))
        self.actions.delete.setText("&Delete forever…" if key == TRASH else "&Delete")

    def save_settings(self) -> None:
        save_window_state(self, self.body, self.settings)
        if self.section(CONTACTS).built:
            self.contacts_view.save_state(self.settings)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        editor = self.editing.editor
        if editor is not None and editor.isVisible():
            editor.reject()  # asks before throwing away typing
        if (editor is not None and editor.isVisible()) or not self.meetings.confirm_quit():
            event.ignore()
            return
        self.save_settings()
        super().closeEvent(event)
