"""Preferences > Security: how the data is encrypted and where its key is kept; the
changes themselves go through Data protection (it asks who you are first)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from prm.core.store_header import PLAIN
from prm.ui.preferences.page import PrefsPage
from prm.ui.widgets.form_fields import HintLabel


class SecurityPage(PrefsPage):
    title = "Security"

    def __init__(
        self, describe: Callable[[], str], open_protection: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._describe, self._open = describe, open_protection
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.column.addWidget(self.status)
        self.column.addWidget(
            HintLabel(
                "Data protection sets the key's storage (this computer's keyring or a passphrase "
                "you type), shows or replaces the recovery key, and encrypts a plain store.",
                self,
            )
        )
        row = QHBoxLayout()
        self.protection = QPushButton("Data protection…", self)
        self.protection.clicked.connect(self._open_protection)
        row.addWidget(self.protection)
        row.addStretch(1)
        self.column.addLayout(row)
        self.refresh()
        self.finish()

    def refresh(self) -> None:
        self.status.setText(self._describe())

    def _open_protection(self) -> None:
        self._open()
        self.refresh()


def protection_text(store) -> str:
    """The store's protection in words (from the header in memory: no keyring call)."""
    from prm.ui.store.protection_dialog import DESCRIPTIONS

    header = getattr(store, "header", None)
    return DESCRIPTIONS[header.protection if header is not None else PLAIN]
