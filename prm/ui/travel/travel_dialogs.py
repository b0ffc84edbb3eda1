"""The Travel section's smaller dialogs: a trip from a calendar event, the travel
pack's passphrase and file, and the road notes preview."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from prm.core.errors import KnownError
from prm.core.travel.from_calendar import CalendarPlace
from prm.ui.widgets.field_errors import ErrorLabel
from prm.ui.widgets.form_fields import HintLabel


def _buttons(dialog: QDialog, verb: str) -> tuple[QDialogButtonBox, QPushButton]:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, dialog)
    ok = box.addButton(verb, QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setDefault(True)
    box.rejected.connect(dialog.reject)
    return box, ok


class CalendarPickDialog(QDialog):
    """Which calendar event is the trip? (Enter takes the selected one.)"""

    def __init__(
        self,
        places: list[CalendarPlace],
        zone,
        parent: QWidget | None = None,
        *,
        problems: list[str] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New trip from the calendar")
        self._places = list(places)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Calendar events with a place")
        for index, place in enumerate(self._places):
            when = place.occurred_at.astimezone(zone)
            text = f"{when:%a} {when.day} {when:%b %Y} — {place.summary or '(no title)'}"
            item = QListWidgetItem(f"{text}\n{place.location}")
            item.setData(Qt.ItemDataRole.UserRole, index)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        box, self.ok = _buttons(self, "&Use this event")
        box.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(HintLabel("Events in your calendars with a place PRM may know:", self))
        layout.addWidget(self.list, 1)
        if problems:  # a calendar that could not be read is named, not silently missing
            unread = ErrorLabel(self)
            unread.setText("Not read: " + "; ".join(problems))
            layout.addWidget(unread)
        layout.addWidget(box)
        self.resize(520, 360)

    def chosen(self) -> CalendarPlace | None:
        item = self.list.currentItem()
        return self._places[item.data(Qt.ItemDataRole.UserRole)] if item is not None else None


class PackDialog(QDialog):
    """The passphrase, twice, and where to write the pack."""

    write_requested = Signal(str, object)  # passphrase, Path

    def __init__(self, title: str, people: int, suggested: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Travel pack")
        self.error = ErrorLabel(self)
        about = HintLabel(
            f"The briefs of {people} {'person' if people == 1 else 'people'} for “{title}” in "
            "one file that opens in a phone's browser with no app. It is locked with this "
            "passphrase: nothing leaves this computer unless you send the file.",
            self,
        )
        about.setWordWrap(True)
        self.passphrase = QLineEdit(self)
        self.again = QLineEdit(self)
        for edit, name in ((self.passphrase, "Passphrase"), (self.again, "Passphrase again")):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setAccessibleName(name)
            edit.textChanged.connect(self._check)
        self.passphrase.setPlaceholderText("At least 8 characters; a few words are best")
        self.path = QLineEdit(str(suggested), self)
        self.path.setAccessibleName("File")
        self.path.textChanged.connect(self._check)
        browse = QPushButton("&Browse…", self)
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow("&Passphrase", self.passphrase)
        form.addRow("&Again", self.again)
        file_label = QLabel("&File", self)
        file_label.setBuddy(self.path)
        form.addRow(file_label, where)
        box, self.ok = _buttons(self, "&Write pack")
        box.accepted.connect(self._submit)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.error)
        layout.addLayout(form)
        layout.addWidget(box)
        self.setMinimumWidth(520)
        self._check()

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the travel pack", self.path.text(), "Web page (*.html)"
        )
        if path:
            self.path.setText(path if path.endswith(".html") else path + ".html")

    def _check(self) -> None:
        a, b = self.passphrase.text(), self.again.text()
        if b and a != b:
            self.error.show_message("The two passphrases differ.")
        else:
            self.error.clear_message()
        self.ok.setEnabled(bool(a) and a == b and bool(self.path.text().strip()))

    def _submit(self) -> None:
        if self.ok.isEnabled():
            self.ok.setEnabled(False)
            self.write_requested.emit(self.passphrase.text(), Path(self.path.text().strip()))

    def failed(self, exc: KnownError) -> None:
        if isValid(self):
            self.error.show_message(exc.message)
            self.ok.setEnabled(True)


class RoadNotesDialog(QDialog):
    """What a road notes file would log, line by line, before anything is written."""

    def __init__(self, path: Path, notes, lines: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.notes = notes
        n, left = len(notes.rows), len(notes.problems)
        self.setWindowTitle("Import road notes")
        head = QLabel(
            f"{path.name}: {n} touch{'es' * (n != 1)} to log"
            + (f", {left} line{'s' * (left != 1)} left out (named below)" if left else ""),
            self,
        )
        head.setWordWrap(True)
        self.preview = QPlainTextEdit("\n".join(lines), self)
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("What would be logged")
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        box, self.ok = _buttons(self, f"&Log {n} touch{'es' * (n != 1)}")
        self.ok.setEnabled(n > 0)
        box.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.preview, 1)
        layout.addWidget(HintLabel("Undo removes them again.", self))
        layout.addWidget(box)
        self.resize(640, 400)
