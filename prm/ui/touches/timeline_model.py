"""A contact's history as a flat list model: one row per ``TimelineEntry``, newest first.

Rows are plain frozen dataclasses already sorted by the core; the delegate
paints them, so a contact with thousands of touches costs one list, not
thousands of widgets. New kinds (gifts, events, articles, meetings) arrive as
entries with another ``kind``: add them to ``KINDS`` and the filter offers them.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from prm.core.timeline_entry import (
    KIND_ARTICLE,
    KIND_EVENT,
    KIND_GIFT,
    KIND_MEETING,
    KIND_TOUCH,
    TimelineEntry,
)
from prm.core.vocab import TOUCH_CHANNELS
from prm.ui.common.read_only import ReadOnlyRows

# kind -> how the filter names it (plural).
KINDS: dict[str, str] = {
    KIND_TOUCH: "Touches",
    KIND_MEETING: "Meetings",
    KIND_GIFT: "Gifts",
    KIND_EVENT: "Events",
    KIND_ARTICLE: "Articles",
}


def pill_key(entry: TimelineEntry) -> str:
    """What the coloured pill says and is tinted by: a touch's channel; for the
    richer kinds the kind itself (a gift, an event, an article, a meeting)."""
    return entry.channel if entry.kind == KIND_TOUCH else entry.kind


def status_text(entry: TimelineEntry) -> str:
    """The state of a richer entry ("given", "attended"), when it says more than the kind."""
    if entry.kind in (KIND_TOUCH, KIND_MEETING, KIND_ARTICLE) or entry.channel == entry.kind:
        return ""
    return entry.channel.replace("_", " ")


ARROWS = {"out": "→", "in": "←"}

Index = QModelIndex | QPersistentModelIndex


def entry_text(entry: TimelineEntry, zone: tzinfo) -> str:
    """One line a screen reader (and a copy) can use: when, how, what, with whom."""
    local = entry.at.astimezone(zone)
    key = pill_key(entry)
    channel = TOUCH_CHANNELS.get(key, key)
    parts = [
        f"{local:%a %d %b %Y %H:%M}",
        f"{ARROWS.get(entry.direction, '')} {channel}".strip(),
        entry.summary or "(no summary)",
    ]
    if status_text(entry):
        parts.append(status_text(entry))
    if entry.duration_minutes:
        parts.append(f"{entry.duration_minutes} min")
    if entry.with_names:
        parts.append("with " + ", ".join(entry.with_names))
    if entry.needs_reply and entry.replied_at is None:
        parts.append("needs reply")
    return " · ".join(parts)


class TimelineModel(ReadOnlyRows, QAbstractListModel):
    EntryRole = Qt.ItemDataRole.UserRole + 1
    IdRole = Qt.ItemDataRole.UserRole + 2
    KindRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, zone: tzinfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self._entries: list[TimelineEntry] = []

    def set_entries(self, entries: list[TimelineEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entries(self) -> list[TimelineEntry]:
        return list(self._entries)

    def row_for(self, kind: str, entry_id: int) -> int:
        for row, entry in enumerate(self._entries):
            if entry.id == entry_id and entry.kind == kind:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt override
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries) or index.column() != 0:
            return None
        entry = self._entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return entry_text(entry, self.zone)
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.notes or None
        if role == self.EntryRole:
            return entry
        if role == self.IdRole:
            return entry.id
        if role == self.KindRole:
            return entry.kind
        return None


class KindFilter(QSortFilterProxyModel):
    """Shows every row, or only those of one kind; with a ``limit``, only the newest
    ``limit`` of them (a page: the view never lays out 1,000 rows at once)."""

    def __init__(self, parent: QObject | None = None, *, limit: int | None = None) -> None:
        super().__init__(parent)
        self._kind = ""
        self._limit = limit
        self._shown: set[int] | None = None  # source rows passing kind and limit
        self._matching = 0

    def setSourceModel(self, model: QAbstractListModel) -> None:  # type: ignore[override]
        super().setSourceModel(model)
        model.modelAboutToBeReset.connect(self._forget)

    def set_kind(self, kind: str) -> None:
        self.beginFilterChange()
        self._kind = kind
        self._forget()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def kind(self) -> str:
        return self._kind

    def set_limit(self, limit: int | None) -> None:
        if limit == self._limit:
            return
        self.beginFilterChange()
        self._limit = limit
        self._forget()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def limit(self) -> int | None:
        return self._limit

    def matching(self) -> int:
        """Rows of the chosen kind, shown or beyond the limit."""
        self._compute()
        return self._matching

    def _forget(self) -> None:
        self._shown = None

    def _compute(self) -> set[int]:
        if self._shown is None:
            source = self.sourceModel()
            rows = [
                row
                for row in range(source.rowCount() if source is not None else 0)
                if not self._kind or source.index(row, 0).data(TimelineModel.KindRole) == self._kind
            ]
            self._matching = len(rows)
            self._shown = set(rows if self._limit is None else rows[: self._limit])
        return self._shown

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return not source_parent.isValid() and source_row in self._compute()
