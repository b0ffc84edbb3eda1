"""Export vCards: whom (everyone, the selection, a tag), which vCard version, one file or a folder.

The dialog only gathers the choices; ``prm.ui.vcard.export_flow`` asks where to
write and runs the export on the worker.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from prm.ui.widgets.form_fields import HintLabel

EVERYONE, SELECTED, TAG = "everyone", "selected", "tag"
VERSIONS = {
    "3.0": "vCard 3.0 — Apple, Google, Outlook",
    "4.0": "vCard 4.0 — newer apps and CardDAV",
}


@dataclass(frozen=True)
class ExportChoice:
    scope: str  # EVERYONE | SELECTED | TAG
    tag: str
    version: str
    split: bool  # one file per contact, in a folder
    include_notes: bool


class ExportDialog(QDialog):
    def __init__(self, *, tags: list[str], selected: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export vCards")
        self.setMinimumWidth(440)

        self.everyone = QRadioButton("Everyone")
        self.selected = QRadioButton(
            f"The selected contacts ({selected:,})"
            if selected
            else "The selected contacts (none selected)"
        )
        self.selected.setEnabled(selected > 0)
        self.by_tag = QRadioButton("Everyone tagged")
        self.tag = QComboBox()
        self.tag.addItems(tags)
        self.by_tag.setEnabled(bool(tags))
        self.tag.setEnabled(False)
        self.by_tag.toggled.connect(self.tag.setEnabled)
        self.scope = QButtonGroup(self)
        for button in (self.everyone, self.selected, self.by_tag):
            self.scope.addButton(button)
        (self.selected if selected > 1 else self.everyone).setChecked(True)
        tag_row = QHBoxLayout()
        tag_row.addWidget(self.by_tag)
        tag_row.addWidget(self.tag, 1)
        who = QVBoxLayout()
        who.setSpacing(6)
        who.addWidget(self.everyone)
        who.addWidget(self.selected)
        who.addLayout(tag_row)

        self.version = QComboBox()
        for key, label in VERSIONS.items():
            self.version.addItem(label, key)
        self.one_file = QRadioButton("One .vcf file")
        self.folder = QRadioButton("One file per contact, in a folder")
        self.one_file.setChecked(True)
        where = QVBoxLayout()
        where.setSpacing(6)
        where.addWidget(self.one_file)
        where.addWidget(self.folder)
        self.include_notes = QCheckBox("Include private notes")
        notes_box = QVBoxLayout()
        notes_box.setSpacing(2)
        notes_box.addWidget(self.include_notes)
        hint = HintLabel("Leave this off when the file is for someone else.", self)
        hint.setWordWrap(False)  # one short line; wrapping would let the form squeeze it to nothing
        notes_box.addWidget(hint)

        form = QFormLayout()
        form.setVerticalSpacing(14)
        form.addRow("Export:", who)
        form.addRow("Format:", self.version)
        form.addRow("Write:", where)
        form.addRow("", notes_box)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(buttons)
        self.export_button.setFocus()

    def choice(self) -> ExportChoice:
        scope = (
            SELECTED if self.selected.isChecked() else TAG if self.by_tag.isChecked() else EVERYONE
        )
        return ExportChoice(
            scope,
            self.tag.currentText() if scope == TAG else "",
            self.version.currentData(),
            self.folder.isChecked(),
            self.include_notes.isChecked(),
        )
