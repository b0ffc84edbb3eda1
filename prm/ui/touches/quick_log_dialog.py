"""Ctrl+L: log a call, an email or a lunch in a few keystrokes ("jo", Enter, Enter).

``TouchDialog`` is what the quick log and the touch editor share: the form,
Save/Cancel, saving through the undoable ``TouchOps``, asking before a touch
far in the future is stored, and service errors shown next to their fields
with everything typed kept.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from prm.core.errors import KnownError, ValidationError
from prm.core.touches import FutureTouchError, TouchDraft, touch_contact
from prm.ui.common.errors import show_known_error
from prm.ui.common.tasks import Tasks
from prm.ui.common.undo import UndoStack
from prm.ui.touches.touch_form import TouchForm, touch_channel_for

log = logging.getLogger(__name__)

WHEN_FORMAT = "%a %d %b %Y %H:%M"


class TouchDialog(QDialog):
    """The form plus saving; subclasses say what saving means (``_save``)."""

    VERB = "Save"

    def __init__(
        self, tasks: Tasks, undo_stack: UndoStack, *, editing: bool, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._ops = undo_stack.touches
        self._saving = False
        self.form = TouchForm(tasks, self, editing=editing)
        self.form.submit_requested.connect(self.submit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.addButton(self.VERB, QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setToolTip(f"{self.VERB} (Enter)")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(12)
        layout.addWidget(self.form, 1)  # spare height goes to the Notes box
        layout.addWidget(self.buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter", QKeySequence.StandardKey.Save):
            QShortcut(QKeySequence(keys), self, self.submit)
        self.setMinimumWidth(540)
        from prm.ui.travel.call_warning import CallWarning  # a call outside their hours

        self.call_warning = CallWarning(tasks, self)

    def submit(self, *, allow_future: bool = False) -> None:
        if self._saving or (not allow_future and self.call_warning.stops_save()):
            return  # still saving; or a warning to read first (the next Enter saves)
        self.form.clear_errors()
        try:
            draft = self.form.draft()
        except ValidationError as exc:
            self.form.show_errors(exc.errors)
            return
        self._set_saving(True)
        self._save(draft, allow_future)

    def _save(self, draft: TouchDraft, allow_future: bool) -> None:
        raise NotImplementedError

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.save_button.setEnabled(not saving)

    def _failed(self, exc: KnownError, draft: TouchDraft) -> None:
        if not isValid(self):
            show_known_error(None, exc)
            return
        self._set_saving(False)
        if isinstance(exc, FutureTouchError):
            if self._confirm_future(draft):
                self.submit(allow_future=True)
        elif isinstance(exc, ValidationError):
            self.form.show_errors(exc.errors)
        else:
            show_known_error(self, exc)

    def _confirm_future(self, draft: TouchDraft) -> bool:
        when = draft.occurred_at or self._tasks.ctx.clock.now()
        shown = when.astimezone(self._tasks.ctx.zone).strftime(WHEN_FORMAT)
        answer = QMessageBox.question(
            self,
            "A touch in the future?",
            f"This touch is dated {shown}, more than a day ahead. {self.VERB} it anyway?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # The form handles Enter itself (it may pick a name first); a default
        # button would save on the Enter that picks.
        for button in self.buttons.buttons():
            button.setAutoDefault(False)
            button.setDefault(False)


class QuickLogDialog(TouchDialog):
    logged = Signal(int)  # the new touch's id
    # Logged as an ask: (contact ids, the touch's summary, its day "YYYY-MM-DD").
    asked = Signal(list, str, str)

    VERB = "Log"
    _ask: tuple[list[int], str, str] | None = None

    def __init__(
        self,
        tasks: Tasks,
        undo_stack: UndoStack,
        *,
        contact_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tasks, undo_stack, editing=False, parent=parent)
        self.save_button.setText("Log touch")
        self.form.participants.changed.connect(self._update_title)
        self._add_ask_option(tasks)
        self._update_title()
        if contact_id is not None:
            self._prefill(contact_id)
        else:
            self.form.participants.setFocus(Qt.FocusReason.OtherFocusReason)

    def _prefill(self, contact_id: int) -> None:
        try:  # bounded: one contact by its id
            who = self._tasks.read(lambda session: touch_contact(session, contact_id=contact_id))
        except KnownError as exc:
            log.info("cannot prefill the quick log: %s", exc)
            who = None
        if who is None or who.in_trash:
            self.form.participants.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.form.load(
            TouchDraft(
                contact_ids=[contact_id],
                contact_names=[who.name],
                channel=touch_channel_for(who.preferred_channel),
            )
        )
        # Focus on the name, selected: typing another name replaces it, Tab takes it.
        self.form.participants.select_all()
        self.form.participants.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_title()

    def _add_ask_option(self, tasks: Tasks) -> None:
        """ "This is an ask": give before you ask, so the balance shows first, and the
        ask counts towards their reference load (recorded as a favour)."""
        from prm.ui.advocates.ledger_dialog import AskPanel

        self.ask_check = QCheckBox("This is an &ask (a favour, a reference, a referral)", self)
        self.ask_check.setToolTip(
            "Shows what you gave them and how often they were asked, and counts this ask"
        )
        self.ask_box = QWidget(self)
        self.ask_panel = AskPanel(tasks, self.ask_box)
        column = QVBoxLayout(self.ask_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.ask_check)
        column.addWidget(self.ask_panel)
        layout = self.layout()
        layout.insertWidget(layout.indexOf(self.buttons), self.ask_box)
        self.ask_check.toggled.connect(self._refresh_ask)
        self.form.participants.changed.connect(self._refresh_ask)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # Under the form's fields, like its other check boxes, not under its labels.
        left = self.form.summary.mapTo(self, self.form.summary.rect().topLeft()).x()
        self.ask_box.setContentsMargins(max(left - self.ask_box.x(), 0), 0, 0, 0)

    def _refresh_ask(self) -> None:
        people = self.form.participants.people()
        asking = self.ask_check.isChecked() and bool(people)
        self.ask_panel.show_for(people[0][0] if asking else None)

    def _update_title(self) -> None:
        """Who the touch is for, in the title: the name field may be scrolled or crowded."""
        names = [name for _id, name in self.form.participants.people()]
        if not names:
            self.setWindowTitle("Log a touch")
            return
        if len(names) == 1:
            who = names[0]
        elif len(names) == 2:
            who = f"{names[0]} and {names[1]}"
        else:
            who = f"{names[0]} and {len(names) - 1} others"
        self.setWindowTitle(f"Log a touch — with {who}")

    def _save(self, draft: TouchDraft, allow_future: bool) -> None:
        if self.ask_check.isChecked():
            ctx = self._tasks.ctx
            day = (draft.occurred_at or ctx.clock.now()).astimezone(ctx.zone).date().isoformat()
            self._ask = (list(draft.contact_ids), draft.summary, day)
        self._ops.log(
            draft,
            allow_future=allow_future,
            on_done=self._logged,
            on_error=lambda exc: self._failed(exc, draft),
        )

    def _logged(self, touch_id: int) -> None:
        if not isValid(self):
            return
        self._set_saving(False)
        self.logged.emit(touch_id)
        if self._ask is not None:
            self.asked.emit(*self._ask)
        self.accept()

    def reject(self) -> None:
        """Esc and Cancel: ask only if words would be lost (a name alone is cheap to retype)."""
        typed = self.form.summary.text().strip() or self.form.notes.toPlainText().strip()
        if typed and not self._confirm_discard():
            return
        super().reject()

    def _confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            "Discard this touch?",
            "You have typed a summary or notes. Close without logging the touch?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard
