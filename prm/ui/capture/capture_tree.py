"""The review queue as a tree: one heading per person and day, the proposals under
it, then "New contacts?" with the people who are not contacts yet.

Letters act on the selection (A or Enter accept, R or Delete reject, E edit,
I ignore); selecting a heading means every proposal under it.
"""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QStyledItemDelegate,
    QTreeWidget,
    QTreeWidgetItem,
)

from prm.core.capture.queue import NewContactSuggestion, ProposalGroup, ProposalView
from prm.core.capture.sources import SourceInfo
from prm.ui.widgets.list_table import ROW_HEIGHT

ACCEPT, REJECT, EDIT, IGNORE = "accept", "reject", "edit", "ignore"
K = Qt.Key
KEYS = {
    K.Key_Return: ACCEPT, K.Key_Enter: ACCEPT, K.Key_A: ACCEPT,
    K.Key_Delete: REJECT, K.Key_R: REJECT, K.Key_E: EDIT, K.Key_I: IGNORE,
}  # fmt: skip
WHEN, PEOPLE, CHANNEL, SUMMARY, LENGTH, REPLY, SOURCE = range(7)
HEADERS = ("When", "With", "Channel", "Summary", "Length", "Reply", "From")
ROLE = Qt.ItemDataRole.UserRole  # a ProposalView, or a NewContactSuggestion
NEW_CONTACTS = "New contacts?"
CHANNELS = {"meeting": "Meeting", "video": "Video call", "call": "Call", "email": "Email"}


def channel_text(p: ProposalView) -> str:
    name = CHANNELS.get(p.channel, p.channel.capitalize())
    if p.item_kind == "message":
        return f"{name} {'in' if p.direction == 'in' else 'out'}"
    return name


def duration_text(minutes: int | None) -> str:
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if hours and rest else f"{hours} h" if hours else f"{rest} min"


class _RoomyRows(QStyledItemDelegate):
    """Rows as tall as the other lists' (``list_table.ROW_HEIGHT``), not packed tight."""

    def sizeHint(self, option, index):
        size = super().sizeHint(option, index)
        size.setHeight(max(size.height(), int(option.fontMetrics.height() * ROW_HEIGHT)))
        return size


class CaptureTree(QTreeWidget):
    action = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setColumnCount(len(HEADERS))
        self.setHeaderLabels(HEADERS)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setAccessibleName("Proposed touches")
        self.setItemDelegate(_RoomyRows(self))
        metrics = self.fontMetrics()
        for column, sample in ((WHEN, "Mar 14 23:59"), (PEOPLE, "Margaret Hamilton +2"),
                               (CHANNEL, "Video call"), (LENGTH, "1 h 45"),
                               (REPLY, "Needs reply"), (SOURCE, "Work calendar")):  # fmt: skip
            self.setColumnWidth(column, metrics.horizontalAdvance(sample) + 28)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(SUMMARY, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def fill(
        self,
        groups: list[ProposalGroup],
        strangers: list[NewContactSuggestion],
        sources: list[SourceInfo],
        zone: tzinfo,
    ) -> None:
        keep = {self._key(i) for i in self.selectedItems()}
        labels = {s.id: s.label or s.location for s in sources}
        self.clear()
        for group in groups:
            day = group.day.strftime("%a %d %b %Y").replace(" 0", " ")
            head = self._heading(f"{group.person} — {day}")
            for p in group.proposals:
                item = QTreeWidgetItem(head)
                item.setData(0, ROLE, p)
                others = [x.contact_name or x.name or x.email for x in p.people]
                with_text = others[0] if others else ""
                if len(others) > 1:
                    with_text += f" +{len(others) - 1}"
                texts = {
                    WHEN: p.occurred_at.astimezone(zone).strftime("%H:%M"),
                    PEOPLE: with_text,
                    CHANNEL: channel_text(p),
                    SUMMARY: p.summary or "(no subject)",
                    LENGTH: duration_text(p.duration_minutes),
                    REPLY: "Needs reply" if p.needs_reply else "",
                    SOURCE: labels.get(p.source_id, ""),
                }
                for column, text in texts.items():
                    item.setText(column, text)
                item.setToolTip(PEOPLE, "\n".join(f"{x.name} <{x.email}>" for x in p.people))
                item.setToolTip(SUMMARY, p.summary)
        if strangers:
            head = self._heading(NEW_CONTACTS)
            for s in strangers:
                item = QTreeWidgetItem(head)
                item.setData(0, ROLE, s)
                item.setText(WHEN, s.last_seen.astimezone(zone).strftime("%d %b").lstrip("0"))
                item.setText(PEOPLE, s.name or s.email)
                item.setText(SUMMARY, f"{s.email} — on {s.items} item{'s' * (s.items != 1)}")
                item.setToolTip(SUMMARY, "A: add as a contact   I: never propose from them")
        self.expandAll()
        chosen = [i for i in self._all_items() if self._key(i) in keep]
        for item in chosen:
            item.setSelected(True)
        first = chosen[0] if chosen else self._first_row()
        if first is not None:
            self.setCurrentItem(first, 0, self._select_flags(bool(chosen)))

    def _heading(self, text: str) -> QTreeWidgetItem:
        head = QTreeWidgetItem(self, [text])
        head.setFirstColumnSpanned(True)
        font = QFont(self.font())
        font.setWeight(QFont.Weight.DemiBold)
        head.setFont(0, font)
        return head

    def _select_flags(self, keep: bool):
        from PySide6.QtCore import QItemSelectionModel

        flag = QItemSelectionModel.SelectionFlag
        return flag.NoUpdate if keep else flag.ClearAndSelect | flag.Rows

    def _all_items(self) -> list[QTreeWidgetItem]:
        out = []
        for i in range(self.topLevelItemCount()):
            head = self.topLevelItem(i)
            out += [head.child(j) for j in range(head.childCount())]
        return out

    def _first_row(self) -> QTreeWidgetItem | None:
        rows = self._all_items()
        return rows[0] if rows else None

    @staticmethod
    def _key(item: QTreeWidgetItem) -> object:
        value = item.data(0, ROLE)
        if isinstance(value, ProposalView):
            return ("p", value.id)
        if isinstance(value, NewContactSuggestion):
            return ("s", value.email)
        return ("h", item.text(0))

    # --- what is selected -------------------------------------------------------------

    def selected_proposals(self) -> list[ProposalView]:
        """The selected rows, and every row under a selected heading, in screen order."""
        chosen: dict[int, ProposalView] = {}
        for item in self._all_items():
            value = item.data(0, ROLE)
            if isinstance(value, ProposalView) and (
                item.isSelected() or item.parent().isSelected()
            ):
                chosen[value.id] = value
        return list(chosen.values())

    def shown_proposals(self) -> list[ProposalView]:
        return [v for i in self._all_items() if isinstance(v := i.data(0, ROLE), ProposalView)]

    def current_stranger(self) -> NewContactSuggestion | None:
        item = self.currentItem()
        value = item.data(0, ROLE) if item is not None else None
        return value if isinstance(value, NewContactSuggestion) and item.isSelected() else None

    def select_proposal(self, proposal_id: int) -> None:
        for item in self._all_items():
            value = item.data(0, ROLE)
            if isinstance(value, ProposalView) and value.id == proposal_id:
                self.setCurrentItem(item, 0, self._select_flags(False))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        action = KEYS.get(Qt.Key(event.key()))
        if action and mods == Qt.KeyboardModifier.NoModifier:
            self.action.emit(action)
            event.accept()
            return
        super().keyPressEvent(event)

    def keyboardSearch(self, search: str) -> None:
        """Letters are commands here, not type-ahead."""
