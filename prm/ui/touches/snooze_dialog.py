"""Snooze a contact: hide them from reach-out until a day, with an optional reason.

The dialog writes through the DB worker; a refused date (the day rolled over
while the dialog was open, say) shows under the date and keeps what was typed.
A contact who is already snoozed can also be woken now.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from prm.core import reach_out
from prm.core.dates import today_in
from prm.core.errors import KnownError, ValidationError
from prm.ui.common.tasks import Tasks
from prm.ui.widgets.field_errors import ErrorLabel
from prm.ui.widgets.form_fields import FieldSlot, HintLabel

log = logging.getLogger(__name__)

# (label, days from today) for the quick buttons.
QUICK_CHOICES = (("1 week", 7), ("1 month", 30), ("3 months", 91))
DEFAULT_DAYS = 7


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class SnoozeDialog(QDialog):
    # The contact's snooze changed (snoozed or woken): lists should reload.
    snoozed = Signal(int)

    def __init__(
        self,
        tasks: Tasks,
        contact_id: int,
        name: str,
        *,
        snoozed_until: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self.contact_id = contact_id
        self._busy = False
        self.setWindowTitle(f"Snooze {name}")
        today = self._today()

        intro = QLabel(f"Hide <b>{_escape(name)}</b> from Reach out until a day you choose.")
        intro.setWordWrap(True)

        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setMinimumDate(_qdate(today + timedelta(days=1)))
        snoozed = snoozed_until is not None and snoozed_until > today
        start = snoozed_until if snoozed else today + timedelta(DEFAULT_DAYS)
        self.date_edit.setDate(_qdate(start))
        self.date_slot = FieldSlot(self.date_edit)
        self.date_edit.dateChanged.connect(self.date_slot.clear_error)

        quick = QHBoxLayout()
        quick.setSpacing(6)
        self.quick_buttons: dict[str, QPushButton] = {}
        group = QButtonGroup(self)  # the id is the number of days
        group.idClicked.connect(self.snooze_for)
        for label, days in QUICK_CHOICES:
            button = QPushButton(label)
            button.setAutoDefault(False)
            group.addButton(button, days)
            quick.addWidget(button)
            self.quick_buttons[label] = button
        quick.addStretch(1)

        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("Optional: on parental leave, busy with a launch…")
        self.reason_edit.setMaxLength(200)

        form = QFormLayout()
        form.addRow("Until", self.date_slot)
        form.addRow("", quick)
        form.addRow("Reason", self.reason_edit)

        self.error = ErrorLabel(self)  # anything not about the date
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton("Snooze", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.wake_button: QPushButton | None = None
        if snoozed:
            self.wake_button = self.buttons.addButton(
                "Wake now", QDialogButtonBox.ButtonRole.ResetRole
            )
            self.wake_button.setToolTip("Show them in Reach out again from today")
            self.wake_button.clicked.connect(self.wake_now)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if snoozed_until is not None and snoozed:
            until = f"{snoozed_until.day} {snoozed_until:%b %Y}"
            layout.addWidget(HintLabel(f"Currently snoozed until {until}.", self))
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addSpacing(6)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.date_edit.setFocus()

    # --- choices -------------------------------------------------------------

    def until(self) -> date:
        return self.date_edit.date().toPython()  # type: ignore[return-value]

    def snooze_for(self, days: int) -> None:
        self.date_edit.setDate(_qdate(self._today() + timedelta(days=days)))

    def accept(self) -> None:
        """Save the snooze; the dialog closes only once the store said yes."""
        self._save(self.until())

    def wake_now(self) -> None:
        self._save(None)

    def reject(self) -> None:
        if not self._busy:  # a save in flight finishes (and closes) on its own
            super().reject()

    # --- saving --------------------------------------------------------------

    def _today(self) -> date:
        ctx = self._tasks.ctx
        return today_in(ctx.zone, ctx.clock)

    def _save(self, until: date | None) -> None:
        if self._busy:
            return
        self._busy = True
        self.buttons.setEnabled(False)
        self.error.clear_message()
        contact_id, reason, today = self.contact_id, self.reason_edit.text(), self._today()

        def work(session: Session) -> None:
            reach_out.snooze_contact(
                session, contact_id=contact_id, until=until, reason=reason, today=today
            )

        self._tasks.run(work, lambda _result: self._saved(until), self._failed)

    def _saved(self, until: date | None) -> None:
        log.info("contact #%s snoozed until %s", self.contact_id, until)
        self._busy = False
        self.snoozed.emit(self.contact_id)
        super().accept()

    def _failed(self, exc: KnownError) -> None:
        self._busy = False
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError) and "snoozed_until" in exc.errors:
            self.date_slot.show_error(exc.errors["snoozed_until"])
            self.date_edit.setFocus()
        else:
            self.error.show_message(exc.message)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
