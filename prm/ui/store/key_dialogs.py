"""The dialogs of the key lifecycle: choosing how a new store is protected,
unlocking a locked one, and showing the recovery key.

They only collect and show; ``prm.ui.store.store_opener`` decides what to do.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from prm.core.errors import KnownError
from prm.core.fsio import atomic_write_bytes
from prm.ui.widgets.field_errors import ErrorLabel

MIN_PASSPHRASE = 8


def _wrapping_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def _password_field(placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    return field


class NewPassphraseFields(QWidget):
    """A passphrase typed twice, with the reason it cannot be used yet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first = _password_field(f"at least {MIN_PASSPHRASE} characters")
        self.second = _password_field("the same again")
        self.problem = ErrorLabel()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Passphrase:", self.first)
        form.addRow("&Repeat:", self.second)
        form.addRow("", self.problem)

    def value(self) -> str | None:
        """The passphrase, or None after saying what is wrong with it."""
        first, second = self.first.text(), self.second.text()
        if len(first) < MIN_PASSPHRASE:
            self.problem.show_message(f"Use at least {MIN_PASSPHRASE} characters.")
            self.first.setFocus()
            return None
        if first != second:
            self.problem.show_message("The two passphrases differ.")
            self.second.selectAll()
            self.second.setFocus()
            return None
        self.problem.clear_message()
        return first


class ChooseProtectionDialog(QDialog):
    """First start without a trustworthy keyring: passphrase (default) or no encryption."""

    def __init__(self, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("PRM — Protect your data")
        self.passphrase: str | None = None
        self.use_passphrase = QRadioButton("Encrypt with a &passphrase (recommended)")
        self.use_passphrase.setChecked(True)
        self.no_encryption = QRadioButton("Store my data &unencrypted")
        self.fields = NewPassphraseFields()
        warning = _wrapping_label(
            "<i>Anyone who can read this computer's disk, or a copy of it, can then read "
            "every contact and note.</i>"
        )
        self.no_encryption.toggled.connect(self.fields.setDisabled)
        self.no_encryption.toggled.connect(warning.setVisible)
        warning.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.create = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create.setText("Create")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_wrapping_label(f"<b>{reason}</b>"))
        layout.addWidget(
            _wrapping_label(
                "PRM encrypts your data. Choose a passphrase: PRM asks for it when it starts. "
                "You will also get a recovery key, which opens your data if you forget it."
            )
        )
        layout.addWidget(self.use_passphrase)
        layout.addWidget(self.fields)
        layout.addWidget(self.no_encryption)
        layout.addWidget(warning)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.fields.first.setFocus()

    def _accept(self) -> None:
        if self.no_encryption.isChecked():
            self.passphrase = None
            self.accept()
            return
        value = self.fields.value()
        if value is not None:
            self.passphrase = value
            self.accept()


class UnlockDialog(QDialog):
    """A locked store: the passphrase, or the recovery key."""

    def __init__(
        self,
        exc: KnownError,
        *,
        accepts_passphrase: bool,
        problem: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("PRM — Unlock your data")
        self.secret = _password_field(
            "passphrase or recovery key" if accepts_passphrase else "ABCD-EFGH-…"
        )
        if not accepts_passphrase:
            self.secret.setEchoMode(QLineEdit.EchoMode.Normal)
        self.problem = ErrorLabel()
        self.problem.show_message(problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Unlock")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_wrapping_label(f"<b>{exc.message}</b>"))
        if exc.hint:
            layout.addWidget(_wrapping_label(exc.hint))
        form = QFormLayout()
        form.addRow(
            "Passphrase or &recovery key:" if accepts_passphrase else "&Recovery key:", self.secret
        )
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self.secret.setFocus()

    def text(self) -> str:
        return self.secret.text()


class RecoveryKeyDialog(QDialog):
    """The recovery key, shown so the user can keep it: copy, save, or write down."""

    def __init__(self, recovery_key: str, *, first_time: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("PRM — Your recovery key")
        self._key = recovery_key
        shown = QLabel(recovery_key)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        shown.setFont(font)
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        shown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        shown.setFrameShape(QFrame.Shape.StyledPanel)
        shown.setMargin(12)
        shown.setObjectName("recoveryKey")
        copy = QPushButton("&Copy")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self._key))
        save = QPushButton("&Save to a file…")
        save.clicked.connect(self._save)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(copy)
        actions.addWidget(save)
        actions.addStretch(1)
        self.confirm = QCheckBox("I have stored my recovery key somewhere safe")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        intro = (
            "<b>PRM made a recovery key for your data.</b> "
            if first_time
            else "<b>Your recovery key.</b> "
        )
        layout.addWidget(
            _wrapping_label(
                intro + "It opens your data and its backups if this computer's keyring or your "
                "passphrase is lost. Keep it in a password manager or on paper, away from this "
                "computer. Anyone who has it can read your data."
            )
        )
        layout.addWidget(shown)
        layout.addLayout(actions)
        if first_time:
            self.ok.setEnabled(False)
            self.confirm.toggled.connect(self.ok.setEnabled)
            layout.addWidget(self.confirm)
        else:
            self.confirm.hide()
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def reject(self) -> None:
        # Escape must not skip the one moment the key is shown: only OK closes it.
        if self.ok.isEnabled():
            super().reject()

    def _save(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the recovery key", "PRM recovery key.txt", "Text files (*.txt)"
        )
        if not name:
            return
        text = f"PRM recovery key\n\n{self._key}\n\nKeep this file away from the computer.\n"
        try:
            atomic_write_bytes(Path(name), text.encode("utf-8"))
        except KnownError as exc:
            from prm.ui.common.errors import show_known_error

            show_known_error(self, exc)
