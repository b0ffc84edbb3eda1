"""The contact list as a table model: every id, but only the rows near the screen.

The model holds the ordered ids of the list (an int each: 100k contacts cost
under a megabyte) so the scroll bar is right from the start. Row contents are
fetched a page at a time when the view first asks for one of them, and kept
in a small LRU cache; no ORM object is ever loaded for the list.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from sqlmodel import Session

from prm.core import contact_list
from prm.core.contact_list import ContactRow
from prm.core.fuzzy import fuzzy_pick
from prm.core.list_positions import ListPositions
from prm.ui.common.formatting import local_date
from prm.ui.common.read_only import ReadOnlyRows

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
# Runs a small read on the store and returns its result (``Tasks.read``).
Reader = Callable[[Callable[[Session], Any]], Any]


@dataclass(frozen=True)
class ContactList:
    """What a list view loads on the worker: the ids to show, how many exist at all,
    and the first page of rows (so the first paint needs no query on the UI thread)."""

    query: str
    ids: list[int]
    # Live contacts whatever the search: tells "no contacts" from "no match". None: not
    # counted yet (the first page of the whole list; the rest, and so the count, follow).
    total: int | None
    first_rows: dict[int, ContactRow]
    close_spellings: bool = False  # nothing matched as typed: these are names spelled alike
    # False: ``ids`` is only the first page of a search with more matches; the whole
    # list (and so the count) follows from a second, slower load.
    complete: bool = True


# How many names alike a search with no exact match offers ("hannha" -> Hannah).
CLOSE_SPELLINGS = 50


def load_contact_list(
    session: Session,
    *,
    query: str = "",
    trashed: bool = False,
    sort: str = "name",
    descending: bool = False,
    first_page_only: bool = False,
    total: int | None = None,
    wanted: Callable[[], bool] = lambda: True,
    positions: ListPositions | None = None,
) -> ContactList:
    """The ids to list, sorted here (the model holds ids only). A search of the live
    list that finds nothing as typed falls back to close spellings, the same
    fuzzy match as the quick-log person picker (Ctrl+L).

    ``first_page_only``: a search keystroke, or the list at start-up: just the first page
    when there are more (``complete`` False), so the list shows at once; load the rest after.
    ``total``: the number of contacts, when the caller knows it has not changed since
    it was counted (a keystroke): counting 100k rows is a third of a keystroke's budget.
    ``wanted``: False once the user has typed past this search (stops the
    close-spelling scan, which a first page leaves for the rest).
    ``positions``: the store's list positions (``Store.list_positions``): a whole list
    loaded is remembered in them, and a search's first page is ranked by them.
    """
    complete = True
    if first_page_only:
        ids, more = contact_list.first_ids(
            session,
            query=query,
            trashed=trashed,
            size=ContactTableModel.PAGE_SIZE,
            sort=sort,
            descending=descending,
            positions=positions,
        )
        complete = not more
    else:
        ids = contact_list.list_contact_ids(
            session,
            query=query,
            trashed=trashed,
            sort=sort,
            descending=descending,
            positions=positions,
        )
    if not query:
        total = len(ids) if complete else None  # counting 100k rows waits for the rest
    elif total is None:
        total = contact_list.count_contacts(session, trashed=trashed)
    alike = False
    if query.strip() and not ids and not trashed:
        if first_page_only:
            # Close spellings read every name (a second at 1M contacts): they follow.
            return ContactList(query, [], total, {}, False, complete=False)
        picked = fuzzy_pick(session, text=query, limit=CLOSE_SPELLINGS, wanted=wanted)
        ids = [cid for cid, _name, _org in picked]
        alike = bool(ids)
    first = contact_list.contact_rows(session, ids=ids[: ContactTableModel.PAGE_SIZE])
    return ContactList(query, ids, total, first, alike, complete)


class ContactTableModel(ReadOnlyRows, QAbstractTableModel):
    NAME, ORGANIZATION, TITLE, EMAIL, PHONE, LAST_TOUCH = range(6)
    HEADERS = ("Name", "Organization", "Title", "Email", "Phone", "Last touch")
    # What clicking each header sorts by (contact_list.SORTS): in the query, not here.
    SORT_KEYS = ("name", "organization", "title", "email", "phone", "last_touch")
    IdRole = Qt.ItemDataRole.UserRole
    sort_changed = Signal()

    PAGE_SIZE = 200
    MAX_PAGES = 12  # ~2,400 rows: several screens either way of the visible ones

    def __init__(self, reader: Reader, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._read = reader
        self._ids: list[int] = []
        self._row_of: dict[int, int] | None = None  # built on first row_for_id
        self._pages: OrderedDict[int, list[ContactRow | None]] = OrderedDict()
        self.pages_fetched = 0  # for tests and benchmarks
        self.sort_key, self.descending = "name", False

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A header was clicked: the owner reloads the ids in this order (``sort_changed``)."""
        if not 0 <= column < len(self.SORT_KEYS):
            return
        wanted = (self.SORT_KEYS[column], order == Qt.SortOrder.DescendingOrder)
        if wanted != (self.sort_key, self.descending):
            self.sort_key, self.descending = wanted
            self.sort_changed.emit()

    # --- contents ------------------------------------------------------------

    def set_ids(self, ids: Sequence[int], first_rows: dict[int, ContactRow] | None = None) -> None:
        """Show these contacts in this order (a new search result or a reload).

        ``first_rows``: the first page, if the caller already fetched it on the worker.
        """
        self.beginResetModel()
        self._ids = list(ids)
        self._row_of = None
        self._pages.clear()
        if first_rows:
            self._pages[0] = [first_rows.get(cid) for cid in self._ids[: self.PAGE_SIZE]]
        self.endResetModel()

    def set_list(self, loaded: ContactList) -> None:
        self.set_ids(loaded.ids, loaded.first_rows)

    def extend_ids(self, ids: Sequence[int]) -> bool:
        """The whole list of a search whose first page is shown: add the rows after it,
        keeping selection and scroll. False (nothing changed) when ``ids`` does not
        start with the rows shown (the store changed in between): reset instead."""
        shown = len(self._ids)
        if len(ids) < shown or list(ids[:shown]) != self._ids:
            return False
        if len(ids) > shown:
            self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
            self._ids.extend(ids[shown:])
            self._row_of = None
            self.endInsertRows()
        return True

    def refresh_rows(self) -> None:
        """Forget cached rows (contacts were edited) and repaint what is visible."""
        self._pages.clear()
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, self.columnCount() - 1)
            )

    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def row_for_id(self, contact_id: int) -> int:
        """The row showing ``contact_id``, or -1."""
        if self._row_of is None:
            self._row_of = {cid: row for row, cid in enumerate(self._ids)}
        return self._row_of.get(contact_id, -1)

    def row_data(self, row: int) -> ContactRow | None:
        """The cached (or freshly fetched) contents of one row."""
        page_no, offset = divmod(row, self.PAGE_SIZE)
        page = self._pages.get(page_no)
        if page is None:
            page = self._fetch_page(page_no)
        else:
            self._pages.move_to_end(page_no)
        return page[offset]

    def cached_row_count(self) -> int:
        return sum(len(page) for page in self._pages.values())

    def _fetch_page(self, page_no: int) -> list[ContactRow | None]:
        start = page_no * self.PAGE_SIZE
        page_ids = self._ids[start : start + self.PAGE_SIZE]
        rows = self._read(lambda session: contact_list.contact_rows(session, ids=page_ids))
        # A contact purged since the ids were listed shows as an empty row until reload.
        page = [rows.get(cid) for cid in page_ids]
        self._pages[page_no] = page
        self.pages_fetched += 1
        while len(self._pages) > self.MAX_PAGES:
            self._pages.popitem(last=False)
        return page

    # --- QAbstractTableModel -------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == self.IdRole:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self.row_data(index.row())
        if row is None:
            return ""
        if index.column() == self.LAST_TOUCH:
            return local_date(row.last_touch_at) if row.last_touch_at else ""
        return (row.display_name, row.organization, row.title, row.email, row.phone)[index.column()]
