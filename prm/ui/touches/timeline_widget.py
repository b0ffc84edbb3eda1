"""A contact's history, newest first: every touch, editable and deletable with Undo.

One ``QListView`` over ``TimelineModel`` painted by ``TimelineDelegate``, so
1,000 touches are one query and one model reset. The list reloads whenever
``TouchOps`` reports a change to the shown contact (an edit here, a quick log,
an Undo in the window) and then emits ``changed`` so the card and the lists
can refresh ``last_touch_at``.

Entries of other kinds (gifts, meetings...) are opened and deleted by callables
the composer passes in (``editors`` / ``deleters``, keyed by
``TimelineEntry.kind``), so this room never imports another room's dialogs;
entries nobody handles are announced with ``open_requested`` / ``delete_requested``.

``paged=True`` (the contact page): the list has no scroll bar of its own but is
as tall as its rows, to live in the page's one scroll area; it shows the newest
``PAGE`` entries and a "Show 50 more" button loads the next page. The page's
scroll area follows the current entry.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from prm.core.dates import today_in
from prm.core.timeline_entry import KIND_TOUCH, TimelineEntry
from prm.ui.common.palette import muted_color
from prm.ui.common.tasks import Tasks
from prm.ui.common.undo import UndoStack
from prm.ui.touches.timeline_delegate import TimelineDelegate
from prm.ui.touches.timeline_list import FittedList
from prm.ui.touches.timeline_model import KINDS, KindFilter, TimelineModel

log = logging.getLogger(__name__)

# Opens an entry (``parent`` is the timeline); returns the editor it opened, if any.
Opener = Callable[[TimelineEntry, QWidget], QWidget | None]

_EDIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_DELETE_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
PAGE = 50  # entries laid out at once on the contact page; "Show 50 more" adds a page


class TimelineWidget(QWidget):
    log_requested = Signal()  # "Log touch…": the window opens the quick log for this contact
    add_event_requested = Signal()  # "Add event…": the window opens the event editor
    open_requested = Signal(object)  # an entry the window opens itself (an event)
    delete_requested = Signal(object)  # an entry the window deletes itself (an event)
    message = Signal(str)  # status-bar text ("Touch deleted — Undo (Ctrl+Z)")
    editor_opened = Signal(object)  # the TouchEditor, for focus handling and tests
    loaded = Signal()  # a (re)load finished and the list shows it

    def __init__(
        self,
        tasks: Tasks,
        undo_stack: UndoStack,
        parent: QWidget | None = None,
        *,
        editors: Mapping[str, Opener] | None = None,
        deleters: Mapping[str, Callable[[TimelineEntry], None]] | None = None,
        paged: bool = False,
    ) -> None:
        """``editors`` / ``deleters`` handle other kinds' entries (gifts, meetings...),
        keyed by ``TimelineEntry.kind``; touches are handled here. ``paged``: see above."""
        super().__init__(parent)
        self._paged = paged
        self._tasks = tasks
        self._undo_stack = undo_stack
        self._ops = undo_stack.touches
        self._ops.message.connect(self.message)
        self._contact_id: int | None = None
        self._generation = 0
        self._keep: tuple[str, int, int] | None = None  # kind, id, row to select after a reload
        self._editors: dict[str, Opener] = {KIND_TOUCH: self._edit_touch, **(editors or {})}
        self._deleters: dict[str, Callable[[TimelineEntry], None]] = {
            KIND_TOUCH: lambda entry: self._ops.trash([entry.id]),
            **(deleters or {}),
        }
        self._build()
        self._show_page()

    def _build(self) -> None:
        zone = self._tasks.ctx.zone
        self.model = TimelineModel(zone, self)
        self.proxy = KindFilter(self, limit=PAGE if self._paged else None)
        self.proxy.setSourceModel(self.model)
        self.log_button = QPushButton("Log touch…", self)
        self.log_button.setToolTip("Log a call, an email or a meeting with this contact (Ctrl+L)")
        self.log_button.clicked.connect(self.log_requested)
        self.event_button = QPushButton("Add event…", self)
        self.event_button.setToolTip("Add their conference, launch, party or other event")
        self.event_button.clicked.connect(self.add_event_requested)
        self.kind_filter = QComboBox(self)
        self.kind_filter.addItem("All", "")
        for kind, label in KINDS.items():
            self.kind_filter.addItem(label, kind)
        self.kind_filter.setAccessibleName("Show")
        self.kind_filter.currentIndexChanged.connect(self._filter_changed)
        self.count_label = QLabel(self)
        header = QHBoxLayout()
        header.setContentsMargins(10, 8, 10, 6)
        header.setSpacing(8)
        header.addWidget(self.log_button)
        header.addWidget(self.event_button)
        header.addStretch(1)
        header.addWidget(self.count_label)
        header.addSpacing(6)
        header.addWidget(QLabel("Show", self))
        header.addWidget(self.kind_filter)

        self.view = FittedList(self) if self._paged else QListView(self)
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(TimelineDelegate(self._today, zone, self.view))
        self.view.setUniformItemSizes(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Rows elide to the pane's width; a sideways scroll bar only hides the newest text.
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setUniformItemSizes(False)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setFrameShape(QListView.Shape.NoFrame)
        self.view.setAccessibleName("Timeline")
        self.view.doubleClicked.connect(self._edit_index)
        self.view.installEventFilter(self)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.edit_action = QAction("Edit…\tEnter", self.view)
        self.edit_action.triggered.connect(self.edit_current)
        self.delete_action = QAction("Delete\tDel", self.view)
        self.delete_action.triggered.connect(self.delete_current)
        self.view.addActions([self.edit_action, self.delete_action])
        self.more_button = QPushButton(self)
        self.more_button.setToolTip("Show the next older entries")
        self.more_button.clicked.connect(self.show_more)
        self.more_button.hide()
        list_page: QWidget = self.view
        if isinstance(self.view, FittedList):
            view = self.view
            for signal in (
                self.proxy.modelReset,
                self.proxy.rowsInserted,
                self.proxy.rowsRemoved,
                self.proxy.layoutChanged,
            ):
                signal.connect(view.fit)
            self.view.selectionModel().currentChanged.connect(self._follow_current)
            list_page = QWidget(self)
            column = QVBoxLayout(list_page)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(0)
            column.addWidget(self.view)
            more_row = QHBoxLayout()
            more_row.setContentsMargins(10, 6, 10, 10)
            more_row.addWidget(self.more_button)
            more_row.addStretch(1)
            column.addLayout(more_row)
            column.addStretch(1)

        self.placeholder = QLabel("Select a contact to see their history", self)
        self.empty = QLabel("No touches yet.\nLog the first one with “Log touch…” (Ctrl+L).", self)
        for label in (self.placeholder, self.empty):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        self.pages = QStackedWidget(self)
        for page in (self.placeholder, self.empty, list_page):
            self.pages.addWidget(page)
        self._list_page = list_page
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.pages, 1)
        self._apply_colours()

    # --- API -----------------------------------------------------------------

    def show_contact(self, contact_id: int | None) -> None:
        if contact_id != self._contact_id:
            self._keep = None
            if self._paged:
                self.proxy.set_limit(PAGE)
            self.model.set_entries([])  # never show one person's history under another's name
        self._contact_id = contact_id
        self.reload()

    def contact_id(self) -> int | None:
        return self._contact_id

    def reload(self) -> None:
        self._generation += 1
        generation, contact_id = self._generation, self._contact_id
        if contact_id is None:
            self.model.set_entries([])
            self._show_page()
            return
        self._tasks.run(
            lambda session: _timeline(session, contact_id),
            lambda entries: self._loaded(generation, entries),
            self._load_failed,
        )

    def current_entry(self) -> TimelineEntry | None:
        index = self.view.currentIndex()
        return index.data(TimelineModel.EntryRole) if index.isValid() else None

    def select_entry(self, kind: str, entry_id: int) -> None:
        row = self.model.row_for(kind, entry_id)
        if row >= 0:
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def show_more(self) -> None:
        """The next page of older entries (the contact page)."""
        limit = self.proxy.limit()
        if limit is not None:
            self.proxy.set_limit(limit + PAGE)
            self._show_page()

    def edit_current(self) -> None:
        self._edit_index(self.view.currentIndex())

    def delete_current(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        self._keep = (entry.kind, -1, self.view.currentIndex().row())
        if entry.kind in self._deleters:
            self._deleters[entry.kind](entry)
        else:
            self.delete_requested.emit(entry)

    # --- loading -------------------------------------------------------------

    def _loaded(self, generation: int, entries: list[TimelineEntry]) -> None:
        if generation != self._generation:
            return  # an older request; a newer one is on its way
        keep = self._keep or self._current_key()
        self.model.set_entries(entries)
        self._restore_selection(keep)
        self._keep = None
        self._show_page()
        self.loaded.emit()

    def _load_failed(self, exc: Exception) -> None:
        log.info("timeline of contact #%s not loaded: %s", self._contact_id, exc)
        self.model.set_entries([])
        self._show_page()
        self.message.emit(str(exc))

    def _current_key(self) -> tuple[str, int, int] | None:
        entry = self.current_entry()
        return (entry.kind, entry.id, self.view.currentIndex().row()) if entry else None

    def _restore_selection(self, keep: tuple[str, int, int] | None) -> None:
        if keep is None or self.proxy.rowCount() == 0:
            return
        kind, entry_id, row = keep
        if self.model.row_for(kind, entry_id) >= 0:
            self.select_entry(kind, entry_id)
        else:  # it went away: stay where it was
            self.view.setCurrentIndex(self.proxy.index(min(row, self.proxy.rowCount() - 1), 0))

    def _show_page(self) -> None:
        count = self.proxy.rowCount()
        if self._contact_id is None:
            self.pages.setCurrentWidget(self.placeholder)
        else:
            self.pages.setCurrentWidget(self._list_page if count else self.empty)
        self.log_button.setEnabled(self._contact_id is not None)
        self.event_button.setEnabled(self._contact_id is not None)
        total = self.model.rowCount()
        older = self.proxy.matching() - count if self._paged else 0
        self.more_button.setText(f"Show {min(PAGE, older)} more ({older:,} older)")
        self.more_button.setVisible(older > 0)
        if isinstance(self.view, FittedList):
            self.view.fit()
        self.count_label.setText(
            "" if self._contact_id is None else f"{total:,} {'entry' if total == 1 else 'entries'}"
        )

    def _filter_changed(self) -> None:
        self.proxy.set_kind(self.kind_filter.currentData())
        self._show_page()

    def _follow_current(self, current: QModelIndex) -> None:
        if current.isValid() and isinstance(self.view, FittedList):
            self.view.show_in_page(current)

    # --- editing ---------------------------------------------------------------

    def _edit_index(self, index: QModelIndex) -> None:
        entry = index.data(TimelineModel.EntryRole) if index.isValid() else None
        if entry is not None and entry.kind in self._editors:
            editor = self._editors[entry.kind](entry, self)
            if editor is not None:
                self.editor_opened.emit(editor)
        elif entry is not None:
            self.open_requested.emit(entry)

    def _edit_touch(self, entry: TimelineEntry, parent: QWidget) -> QWidget:
        from prm.ui.touches.touch_editor import TouchEditor  # on first use: not at start-up

        editor = TouchEditor(self._tasks, self._undo_stack, entry.id, parent)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.open()
        return editor

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and isinstance(event, QKeyEvent):
            key = event.key()
            if key in _EDIT_KEYS + _DELETE_KEYS and not event.modifiers():
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()  # ours, not a window shortcut's (Del trashes contacts there)
                elif key in _EDIT_KEYS:
                    self.edit_current()
                else:
                    self.delete_current()
                return True
        return super().eventFilter(watched, event)

    # --- looks -------------------------------------------------------------------

    def _today(self) -> date:
        ctx = self._tasks.ctx
        return today_in(ctx.zone, ctx.clock)

    def _apply_colours(self) -> None:
        muted = muted_color(self.palette())
        for label in (self.placeholder, self.empty, self.count_label):
            palette = label.palette()
            palette.setColor(palette.ColorRole.WindowText, muted)
            label.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_colours()
        super().changeEvent(event)


def _timeline(session: Session, contact_id: int) -> list[TimelineEntry]:
    # Imported on the worker, at the first contact shown: the timeline's queries reach
    # every room's core (gifts, meetings, articles), which start-up does not need.
    from prm.core.timeline import contact_timeline

    return contact_timeline(session, contact_id=contact_id)
