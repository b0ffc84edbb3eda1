"""File → Data protection…: how the store is encrypted, and the recovery key.

Showing or replacing the recovery key asks the user first (their passphrase
in passphrase mode); every change runs on the worker and rewrites only the
store's header, atomically.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from prm.core import key_admin
from prm.core.context import AppContext
from prm.core.db import Store
from prm.core.errors import KnownError
from prm.core.store_header import KEYRING, PASSPHRASE, PLAIN
from prm.core.store_keys import RECOVERY, secret_from_text
from prm.ui.common.errors import show_known_error
from prm.ui.common.tasks import Tasks
from prm.ui.store.between_windows import EncryptStore
from prm.ui.store.key_dialogs import NewPassphraseFields, RecoveryKeyDialog

DESCRIPTIONS = {
    KEYRING: "Encrypted. The key is kept in this computer's keyring, so PRM opens without asking.",
    PASSPHRASE: "Encrypted. PRM asks for your passphrase when it starts.",
    PLAIN: "Not encrypted. Anyone who can read this computer's disk can read your contacts.",
}


class DataProtectionDialog(QDialog):
    def __init__(self, tasks: Tasks, home: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Data protection")
        self._tasks = tasks
        self._home = home  # the user's own store, even while sample data shows
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.store_id = QLabel()
        self.show_key = QPushButton("&Show recovery key…")
        self.new_key = QPushButton("&New recovery key…")
        self.passphrase = QPushButton()
        self.keyring = QPushButton("Keep the key in the &keyring")
        self.encrypt = QPushButton("&Encrypt…")
        self.encrypt.clicked.connect(self._encrypt)
        # Encrypting replaces the database file: the window closes, does it, reopens.
        self.encrypt_request: EncryptStore | None = None
        self.show_key.clicked.connect(self._show_recovery)
        self.new_key.clicked.connect(self._new_recovery)
        self.passphrase.clicked.connect(self._set_passphrase)
        self.keyring.clicked.connect(self._use_keyring)
        form = QFormLayout()
        form.addRow("Protection:", self.status)
        form.addRow("Store id:", self.store_id)
        row = QHBoxLayout()
        for button in (self.encrypt, self.show_key, self.new_key, self.passphrase, self.keyring):
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(close)
        self.setMinimumWidth(620)
        self._refresh()

    @property
    def _store(self) -> Store:
        return self._home.store

    def _refresh(self) -> None:
        header = self._store.header  # read from memory: no keyring call on this thread
        protection = header.protection if header is not None else PLAIN
        self.status.setText(DESCRIPTIONS[protection])
        self.store_id.setText(header.store_id if header is not None else "—")
        encrypted = protection != PLAIN
        self.show_key.setEnabled(encrypted and header is not None and RECOVERY in header.wrapped)
        self.new_key.setEnabled(encrypted)
        self.passphrase.setEnabled(encrypted)
        self.passphrase.setText(
            "Change &passphrase…" if protection == PASSPHRASE else "Use a &passphrase…"
        )
        self.keyring.setVisible(protection == PASSPHRASE)
        self.encrypt.setVisible(not encrypted)
        for button in (self.show_key, self.new_key, self.passphrase):
            button.setVisible(encrypted)

    def _confirm_it_is_you(self, action: str) -> bool:
        """The passphrase (or recovery key) in passphrase mode; a plain yes otherwise."""
        header = self._store.header
        if header is None or header.protection != PASSPHRASE:
            answer = QMessageBox.question(
                self,
                "Data protection",
                f"{action}? Anyone who sees the recovery key can open your data.",
            )
            return answer == QMessageBox.StandardButton.Yes
        text, ok = QInputDialog.getText(
            self,
            "Confirm it is you",
            "Your passphrase (or recovery key):",
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            return False
        try:
            key_admin.verify_secret(self._store, secret_from_text(text, (PASSPHRASE, RECOVERY)))
        except KnownError as exc:
            show_known_error(self, exc)
            return False
        return True

    def _on_worker(self, work: Callable[[], object], done: Callable[[object], None]) -> None:
        def finished(result: object) -> None:
            self._refresh()
            done(result)

        self._tasks.call(work, finished, lambda exc: show_known_error(self, exc))

    def _show_recovery(self) -> None:
        if self._confirm_it_is_you("Show the recovery key"):
            store = self._store
            self._on_worker(
                lambda: key_admin.show_recovery_key(store),
                lambda key: RecoveryKeyDialog(str(key), first_time=False, parent=self).exec(),
            )

    def _new_recovery(self) -> None:
        if self._confirm_it_is_you("Replace the recovery key (the old one stops working)"):
            store = self._store
            self._on_worker(
                lambda: key_admin.replace_recovery_key(store),
                lambda key: RecoveryKeyDialog(str(key), first_time=True, parent=self).exec(),
            )

    def _set_passphrase(self) -> None:
        header = self._store.header
        changing = header is not None and header.protection == PASSPHRASE
        if changing and not self._confirm_it_is_you("Change the passphrase"):
            return
        passphrase = ask_new_passphrase(self)
        if passphrase is None:
            return
        store, secrets = self._store, self._home.secrets
        self._on_worker(
            lambda: key_admin.set_passphrase(store, secrets, passphrase), lambda _r: None
        )

    def _use_keyring(self) -> None:
        store, secrets = self._store, self._home.secrets
        self._on_worker(lambda: key_admin.use_keyring(store, secrets), lambda _r: None)

    def _encrypt(self) -> None:
        if self._home.secrets.available():
            request = EncryptStore(KEYRING)
            how = "with a key kept in this computer's keyring"
        else:
            passphrase = ask_new_passphrase(self)
            if passphrase is None:
                return
            request = EncryptStore(PASSPHRASE, passphrase)
            how = "with your passphrase"
        answer = QMessageBox.question(
            self,
            "Encrypt your data",
            f"PRM will close the window, encrypt your data {how}, show you a recovery key "
            "to keep, and open again. Your data stays as it is if anything goes wrong.",
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Ok:
            self.encrypt_request = request
            self.accept()


def ask_new_passphrase(parent: QWidget) -> str | None:
    dialog = QDialog(parent)
    dialog.setWindowTitle("Choose a passphrase")
    fields = NewPassphraseFields(dialog)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    chosen: list[str] = []

    def accept() -> None:
        value = fields.value()
        if value is not None:
            chosen.append(value)
            dialog.accept()

    buttons.accepted.connect(accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    note = QLabel("PRM will ask for it each time it starts. Your recovery key keeps working.")
    note.setWordWrap(True)
    layout.addWidget(note)
    layout.addWidget(fields)
    layout.addWidget(buttons)
    fields.first.setFocus()
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return chosen[0]
