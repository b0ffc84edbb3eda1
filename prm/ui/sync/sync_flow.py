"""Sync in the window: Sync now, the accounts dialog, runs at start and on a timer,
progress and conflicts in the status bar, a conflicted contact's banner and chooser.

The main window only creates this; everything sync puts on screen is wired here.
What the engine writes reaches open screens through the change channel, like any
other write. A run the user did not ask for (start, timer) never opens a dialog:
its failure is a status-bar line and the account's "Problem" in the dialog; a run
asked for shows one message box for all its failures, and asks before a mass
deletion the server wants, naming the account and the counts.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox, QProgressBar, QToolButton

from prm.core.changes import Changes
from prm.core.errors import KnownError
from prm.ui.common.formatting import plural
from prm.ui.common.tasks import Tasks
from prm.ui.common.work_progress import SCALE
from prm.ui.sync.sync_run import SyncOutcome, SyncRun, summary
from prm.ui.widgets.info_bar import WARNING, InfoBar

if TYPE_CHECKING:  # the sync core (and the vCard code under it) loads on first use
    from prm.core.sync.accounts import AccountInfo
    from prm.core.sync.conflicts import SyncConflict

log = logging.getLogger(__name__)

# A while after start-up (never in the way of the first screen), then every 15 minutes.
FIRST_SYNC_MS = 20_000
SYNC_EVERY_MS = 15 * 60_000
SYNC_TABLES = frozenset({"sync_account", "sync_item"})


class SyncFlow(QObject):
    message = Signal(str)
    dialog_opened = Signal(object)  # the accounts dialog, a question or the chooser (tests)
    conflicts_loaded = Signal()

    def __init__(self, tasks: Tasks, window: QMainWindow) -> None:
        super().__init__(window)
        self.tasks, self.window = tasks, window
        self.runner = SyncRun(tasks, window)
        self.runner.finished.connect(self._ran)
        self.runner.busy_changed.connect(self._busy)
        self.runner.progress.connect(self._progress)
        self.accounts_dialog = None
        self.conflicts: dict[int, SyncConflict] = {}
        self._card_contact: int | None = None
        self.banner: InfoBar | None = None  # on the contact card, once it is built
        self._build_status(window)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.sync_scheduled)
        window.ready.connect(self._started)
        self.message.connect(window.show_status)
        tasks.changed.connect(self._changed)

    def _build_status(self, window: QMainWindow) -> None:
        bar = window.statusBar()
        self.progress_bar = QProgressBar(bar)
        self.progress_bar.setRange(0, SCALE)
        self.progress_bar.setMaximumWidth(160)
        self.progress_bar.setTextVisible(False)
        self.cancel_button = QToolButton(bar)
        self.cancel_button.setText("Stop")
        self.cancel_button.setToolTip("Stop syncing (what is done so far is kept)")
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.conflicts_button = QToolButton(bar)
        self.conflicts_button.setAutoRaise(True)
        self.conflicts_button.setToolTip("Contacts changed here and on the server: choose")
        self.conflicts_button.clicked.connect(self.resolve_first)
        for widget in (self.conflicts_button, self.progress_bar, self.cancel_button):
            bar.addPermanentWidget(widget)
            widget.hide()

    def add_banner(self, card) -> None:
        """The contact card is built (on Contacts' first show): a conflicted
        contact's banner goes on it."""
        self.banner = InfoBar(card)
        self.banner.close_button.hide()  # it goes when the conflict does
        card.banners.addWidget(self.banner)
        card.shown.connect(self._card_shown)

    # --- runs --------------------------------------------------------------------------

    def sync_now(self) -> None:
        """Every account, now; none yet: the accounts dialog, to add one."""
        from prm.core.sync.accounts import list_accounts

        found = self.tasks.read(list_accounts)
        if not found:
            self.open_accounts()
            return
        self.sync(found)

    def sync(self, accounts: list[AccountInfo], *, allow_mass_delete: bool = False) -> None:
        if self.runner.running:
            self.message.emit("Already syncing…")
            return
        self.runner.run(accounts, allow_mass_delete=allow_mass_delete)

    def sync_scheduled(self) -> None:
        from prm.core.sync.accounts import list_accounts

        self.timer.start(SYNC_EVERY_MS)
        if self.runner.running:
            return
        try:
            found = self.tasks.read(list_accounts)
        except KnownError as exc:  # a store that cannot be read says so elsewhere
            log.warning("scheduled sync skipped: %s", exc)
            return
        self.runner.run([a for a in found if a.sync_on_timer], quiet=True)

    def _started(self) -> None:
        self.timer.start(FIRST_SYNC_MS)
        self._load_conflicts()

    def _busy(self, busy: bool) -> None:
        for widget in (self.progress_bar, self.cancel_button):
            widget.setVisible(busy)
        self.progress_bar.setValue(0)
        if busy and not self.runner.quiet:
            self.message.emit("Syncing…")

    def _progress(self, value: int, text: str) -> None:
        self.progress_bar.setValue(value)
        self.progress_bar.setToolTip(text)
        self.window.statusBar().showMessage(text)

    def _ran(self, outcomes: list[SyncOutcome]) -> None:
        self.window.statusBar().clearMessage()
        done = summary(outcomes)
        if done:
            self.message.emit(done)
        failed = [o for o in outcomes if o.error and not o.needs_confirmation]
        asking = [o for o in outcomes if o.needs_confirmation]
        if self.runner.quiet:  # nobody asked: say it, don't interrupt
            if failed or asking:
                first = (failed or asking)[0]
                more = f" (and {len(failed) + len(asking) - 1} more)" if len(failed) + len(
                    asking) > 1 else ""  # fmt: skip
                self.message.emit(first.error + more + " — see File › Sync accounts…")
            return
        if failed:
            box = QMessageBox(QMessageBox.Icon.Warning, "Could not sync",
                              "\n\n".join(o.error for o in failed), QMessageBox.StandardButton.Ok,
                              self.window)  # fmt: skip
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            self.dialog_opened.emit(box)
        for outcome in asking:
            self._ask_mass_delete(outcome)

    def _ask_mass_delete(self, outcome: SyncOutcome) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Sync stopped to ask",
                          f"{outcome.error}\n\nIf you emptied or cleaned up this address book "
                          f"on purpose, apply it here too: those contacts go to PRM's trash, "
                          f"where you can still restore them.", parent=self.window)  # fmt: skip
        apply = box.addButton("Apply the deletions", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(box.buttons()[-1])
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: button is apply and QTimer.singleShot(
            0, lambda: self.sync([outcome.account], allow_mass_delete=True)))  # fmt: skip
        box.open()
        self.dialog_opened.emit(box)

    # --- the accounts dialog --------------------------------------------------------------

    def open_accounts(self) -> None:
        from prm.ui.sync.accounts_dialog import AccountsDialog

        if self.accounts_dialog is not None and self.accounts_dialog.isVisible():
            self.accounts_dialog.raise_()
            return
        dialog = self.accounts_dialog = AccountsDialog(self.tasks, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: setattr(self, "accounts_dialog", None))
        dialog.sync_requested.connect(self.sync)
        dialog.message.connect(self.message)
        dialog.open()
        self.dialog_opened.emit(dialog)

    # --- conflicts --------------------------------------------------------------------

    def _changed(self, changes: Changes) -> None:
        if changes.touched(SYNC_TABLES):
            self._load_conflicts()

    def _load_conflicts(self) -> None:
        self.tasks.run(_conflicts, self._conflicts_loaded, lambda exc: None, reads_only=True)

    def _conflicts_loaded(self, found: list[SyncConflict]) -> None:
        self.conflicts = {c.contact_id: c for c in found}
        self.conflicts_button.setText(f"⚠ {plural(len(found), 'sync conflict')}")
        self.conflicts_button.setVisible(bool(found))
        self._card_shown(self._card_contact)
        self.conflicts_loaded.emit()

    def _card_shown(self, contact_id: int | None) -> None:
        self._card_contact = contact_id
        conflict = self.conflicts.get(contact_id) if contact_id is not None else None
        if self.banner is None:
            return  # no card yet: the banner shows when the card does
        if conflict is None:
            self.banner.hide()
            return
        fields = ", ".join(f.label for f in conflict.fields)
        self.banner.show_message(
            f"Changed here and in “{conflict.account}” since the last sync: {fields}. "
            "Both versions are kept until you choose.",
            kind=WARNING, action="Resolve…", closable=False, on_action=lambda: self.resolve(conflict.contact_id),
        )  # fmt: skip

    def resolve_first(self) -> None:
        if self.conflicts:
            self.resolve(next(iter(self.conflicts)))

    def resolve(self, contact_id: int) -> None:
        from prm.ui.sync.conflict_dialog import ConflictDialog

        conflict = self.conflicts.get(contact_id)
        if conflict is None:
            return
        dialog = ConflictDialog(conflict, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._resolved(conflict, dialog.chosen()))
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _resolved(self, conflict: SyncConflict, choices: dict[str, str]) -> None:
        from prm.core.sync.conflicts import resolve_conflict

        clock = self.tasks.ctx.clock
        self.tasks.run(
            lambda s: resolve_conflict(s, contact_id=conflict.contact_id, choices=choices,
                                       clock=clock),
            lambda _: self.message.emit(f"{conflict.name}: kept the chosen values; "
                                        f"the next sync sends them to “{conflict.account}”"),
        )  # fmt: skip


def _conflicts(session) -> list[SyncConflict]:
    """On the worker: the sync core (vCard code, ORM models) loads there, never on the
    GUI thread as the window appears; with no conflict waiting it is not loaded at all."""
    from prm.core.sync import items

    if not items.any_conflict(session):
        return []
    from prm.core.sync.conflicts import list_conflicts

    return list_conflicts(session)
