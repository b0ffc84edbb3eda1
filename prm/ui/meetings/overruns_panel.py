"""Overruns by contact: a card listing the people whose meetings ran past their
plan ("3 of 5"), worst first. Choosing someone asks to see meetings with them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from prm.core.meeting_history import ContactOverruns
from prm.ui.common.palette import OVERDUE, attention_color
from prm.ui.widgets.stat_tiles import card_heading, card_hint

ContactRole = Qt.ItemDataRole.UserRole


class OverrunsPanel(QFrame):
    contact_chosen = Signal(int, str)  # contact id, name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._people: list[ContactOverruns] = []  # first: setting a role sends PaletteChange
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.setMinimumWidth(200)

        self.list = QTreeWidget()
        self.list.setColumnCount(2)
        self.list.setHeaderHidden(True)
        self.list.setRootIsDecorated(False)
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setAccessibleName("Overruns by contact")
        self.list.setToolTip("Choose someone to see only your meetings with them")
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.list.itemActivated.connect(self._chosen)
        self.list.itemClicked.connect(self._chosen)
        self.note = card_hint("No meeting has run past its plan yet.")
        self.note.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(card_heading("Overruns by contact"))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.note)
        layout.addStretch(0)

    def set_people(self, people: list[ContactOverruns]) -> None:
        self._people = list(people)
        self.list.clear()
        colour = attention_color(OVERDUE)
        for person in people:
            item = QTreeWidgetItem([person.name, f"{person.overruns} of {person.meetings}"])
            item.setData(0, ContactRole, person.contact_id)
            item.setForeground(1, colour)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(
                1, f"{person.overruns} of {person.meetings} meetings with {person.name} ran over"
            )
            self.list.addTopLevelItem(item)
        self.list.setVisible(bool(people))
        self.note.setVisible(not people)

    def names(self) -> list[str]:
        return [self.list.topLevelItem(i).text(0) for i in range(self.list.topLevelItemCount())]

    def _chosen(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.contact_chosen.emit(item.data(0, ContactRole), item.text(0))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._people:
            self.set_people(self._people)  # their red follows the theme
