"""Who a touch was with: up to three people, found by typing a few letters (typos too).

The chosen people are chips with a remove button; below them a line edit
searches as you type (debounced). Matches appear in a list laid over the
dialog right under the field. Focus never leaves the line edit, so Up/Down
move through the matches, Enter takes the highlighted one and a second Enter
(nothing left to pick) asks the form to save: "jo", Enter, Enter.

The search runs on the DB worker (typo matching reads every live name), never
on the GUI thread: ``search(text, deliver)`` answers later through ``deliver``.
Only the answer to the latest text is shown. Enter pressed before it arrives
is kept and acted on when it does, so fast typing still means "jo", Enter, Enter.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from prm.core.fuzzy import fuzzy_pick
from prm.ui.common.tasks import Tasks
from prm.ui.widgets.flow_layout import FlowLayout

log = logging.getLogger(__name__)

Row = tuple[int, str, str]  # (id, name, organization)
Deliver = Callable[[list[Row]], None]
Search = Callable[[str, Deliver], None]  # answers through ``deliver``, later

DEBOUNCE_MS = 100
MAX_PEOPLE = 3
VISIBLE_MATCHES = 7
MATCHES = 8
_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_NAME_ROLE = Qt.ItemDataRole.UserRole + 2


def fuzzy_search(tasks: Tasks, *, limit: int = MATCHES) -> Search:
    """People by a few letters, typos included, looked up on the DB worker."""

    def search(text: str, deliver: Deliver) -> None:
        tasks.run(lambda session: fuzzy_pick(session, text=text, limit=limit), deliver)

    return search


class PersonChip(QFrame):
    remove_requested = Signal(int)

    def __init__(self, contact_id: int, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contact_id = contact_id
        self.name = name
        self.setObjectName("personChip")
        # palette(...) keeps the chip readable in light and dark themes.
        self.selected = False
        self.set_selected(False)
        label = QLabel(name, self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        self.remove_button = QToolButton(self)
        self.remove_button.setText("×")
        self.remove_button.setToolTip(f"Remove {name}")
        self.remove_button.setAccessibleName(f"Remove {name}")
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.remove_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self.contact_id))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(9, 1, 3, 1)
        layout.setSpacing(2)
        layout.addWidget(label)
        layout.addWidget(self.remove_button)

    def set_selected(self, selected: bool) -> None:
        """Selected like selected text: typing a name replaces it."""
        self.selected = selected
        back, text = ("highlight", "highlighted-text") if selected else ("button", "button-text")
        self.setStyleSheet(
            f"#personChip {{ background: palette({back}); border: 1px solid palette(mid);"
            " border-radius: 11px; }"
            f"#personChip QLabel {{ color: palette({text}); }}"
            "#personChip QToolButton { border: none; padding: 0 2px;"
            f" color: palette({text}); }}"
        )


class ParticipantField(QWidget):
    changed = Signal()  # people added/removed, or the search text edited
    first_changed = Signal(object)  # the first person's id (or None): the channel follows them
    submit_requested = Signal()  # Enter with nothing left to pick

    def __init__(
        self, search: Search, parent: QWidget | None = None, *, max_people: int = MAX_PEOPLE
    ) -> None:
        super().__init__(parent)
        self._search = search
        self.max_people = max_people
        self._people: list[PersonChip] = []
        self._asked = 0  # the latest search; older answers are dropped
        self._waiting_for: str | None = None  # the text of a search not answered yet
        self._enters = 0  # Enter presses waiting for that answer (1: pick, 2: pick and save)
        self.chips = QWidget(self)
        self._chips_layout = FlowLayout(self.chips, spacing=4)
        self.line = QLineEdit(self)
        self.line.setPlaceholderText("Type a name…")
        self.line.setAccessibleName("Who was it with")
        self.line.installEventFilter(self)
        self.line.textEdited.connect(self._on_text_edited)
        self.matches = QListWidget(self)  # moved onto the window when first shown
        self.matches.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.matches.setUniformItemSizes(True)
        self.matches.setStyleSheet("QListWidget::item { padding: 3px 6px; }")
        self.matches.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.matches.itemClicked.connect(self._pick_item)
        self.matches.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._run_search)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.chips)
        layout.addWidget(self.line)
        self.chips.hide()
        self.setFocusProxy(self.line)

    # --- API -----------------------------------------------------------------

    def people(self) -> list[tuple[int, str]]:
        return [(chip.contact_id, chip.name) for chip in self._people]

    def set_people(self, people: list[tuple[int, str]], *, selected: bool = False) -> None:
        """``selected``: the people are a suggestion (the quick log's prefill); typing a
        name replaces them, Backspace removes them, Enter keeps them."""
        for chip in self._people:
            self._chips_layout.removeWidget(chip)
            chip.deleteLater()
        self._people = []
        for contact_id, name in people[: self.max_people]:
            self._add_chip(contact_id, name)
            self._people[-1].set_selected(selected)
        self._after_change(first_before=None)

    def selected_people(self) -> list[tuple[int, str]]:
        return [(chip.contact_id, chip.name) for chip in self._people if chip.selected]

    def select_all(self) -> None:
        """Mark the people there as a suggestion (see ``set_people``)."""
        for chip in self._people:
            chip.set_selected(True)

    def _unselect(self) -> None:
        for chip in self._people:
            if chip.selected:
                chip.set_selected(False)

    def add(self, contact_id: int, name: str) -> None:
        if (
            contact_id in {c.contact_id for c in self._people}
            or len(self._people) >= self.max_people
        ):
            return
        first = self._first_id()
        self._unselect()  # a second person joins the suggested one
        self._add_chip(contact_id, name)
        self._timer.stop()
        self._asked += 1  # an answer still on its way is for the text just cleared
        self._waiting_for = None
        self.line.clear()
        self._hide_matches()
        self._after_change(first)

    def remove(self, contact_id: int) -> None:
        first = self._first_id()
        self._drop_chip(contact_id)
        self._after_change(first)

    def _drop_chip(self, contact_id: int) -> None:
        for chip in [c for c in self._people if c.contact_id == contact_id]:
            self._people.remove(chip)
            self._chips_layout.removeWidget(chip)
            chip.deleteLater()

    def pending_text(self) -> str:
        """A name typed but not picked."""
        return self.line.text().strip()

    def flush(self) -> None:
        """Start a search that is waiting for the typing pause, now."""
        if self._timer.isActive():
            self._timer.stop()
            self._run_search()

    def is_showing_matches(self) -> bool:
        return self.matches.isVisible()

    def is_searching(self) -> bool:
        """A search was asked for and has not answered yet (or the typing pause is running)."""
        return self._timer.isActive() or self._waiting_for is not None

    # --- internals --------------------------------------------------------------

    def _first_id(self) -> int | None:
        return self._people[0].contact_id if self._people else None

    def _add_chip(self, contact_id: int, name: str) -> None:
        chip = PersonChip(contact_id, name, self.chips)
        chip.remove_requested.connect(self.remove)
        self._people.append(chip)
        self._chips_layout.addWidget(chip)

    def _after_change(self, first_before: int | None) -> None:
        self.chips.setVisible(bool(self._people))
        full = len(self._people) >= self.max_people
        self.line.setVisible(not full)
        self.line.setPlaceholderText("Add someone else…" if self._people else "Type a name…")
        if full:
            self.setFocusProxy(None)
        else:
            self.setFocusProxy(self.line)
        self.updateGeometry()
        if self._first_id() != first_before:
            self.first_changed.emit(self._first_id())
        self.changed.emit()

    def _on_text_edited(self, text: str) -> None:
        selected = self.selected_people()
        if selected and text:  # typing replaces the selected people, as it would selected text
            first = self._first_id()
            for contact_id, _name in selected:
                self._drop_chip(contact_id)
            self._after_change(first)
        self._enters = 0  # an Enter was for the text before this edit
        self._timer.start()
        self.changed.emit()

    def _run_search(self) -> None:
        text = self.pending_text()
        self._asked += 1
        if not text:
            self._waiting_for = None
            self.matches.clear()
            self._hide_matches()
            return
        ticket = self._asked
        self._waiting_for = text
        self._search(text, lambda rows: self._answered(ticket, text, rows))

    def _answered(self, ticket: int, text: str, rows: list[Row]) -> None:
        if not isValid(self) or ticket != self._asked:
            return  # the dialog closed, or the user typed on: a newer search is coming
        self._waiting_for = None
        self._show_rows(text, rows)
        enters, self._enters = self._enters, 0
        if enters:
            self._enter(enters)

    def _show_rows(self, text: str, found: list[Row]) -> None:
        self.matches.clear()
        taken = {chip.contact_id for chip in self._people}
        rows = [row for row in found if row[0] not in taken]
        for contact_id, name, organization in rows:
            item = QListWidgetItem(f"{name}  —  {organization}" if organization else name)
            item.setData(_ID_ROLE, contact_id)
            item.setData(_NAME_ROLE, name)
            self.matches.addItem(item)
        if not rows:
            item = QListWidgetItem(f"No one matches “{text}”")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.matches.addItem(item)
        else:
            self.matches.setCurrentRow(0)
        self._show_matches()

    def _show_matches(self) -> None:
        window = self.window()
        if self.matches.parentWidget() is not window:
            self.matches.setParent(window)
            self.matches.setFrameShape(QFrame.Shape.StyledPanel)
        rows = min(self.matches.count(), VISIBLE_MATCHES)
        height = self.matches.sizeHintForRow(0) * rows + 2 * self.matches.frameWidth()
        top_left = self.line.mapTo(window, QPoint(0, self.line.height() + 1))
        self.matches.setGeometry(top_left.x(), top_left.y(), self.line.width(), height)
        self.matches.show()
        self.matches.raise_()

    def _hide_matches(self) -> None:
        self.matches.hide()

    def _pick_item(self, item: QListWidgetItem | None) -> bool:
        if item is None or item.data(_ID_ROLE) is None:
            return False
        self.add(int(item.data(_ID_ROLE)), item.data(_NAME_ROLE))
        return True

    def _move(self, step: int) -> None:
        count = self.matches.count()
        if count:
            self.matches.setCurrentRow(max(0, min(count - 1, self.matches.currentRow() + step)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.line and event.type() == QEvent.Type.KeyPress:
            return self._key(event)  # type: ignore[arg-type]
        if watched is self.line and event.type() == QEvent.Type.FocusOut:
            self._hide_matches()
            if event.reason() in (  # type: ignore[attr-defined]
                Qt.FocusReason.TabFocusReason,
                Qt.FocusReason.BacktabFocusReason,
                Qt.FocusReason.MouseFocusReason,
            ):
                self._unselect()  # moved on: the suggestion is taken
        return super().eventFilter(watched, event)

    def _enter(self, presses: int = 1) -> None:
        """Enter: take the highlighted match, else save; a second press saves after the pick."""
        if self.matches.isVisible() and self._pick_item(self.matches.currentItem()):
            presses -= 1
        if presses > 0:
            # Nothing (left) to pick: save (a name that matches no one is reported by the form).
            self.submit_requested.emit()

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self._unselect()  # moving on takes the suggested people
            return False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.flush()
            if self._waiting_for is not None and self._waiting_for == self.pending_text():
                self._enters = min(self._enters + 1, 2)  # acted on when the matches arrive
                return True
            self._enter()
            return True
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.pending_text():
            self.flush()
            self._move(1 if key == Qt.Key.Key_Down else -1)
            return True
        if key == Qt.Key.Key_Escape and self.matches.isVisible():
            self._hide_matches()
            return True
        if key == Qt.Key.Key_Backspace and not self.line.text() and self._people:
            first = self._first_id()
            for contact_id, _name in self.selected_people() or [self.people()[-1]]:
                self._drop_chip(contact_id)
            self._after_change(first)
            return True
        return False
