"""Capture: touches proposed from calendars and mail, waiting for a yes or no.

The list loads on the worker (one job: proposals, new-contact suggestions and
sources). The view only shows and asks; what a key or button means is carried
out by the section (``CaptureSection``) through ``CaptureOps``.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QWidget
from sqlmodel import Session

from prm.core.capture.queue import NewContactSuggestion, ProposalView
from prm.core.capture.review import CaptureScreen, capture_screen
from prm.ui.capture.capture_tree import ACCEPT, EDIT, IGNORE, REJECT, CaptureTree
from prm.ui.common.latest import LatestOnly
from prm.ui.common.tasks import Tasks
from prm.ui.common.work_progress import SCALE
from prm.ui.widgets.empty_state import EmptyState
from prm.ui.widgets.list_page import PageHeader, table_or_empty

HINT = "A or Enter accepts, R rejects, E edits, I ignores the sender for good."
WHAT_IT_DOES = (
    "PRM reads your calendars and the headers of your mail on this computer and proposes "
    "the touches it finds here; nothing is logged until you accept it."
)


class CaptureView(QWidget):
    action = Signal(str)  # ACCEPT, REJECT, EDIT, IGNORE on the selection
    accept_all_requested = Signal()
    add_contact_requested = Signal(object)  # a NewContactSuggestion
    run_requested = Signal()
    sources_requested = Signal()
    count_changed = Signal(int)
    loaded = Signal()

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._latest = LatestOnly(tasks)
        self.screen: CaptureScreen | None = None

        self.accept_button = QPushButton("&Accept", self)
        self.accept_button.setToolTip("Log the selected proposals as touches (A or Enter)")
        self.edit_button = QPushButton("&Edit…", self)
        self.edit_button.setToolTip("Change channel, summary, people or date, then accept (E)")
        self.reject_button = QPushButton("&Reject", self)
        self.reject_button.setToolTip("Drop the selected proposals for good (R or Delete)")
        self.ignore_button = QPushButton("&Ignore sender", self)
        self.accept_all_button = QPushButton("Accept all &shown", self)
        self.accept_all_button.setToolTip("Log every proposal in the list (one Undo step)")
        for button, act in ((self.accept_button, ACCEPT), (self.edit_button, EDIT),
                            (self.reject_button, REJECT), (self.ignore_button, IGNORE)):  # fmt: skip
            button.clicked.connect(lambda _=False, a=act: self.action.emit(a))
        self.accept_all_button.clicked.connect(self.accept_all_requested)
        self.run_button = QPushButton("Run &now", self)
        self.run_button.setToolTip("Read every source again for anything new")
        self.run_button.clicked.connect(self.run_requested)
        self.sources_button = QPushButton("S&ources…", self)
        self.sources_button.setToolTip("Calendars and mailboxes to read, and your own addresses")
        self.sources_button.clicked.connect(self.sources_requested)
        self.bar = QProgressBar(self)
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(140)
        self.run_label = QLabel(self)
        self.cancel_button = QPushButton("Cancel", self)

        header = PageHeader("Capture", HINT, self)
        self.summary = header.summary
        header.add_row(
            self.accept_button, self.edit_button, self.reject_button, self.ignore_button, 16,
            self.accept_all_button, None, self.run_label, self.bar, self.cancel_button,
            self.run_button, self.sources_button,
        )  # fmt: skip
        self.tree = CaptureTree(self)
        self.tree.action.connect(self.action)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda *_: self.action.emit(ACCEPT))
        self.empty = EmptyState("Nothing waiting", "")
        self.empty_add = self.empty.add_button("Add a source…", primary=True)
        self.empty_add.clicked.connect(self.sources_requested)
        self.empty_run = self.empty.add_button("Run now")
        self.empty_run.clicked.connect(self.run_requested)
        self.stack = table_or_empty(self, header, self.tree, self.empty)
        self.stack.setCurrentWidget(self.empty)
        self.show_busy(False)
        self._update_buttons()

    # --- loading ----------------------------------------------------------------------

    def refresh(self) -> None:
        zone = self._tasks.ctx.zone

        def work(session: Session) -> CaptureScreen:
            return capture_screen(session, zone=zone)

        self._latest.run(work, self._loaded)

    def _loaded(self, screen: CaptureScreen) -> None:
        self.screen = screen
        zone = self._tasks.ctx.zone
        self.tree.fill(screen.groups, screen.strangers, screen.sources, zone)
        has_rows = bool(screen.groups or screen.strangers)
        self.stack.setCurrentWidget(self.tree if has_rows else self.empty)
        if not screen.sources:
            self.empty.set_title("Capture")
            self.empty.set_text(WHAT_IT_DOES)
        else:
            last = screen.last_read
            when = last.astimezone(zone).strftime("%H:%M") if last else "never"
            self.empty.set_title(f"Nothing waiting — last read {when}")
            self.empty.set_text("")
        self.empty_add.setVisible(not screen.sources)
        self.empty_run.setVisible(bool(screen.sources))
        self.run_button.setEnabled(bool(screen.sources))
        if screen.groups:
            sources = len(screen.sources)
            self.summary.setText(
                f"{screen.pending:,} waiting from {sources} source{'s' * (sources != 1)}. {HINT}"
            )
        else:
            self.summary.setText(HINT if has_rows else "")
        self._update_buttons()
        self.count_changed.emit(screen.pending)
        self.loaded.emit()

    # --- what the section asks ---------------------------------------------------------

    def selected(self) -> list[ProposalView]:
        return self.tree.selected_proposals()

    def stranger(self) -> NewContactSuggestion | None:
        return self.tree.current_stranger()

    def show_busy(self, busy: bool) -> None:
        for widget in (self.bar, self.cancel_button, self.run_label):
            widget.setVisible(busy)
        self.run_button.setVisible(not busy)
        self.empty_run.setEnabled(not busy)
        self.bar.setRange(0, SCALE)
        self.bar.setValue(0)
        self.run_label.setText("")

    def show_progress(self, value: int, text: str) -> None:
        self.bar.setValue(value)
        if text:
            self.run_label.setText(text)

    def _update_buttons(self) -> None:
        chosen = self.selected()
        stranger = self.stranger()
        for button in (self.accept_button, self.edit_button, self.reject_button):
            button.setEnabled(bool(chosen) or (button is self.accept_button and bool(stranger)))
        self.accept_button.setText("&Add contact…" if stranger and not chosen else "&Accept")
        calendar = bool(chosen) and all(p.item_kind == "event" for p in chosen)
        self.ignore_button.setText("&Ignore calendar" if calendar else "&Ignore sender")
        targets = {ignore_target(p) for p in chosen}
        self.ignore_button.setEnabled(
            (len(targets) == 1 and None not in targets) or (bool(stranger) and not chosen)
        )
        self.accept_all_button.setEnabled(bool(self.tree.shown_proposals()))


def ignore_target(p: ProposalView) -> tuple[str, str] | None:
    """What "always ignore" means for this proposal: its calendar, or its sender."""
    if p.item_kind == "event":
        return ("calendar", p.calendar) if p.calendar else None
    return ("sender", p.sender) if p.sender else None
