"""The address book: the page header with the search, the list, and the selected
contact's page (their card above their timeline, in one scroll area).

Lists are loaded on the DB worker (ids only); a newer search supersedes an
older one, so results of a query the user already typed past are ignored.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from prm.core import contact_cards
from prm.core.dates import today_in
from prm.core.errors import KnownError
from prm.core.timeline_entry import KIND_ARTICLE, KIND_EVENT
from prm.ui.common.tasks import Tasks
from prm.ui.common.undo import UndoStack
from prm.ui.contacts.contact_card import ContactCard
from prm.ui.contacts.contact_table import DEFAULT_HIDDEN, ContactTable
from prm.ui.contacts.contact_table_model import ContactList, ContactTableModel, load_contact_list
from prm.ui.contacts.contact_timeline import contact_timeline_widget
from prm.ui.widgets.empty_state import EmptyState
from prm.ui.widgets.list_page import PageHeader
from prm.ui.widgets.search_field import SearchField
from prm.ui.widgets.separator import finish_splitter

log = logging.getLogger(__name__)

SEARCH_PLACEHOLDER = "Search name, company, email, phone, tag…"
CARD_DELAY_MS = 40
HIDDEN_COLUMNS_KEY = "contacts/hidden_columns"  # header texts, comma-separated


class ContactsView(QWidget):
    new_requested = Signal()
    edit_requested = Signal(int)
    sample_data_requested = Signal()
    selection_changed = Signal()
    log_touch_requested = Signal(int)
    add_gift_requested = Signal(int)  # for this contact
    gift_requested = Signal(int)  # open this gift
    add_event_requested = Signal(int)
    event_requested = Signal(int)  # open this event (from the timeline)
    event_delete_requested = Signal(int, str)  # event id, what it is (from the timeline)
    article_share_requested = Signal(int)  # show the article of this share (from the timeline)
    # A list finished loading (the first one after start is the "usable" moment).
    loaded = Signal()
    # The first page of a list that loads in two steps is on screen (the rest follows).
    first_page_shown = Signal()

    def __init__(self, tasks: Tasks, undo_stack: UndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._load_seq = 0
        self._shown_query = ""
        self._wanted_card: int | None = None
        self._card_in_flight = False
        self._card_timer = QTimer(self)
        self._card_timer.setSingleShot(True)
        self._card_timer.setInterval(CARD_DELAY_MS)
        self._card_timer.timeout.connect(lambda: self._load_card_for(self._wanted_card))
        self.total = 0  # live contacts in the store, whatever the search
        # ``total`` was counted after the last store change: a keystroke reuses it.
        # Any other reload (the store changed, a header, a reset) counts afresh.
        self._total_known = False

        self.search = SearchField(SEARCH_PLACEHOLDER)
        self.search.query_changed.connect(self._query_changed)
        self.search.leave_down.connect(self._focus_list)

        self.model = ContactTableModel(tasks.read, self)
        self.table = ContactTable(self.model, sortable=True, column_menu=True)
        self.table.setAccessibleName("Contacts")
        self.model.sort_changed.connect(self.reload)
        # For the rows' context menu, beside the window's own actions (set_row_actions).
        self.add_gift_action = QAction("Add &gift…", self)
        self.add_gift_action.setToolTip("Note a gift idea, or a gift given or received")
        self.add_gift_action.triggered.connect(self._add_gift_for_current)
        self.table.type_ahead.connect(self._type_into_search)
        self.table.activated.connect(
            lambda index: self.edit_requested.emit(self.model.id_at(index.row()))
        )
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.selectionModel().currentRowChanged.connect(self._selection_changed)

        self.no_match = EmptyState("No matches")
        self.results = QStackedWidget()
        self.results.addWidget(self.table)
        self.results.addWidget(self.no_match)

        self.card = ContactCard(clock=tasks.ctx.clock)
        self.card.contact_activated.connect(self.show_contact)
        self.card.edit_requested.connect(self._edit_current)
        self.card.add_gift_requested.connect(self._add_gift_for_current)
        self.card.gift_activated.connect(self.gift_requested)
        self.timeline = contact_timeline_widget(tasks, undo_stack)
        self.timeline.log_requested.connect(self._log_for_current)
        self.timeline.add_event_requested.connect(self._add_event_for_current)
        self.timeline.open_requested.connect(self._open_entry)
        self.timeline.delete_requested.connect(
            lambda e: (
                self.event_delete_requested.emit(e.id, e.summary) if e.kind == KIND_EVENT else None
            )
        )
        # The card and the timeline scroll as one: one scroll bar for the whole page.
        page = QWidget()
        page.setBackgroundRole(QPalette.ColorRole.Base)
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.setSpacing(0)
        page_layout.addWidget(self.card, 1)
        page_layout.addWidget(self.timeline)
        page_layout.addStretch(0)
        self.contact_page = QScrollArea()
        self.contact_page.setWidgetResizable(True)
        self.contact_page.setFrameShape(QFrame.Shape.NoFrame)
        self.contact_page.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.contact_page.setWidget(page)
        self.contact_page.viewport().setBackgroundRole(QPalette.ColorRole.Base)
        self._page_layout = page_layout
        # Never narrower than what the page needs: the splitter would clip its right edge.
        self.contact_page.setMinimumWidth(
            page.minimumSizeHint().width()
            + self.contact_page.verticalScrollBar().sizeHint().width()
        )

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.results)
        self.splitter.addWidget(self.contact_page)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        finish_splitter(self.splitter)

        self.empty = EmptyState(
            "No contacts yet",
            "PRM keeps the people who matter to you, and reminds you to stay in touch. "
            "Add someone you talked to recently, or look around with made-up contacts first.",
        )
        self.empty.add_button("Add your first contact", primary=True).clicked.connect(
            self.new_requested
        )
        self.empty.add_button("Try it with sample data").clicked.connect(self.sample_data_requested)

        # The header every section has: "Contacts", how many (or what the search
        # left: "991 of 100,000"), and the search in its row.
        header = PageHeader("Contacts", "", self)
        self.count_label = header.summary
        header.add_row(self.search)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.splitter)
        self.pages.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.pages, 1)

    # --- what the window asks ------------------------------------------------

    def reload(self, select_id: int | None = None, *, typed: bool = False) -> None:
        """Reload the list for the current search, keeping (or moving to) a selection.

        ``typed``: only the search changed, so the store's total is still the one shown.
        """
        if not typed:
            self._total_known = False
        known_total = self.total if self._total_known else None
        self._load_seq += 1
        seq, query = self._load_seq, self.search.query()
        keep = select_id if select_id is not None else self.table.current_id()
        # Same list reloaded (a contact left it): stay near the same row; a new search: the top.
        row = self.table.currentIndex().row() if query == self._shown_query else 0

        def loaded(result: ContactList | None) -> None:
            if result is not None:
                self._loaded(seq, result, keep, select_id, row)

        sort, descending = self.model.sort_key, self.model.descending
        positions = self._tasks.ctx.store.list_positions
        # A new search, or the list's first load, shows its first page at once and the
        # rest after; a reload that must find a contact anywhere in the list loads it whole.
        first_page_only = select_id is None and (
            (bool(query) and query != self._shown_query) or not self.model.ids()
        )

        def work(session: Session) -> ContactList | None:
            if seq != self._load_seq:
                return None  # a newer load was asked for meanwhile (typing, a store switch)
            return load_contact_list(
                session,
                query=query,
                sort=sort,
                descending=descending,
                first_page_only=first_page_only,
                total=known_total,
                positions=positions,
            )

        self._tasks.run(work, loaded, reads_only=True)

    def reset(self) -> None:
        """The window switched stores: forget everything shown and load afresh."""
        self._card_timer.stop()
        self._card_in_flight = False
        self._wanted_card = None
        self._show_page(None)
        self.timeline.show_contact(None)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.model.set_ids([])
        self.reload()

    def set_row_actions(self, actions: list[QAction | None]) -> None:
        """The window's actions offered when a row is right-clicked (None: separator)."""
        self.table.set_row_actions(actions)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def show_contact(self, contact_id: int) -> None:
        """Select a contact (clearing a search that hides it)."""
        if not self.table.select_id(contact_id):
            if self.search.text():
                self.search.blockSignals(True)
                self.search.clear()
                self.search.blockSignals(False)
            self.reload(select_id=contact_id)

    def selected_ids(self) -> list[int]:
        return self.table.selected_ids() if self.pages.currentWidget() is self.splitter else []

    def current_id(self) -> int | None:
        return self.table.current_id() if self.pages.currentWidget() is self.splitter else None

    def refresh_card(self) -> None:
        self._load_card_for(self.current_id())

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("contacts/splitter", self.splitter.saveState())
        settings.setValue(HIDDEN_COLUMNS_KEY, ",".join(self.table.hidden_columns()))
        if self.table.user_sized_columns():
            settings.setValue("contacts/columns", self.table.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        splitter = settings.value("contacts/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([560, 480])  # four columns; the card and its timeline
        finish_splitter(self.splitter)  # a saved state brings back the old handle width
        columns = settings.value("contacts/columns")
        if isinstance(columns, QByteArray) and self.table.horizontalHeader().restoreState(columns):
            self.table.widths_restored()
        if settings.contains(HIDDEN_COLUMNS_KEY):  # after the header's state, which hides too
            hidden = str(settings.value(HIDDEN_COLUMNS_KEY) or "")
            self.table.set_hidden_columns([name for name in hidden.split(",") if name])
        else:
            self.table.set_hidden_columns(DEFAULT_HIDDEN)

    # --- loading -------------------------------------------------------------

    def _query_changed(self, _query: str) -> None:
        self.reload(typed=True)

    def _loaded(
        self, seq: int, result: ContactList, keep: int | None, wanted: int | None, row: int = 0
    ) -> None:
        if seq != self._load_seq:
            return  # the user kept typing; a newer list is on its way
        query, ids = result.query, result.ids
        self._total_known = result.total is not None
        self.total = result.total if result.total is not None else len(ids)
        self._shown_query = query
        self.model.set_list(result)
        if not result.complete:
            # Only the first page (a broad search, or the list at start-up): the rest after it.
            shown = f"{len(ids):,}+"
            if not ids:  # nothing as typed: similar names are being looked for
                self.count_label.setText("No exact match: looking for similar names…")
            else:
                self.count_label.setText(
                    f"{shown} of {self.total:,}" if query else f"{shown} contacts"
                )
            self.pages.setCurrentWidget(self.splitter)
            self.results.setCurrentWidget(self.table)
            if keep is None or not self.table.select_id(keep):
                self.table.select_row(0)
            self.first_page_shown.emit()
            self._load_rest(seq, result, keep)
            return
        self._show_count(result)
        if self.total == 0:
            self.pages.setCurrentWidget(self.empty)
        else:
            self.pages.setCurrentWidget(self.splitter)
        if ids:
            self.results.setCurrentWidget(self.table)
        else:
            self.results.setCurrentWidget(self.no_match)
            self.no_match.set_title(f"No contacts match “{query}”")
            self.no_match.set_text(
                "Check the spelling, or search for part of a name, company or email."
            )
        if wanted is not None and query and self.model.row_for_id(wanted) < 0:
            self.show_contact(wanted)  # saved, but hidden by the search: show it anyway
            return
        if keep is None or not self.table.select_id(keep):
            if ids:
                # The selected contact went (to the trash): its neighbour takes its place.
                self.table.select_row(min(max(row, 0), len(ids) - 1))
            else:
                self._selection_changed()
        self.loaded.emit()

    def _show_count(self, result: ContactList) -> None:
        ids, query = result.ids, result.query
        if result.close_spellings:
            alike = "1 similar name" if len(ids) == 1 else f"{len(ids):,} similar names"
            self.count_label.setText(f"No exact match: {alike}")
        elif query:
            self.count_label.setText(f"{len(ids):,} of {self.total:,}")
        else:
            self.count_label.setText("1 contact" if self.total == 1 else f"{self.total:,} contacts")

    def _load_rest(self, seq: int, first: ContactList, keep: int | None) -> None:
        """The whole list of a search whose first page shows: rows after it and the count."""
        query, sort, descending = first.query, self.model.sort_key, self.model.descending
        positions = self._tasks.ctx.store.list_positions
        shown = self.table.current_id()

        def work(session: Session) -> ContactList | None:
            if seq != self._load_seq:
                return None  # typed on meanwhile: that search is not wanted any more
            return load_contact_list(
                session,
                query=query,
                sort=sort,
                descending=descending,
                total=first.total,
                wanted=lambda: seq == self._load_seq,
                positions=positions,
            )

        def done(result: ContactList | None) -> None:
            if result is None or seq != self._load_seq:
                return
            if not first.ids:  # close spellings, or no match at all: shown as a whole list
                self._loaded(seq, result, keep, None)
                return
            assert result.total is not None  # a whole list is always counted
            self.total, self._total_known = result.total, True
            if not self.model.extend_ids(result.ids):
                self.model.set_list(result)  # the store changed in between
            self._show_count(result)
            # The contact kept from before the search may be past the first page.
            if keep is not None and keep != shown and self.table.current_id() == shown:
                self.table.select_id(keep)
            if self.table.current_id() is None and result.ids:
                self.table.select_row(0)
            self.loaded.emit()

        self._tasks.run(work, done, reads_only=True)

    def _selection_changed(self, *_args: object) -> None:
        contact_id = self.current_id()
        if contact_id is None:
            self._card_timer.stop()
            self._load_card_for(None)
        else:
            # A short pause first: holding an arrow key should not queue a card per row.
            self._wanted_card = contact_id
            self._card_timer.start()
        self.selection_changed.emit()

    def _load_card_for(self, contact_id: int | None) -> None:
        self._wanted_card = contact_id
        if contact_id is None:
            self._show_page(None)
            self.timeline.show_contact(None)
            return
        if self._card_in_flight:
            return  # arrowing through the list: load only the row the user stops on
        self._card_in_flight = True
        ctx = self._tasks.ctx
        self._tasks.run(
            lambda session: contact_cards.contact_card(
                session, contact_id=contact_id, today=today_in(ctx.zone, ctx.clock)
            ),
            lambda card: self._card_loaded(contact_id, card),
            lambda exc: self._card_failed(contact_id, exc),
            reads_only=True,
        )

    def _card_loaded(self, contact_id: int, card: contact_cards.ContactCard) -> None:
        self._card_in_flight = False
        if self._wanted_card != contact_id:
            self._load_card_for(self._wanted_card)
            return
        self._show_page(card)
        if self.timeline.contact_id() != contact_id:
            self.contact_page.verticalScrollBar().setValue(0)  # someone else: from the top
            self.timeline.show_contact(contact_id)

    def _show_page(self, card: contact_cards.ContactCard | None) -> None:
        """The card, and their timeline under it (no contact: only the card's placeholder)."""
        self.card.show_card(card)
        self.timeline.setVisible(card is not None)
        self._page_layout.setStretchFactor(self.card, 1 if card is None else 0)
        self._page_layout.setStretch(2, 0 if card is None else 1)

    def _card_failed(self, contact_id: int, exc: KnownError) -> None:
        log.info("card for #%s not shown: %s", contact_id, exc)
        self._card_in_flight = False
        if self._wanted_card != contact_id:
            self._load_card_for(self._wanted_card)
        else:
            self._show_page(None)
            self.timeline.show_contact(None)

    # --- keyboard ------------------------------------------------------------

    def _focus_list(self) -> None:
        if self.model.rowCount() == 0:
            return
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.current_id() is None:
            self.table.select_row(0)

    def _type_into_search(self, text: str) -> None:
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self.search.end(False)
        self.search.insert(text)

    def refresh_timeline(self) -> None:
        """Touches changed elsewhere (quick log, undo): the page on screen follows,
        the card's "last touch" included."""
        if self.timeline.contact_id() is not None:
            self.timeline.reload()
            self.refresh_card()

    def _log_for_current(self) -> None:
        contact_id = self.current_id()
        if contact_id is not None:
            self.log_touch_requested.emit(contact_id)

    def _add_gift_for_current(self) -> None:
        contact_id = self.current_id()
        if contact_id is not None:
            self.add_gift_requested.emit(contact_id)

    def _open_entry(self, entry) -> None:
        """Entries the window opens elsewhere: an event in its editor, an article
        share in the Articles section."""
        if entry.kind == KIND_EVENT:
            self.event_requested.emit(entry.id)
        elif entry.kind == KIND_ARTICLE:
            self.article_share_requested.emit(entry.id)

    def _add_event_for_current(self) -> None:
        contact_id = self.current_id()
        if contact_id is not None:
            self.add_event_requested.emit(contact_id)

    def _edit_current(self) -> None:
        contact_id = self.current_id()
        if contact_id is not None:
            self.edit_requested.emit(contact_id)
