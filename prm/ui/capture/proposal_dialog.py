"""E on a proposal: correct the channel, summary, people or date, then accept it.

The same fields and helpers as the quick-log form (people by a few letters,
wall-clock time in the user's zone), kept to what a proposal can change.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from prm.core.capture.queue import ProposalEdit, ProposalView
from prm.core.vocab import TOUCH_CHANNELS
from prm.ui.common.tasks import Tasks
from prm.ui.touches.participant_field import ParticipantField, fuzzy_search
from prm.ui.touches.touch_form import from_wall_clock, wall_clock


class ProposalDialog(QDialog):
    def __init__(self, tasks: Tasks, proposal: ProposalView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit, then accept")
        self._tasks, self._proposal = tasks, proposal
        zone = tasks.ctx.zone
        self.people = ParticipantField(fuzzy_search(tasks), self)
        self.people.set_people(
            [
                (p.contact_id, p.contact_name or p.name or p.email)
                for p in proposal.people
                if p.contact_id is not None
            ]  # fmt: skip
        )
        self.channel = QComboBox(self)
        for key, label in TOUCH_CHANNELS.items():
            self.channel.addItem(label, key)
        index = self.channel.findData(proposal.channel)
        self.channel.setCurrentIndex(max(index, 0))
        self.summary = QLineEdit(proposal.summary, self)
        self.summary.setMinimumWidth(360)
        self.when = QDateTimeEdit(self)
        self.when.setDisplayFormat("ddd d MMM yyyy  HH:mm")
        self.when.setCalendarPopup(True)
        self._shown = wall_clock(proposal.occurred_at, zone)
        self.when.setTimeZone(self._shown.timeZone())
        self.when.setDateTime(self._shown)
        buttons = QDialogButtonBox(self)
        buttons.addButton("&Accept", QDialogButtonBox.ButtonRole.AcceptRole).setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&With:", self.people)
        form.addRow("&Channel:", self.channel)
        form.addRow("&Summary:", self.summary)
        form.addRow("&When:", self.when)
        form.addRow(buttons)
        self.summary.setFocus()

    def edit(self) -> ProposalEdit:
        changed = self.when.dateTime() != self._shown
        when = from_wall_clock(self.when.dateTime(), self._tasks.ctx.zone) if changed else None
        return ProposalEdit(
            channel=self.channel.currentData(),
            summary=self.summary.text().strip(),
            occurred_at=when,
            contact_ids=tuple(cid for cid, _name in self.people.people()),
        )
