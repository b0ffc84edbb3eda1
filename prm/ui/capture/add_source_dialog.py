"""Add a capture source: what kind, where, and for a server who and the password.

The password goes to the keyring with the same function the CLI uses
(``sources.store_password``); it is never stored with the source.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from prm.core.capture.source_config import NETWORK_KINDS, SOURCE_KINDS, SourceConfig
from prm.ui.widgets.field_errors import ErrorLabel

# What the location field asks for, per kind.
PLACEHOLDERS = {
    "ics": "A .ics file, or a folder of them",
    "eml": "A folder of .eml files",
    "mbox": "An mbox file",
    "maildir": "A Maildir folder",
    "caldav": "https://caldav.example.org/",
    "imap": "imap.example.org (or host:port)",
}
FOLDER_KINDS = frozenset({"eml", "maildir"})


class AddSourceDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a source")
        self.kind = QComboBox(self)
        for key, label in SOURCE_KINDS.items():
            self.kind.addItem(label, key)
        self.location = QLineEdit(self)
        self.location.setMinimumWidth(340)
        self.browse = QPushButton("&Browse…", self)
        self.browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.location, 1)
        where.addWidget(self.browse)
        self.user = QLineEdit(self)
        self.folders = QLineEdit(self)
        self.folders.setPlaceholderText("Inbox and Sent")
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.label = QLineEdit(self)
        self.label.setPlaceholderText("e.g. Work calendar")
        self.auto_accept = QCheckBox("Accept its touches &automatically", self)
        self.error = ErrorLabel(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Add")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.form = form = QFormLayout(self)
        form.addRow("&Kind:", self.kind)
        form.addRow("&Where:", where)
        form.addRow("&User:", self.user)
        form.addRow("&Folders:", self.folders)
        form.addRow("&Password:", self.password)
        form.addRow("&Name:", self.label)
        form.addRow("", self.auto_accept)
        form.addRow(self.error)
        form.addRow(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def config(self) -> SourceConfig:
        return SourceConfig(
            self.kind.currentData(), self.location.text().strip(), self.user.text().strip(),
            self.folders.text().strip() if self.kind.currentData() == "imap" else "",
        )  # fmt: skip

    def show_error(self, text: str) -> None:
        self.error.show_message(text)

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        network = kind in NETWORK_KINDS
        self.location.setPlaceholderText(PLACEHOLDERS[kind])
        self.browse.setVisible(not network)
        for widget in (self.user, self.password):
            self.form.setRowVisible(widget, network)
        self.form.setRowVisible(self.folders, kind == "imap")
        self.adjustSize()

    def _browse(self) -> None:
        kind = self.kind.currentData()
        if kind in FOLDER_KINDS:
            path = QFileDialog.getExistingDirectory(self, "Choose the folder")
        elif kind == "ics":
            path, _ = QFileDialog.getOpenFileName(
                self, "Choose a calendar file", "", "Calendars (*.ics);;All files (*)"
            )
        else:
            path, _ = QFileDialog.getOpenFileName(self, "Choose the mailbox file")
        if path:
            self.location.setText(path)
