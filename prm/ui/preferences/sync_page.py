"""Preferences > Sync & capture: the CardDAV address books and the calendars and
mailboxes PRM reads, listed; each opens its own dialog to change."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from prm.ui.common.tasks import Tasks
from prm.ui.preferences.page import PrefsPage
from prm.ui.widgets.form_fields import HintLabel, heading


def _names(session) -> tuple[list[str], list[str]]:
    """Bounded: the user's own accounts and sources (a handful)."""
    from prm.core.capture.sources import list_sources
    from prm.core.sync.accounts import list_accounts

    accounts = [
        f"{a.name} — {a.book_name or a.book_url}"
        + (f" (last sync {a.last_sync_at:%-d %b %H:%M})" if a.last_sync_at else " (not synced yet)")
        for a in list_accounts(session)
    ]
    sources = [f"{s.label} ({s.kind})" for s in list_sources(session)]
    return accounts, sources


class SyncPage(PrefsPage):
    title = "Sync & capture"

    def __init__(
        self, tasks: Tasks, open_accounts: Callable[[], None], open_sources: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._tasks = tasks
        self.column.addWidget(heading("Contact sync (CardDAV)", self))
        self.accounts = QLabel(self)
        self.accounts.setWordWrap(True)
        self.column.addWidget(self.accounts)
        self.column.addLayout(self._button("Sync accounts…", open_accounts))
        self.column.addSpacing(8)
        self.column.addWidget(heading("Capture (calendars and mailboxes)", self))
        self.sources = QLabel(self)
        self.sources.setWordWrap(True)
        self.column.addWidget(self.sources)
        self.column.addLayout(self._button("Capture sources…", open_sources))
        self.column.addWidget(
            HintLabel("Passwords stay in this computer's keyring; nothing here leaves it.", self)
        )
        self.finish()

    def _button(self, text: str, slot: Callable[[], None]) -> QHBoxLayout:
        row = QHBoxLayout()
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        row.addWidget(button)
        row.addStretch(1)
        return row

    def showEvent(self, event) -> None:  # the dialogs may have changed them
        self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        accounts, sources = self._tasks.read(_names)
        self.accounts.setText("\n".join(accounts) or "No address books yet.")
        self.sources.setText("\n".join(sources) or "No calendars or mailboxes yet.")
