"""The fields of one touch, shared by the quick log (new) and the touch editor (existing).

The form never saves. ``draft()`` turns what is on screen into a ``TouchDraft``
(or a ValidationError for what only the form can know: a name typed but not
picked, a duration that is not a number); the owner runs the service and hands
its errors back to ``show_errors``. Nothing typed is ever rewritten.

Times are shown as wall-clock time in the user's zone (``ctx.zone``) and
stored as UTC. A time the user did not change is handed back exactly as it was
loaded (None for "now" in the quick log), so saving never drops its seconds.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime, timedelta, tzinfo

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, Qt, QTime, QTimeZone, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from prm.core.dates import today_in
from prm.core.errors import KnownError, ValidationError
from prm.core.touches import TouchDraft, touch_contact
from prm.core.vocab import TOUCH_CHANNELS
from prm.ui.common.tasks import Tasks
from prm.ui.touches.participant_field import ParticipantField, fuzzy_search
from prm.ui.widgets.field_errors import ErrorLabel
from prm.ui.widgets.form_fields import FieldSlot, fit_lines, show_field_errors

log = logging.getLogger(__name__)

DEFAULT_CHANNEL = "call"
FOLLOW_UP_AFTER = timedelta(days=7)
NOTE_LINES = 4  # the Notes box opens this tall and grows with the dialog
_DURATION = re.compile(r"^(?:(\d+)\s*(?:h|:)\s*(\d*)\s*m?|(\d+)\s*(?:m|min)?)$", re.IGNORECASE)


def touch_channel_for(preferred: str | None) -> str:
    """A contact's preferred channel (CHANNELS) as a touch channel (TOUCH_CHANNELS)."""
    return preferred if preferred in TOUCH_CHANNELS else DEFAULT_CHANNEL


def parse_duration(text: str) -> int | None:
    """Minutes from "45", "45m", "1:30", "1h30" or "1h"; None when blank."""
    text = text.strip()
    if not text:
        return None
    match = _DURATION.match(text)
    if match is None:
        raise ValueError(f"“{text}” is not a duration; type minutes (45) or hours (1:30).")
    if match[3] is not None:
        return int(match[3])
    return int(match[1]) * 60 + int(match[2] or 0)


def format_duration(minutes: int | None) -> str:
    return "" if minutes is None else str(minutes)


def wall_clock(moment: datetime, zone: tzinfo) -> QDateTime:
    """``moment`` as the user's wall-clock time, carried in a UTC QDateTime so the
    computer's own zone (and its DST gaps) never shifts it."""
    local = moment.astimezone(zone)
    return QDateTime(
        QDate(local.year, local.month, local.day), QTime(local.hour, local.minute), QTimeZone.utc()
    )


def from_wall_clock(value: QDateTime, zone: tzinfo) -> datetime:
    d, t = value.date(), value.time()
    naive = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())
    return naive.replace(tzinfo=zone).astimezone(UTC)


class TouchForm(QWidget):
    submit_requested = Signal()  # Enter in a single-line field
    changed = Signal()

    def __init__(
        self, tasks: Tasks, parent: QWidget | None = None, *, editing: bool = False
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._loaded_when: datetime | None = None
        self._shown_when = QDateTime()
        self._channel_chosen = False
        self._build(editing)
        self.load(TouchDraft(contact_ids=[], channel=DEFAULT_CHANNEL))

    # --- widgets ---------------------------------------------------------------

    def _build(self, editing: bool) -> None:
        self.general_error = ErrorLabel(self)
        self.participants = ParticipantField(fuzzy_search(self._tasks), self)
        self.participants.first_changed.connect(self._follow_first_person)
        self.participants.submit_requested.connect(self.submit_requested)
        self.channel = QComboBox(self)
        for key, label in TOUCH_CHANNELS.items():
            self.channel.addItem(label, key)
        self.channel.activated.connect(self._channel_picked)
        self.out_button = QRadioButton("→ I reached out", self)
        self.in_button = QRadioButton("← They reached me", self)
        self.direction = QButtonGroup(self)
        self.direction.addButton(self.out_button)
        self.direction.addButton(self.in_button)
        self.in_button.toggled.connect(self._direction_changed)
        self.when = QDateTimeEdit(self)
        self.when.setTimeZone(QTimeZone.utc())  # wall-clock time, see wall_clock()
        self.when.setDisplayFormat("ddd d MMM yyyy  HH:mm")
        self.when.setCalendarPopup(True)
        self.duration = QLineEdit(self)
        self.duration.setPlaceholderText("45 or 1:30")
        self.duration.setFixedWidth(110)
        self.summary = QLineEdit(self)
        self.summary.setPlaceholderText("What was it about?")
        self.notes = QPlainTextEdit(self)
        self.notes.setPlaceholderText("Notes (optional)")
        self.notes.setTabChangesFocus(True)
        fit_lines(self.notes, NOTE_LINES)
        self.needs_reply = QCheckBox("Needs my reply", self)
        self.needs_reply.setToolTip("They are waiting for an answer from you")
        self.follow_up = QCheckBox("Follow up on", self)
        self.follow_up_date = QDateEdit(self)
        self.follow_up_date.setCalendarPopup(True)
        self.follow_up_date.setDisplayFormat("ddd d MMM yyyy")
        self.follow_up.toggled.connect(self.follow_up_date.setEnabled)
        self.follow_up_done = QCheckBox("done", self)
        self.follow_up_done.setVisible(editing)
        self.follow_up.toggled.connect(self.follow_up_done.setEnabled)

        self.slots = {
            "contact_ids": FieldSlot(self.participants.line, self, shown=self.participants),
            "channel": FieldSlot(self.channel, self),
            "direction": FieldSlot(
                self.out_button, self, shown=self._row(self.out_button, self.in_button)
            ),
            "occurred_at": FieldSlot(self.when, self, shown=self._row(self.when)),
            "duration_minutes": FieldSlot(
                self.duration, self, shown=self._row(self.duration, QLabel("min", self))
            ),
            "summary": FieldSlot(self.summary, self),
            "notes": FieldSlot(self.notes, self),
            "needs_reply": FieldSlot(self.needs_reply, self),
            "follow_up_on": FieldSlot(
                self.follow_up_date,
                self,
                shown=self._row(self.follow_up, self.follow_up_date, self.follow_up_done),
            ),
        }
        self.participants.changed.connect(self.slots["contact_ids"].clear_error)
        self.needs_reply.toggled.connect(self.slots["needs_reply"].clear_error)
        self.direction.buttonToggled.connect(self.slots["needs_reply"].clear_error)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(8)
        form.addRow("&With", self.slots["contact_ids"])
        form.addRow("&Channel", self._row(self.slots["channel"], self.slots["direction"], top=True))
        form.addRow("W&hen", self.slots["occurred_at"])
        form.addRow("&Duration", self.slots["duration_minutes"])
        form.addRow("&Summary", self.slots["summary"])
        form.addRow("&Notes", self.slots["notes"])
        form.addRow("", self.slots["needs_reply"])
        form.addRow("", self.slots["follow_up_on"])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.general_error)
        layout.addLayout(form)

        for widget in (
            self.channel,
            self.out_button,
            self.in_button,
            self.when,
            self.duration,
            self.summary,
            self.needs_reply,
            self.follow_up,
            self.follow_up_date,
            self.follow_up_done,
        ):
            widget.installEventFilter(self)
        for signal in (
            self.summary.textEdited,
            self.duration.textEdited,
            self.notes.textChanged,
            self.when.dateTimeChanged,
            self.channel.currentIndexChanged,
            self.participants.changed,
            self.follow_up.toggled,
        ):
            signal.connect(self.changed)

    def _row(self, *widgets: QWidget, top: bool = False) -> QWidget:
        """Widgets side by side; ``top`` for field slots, whose messages hang below them."""
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        align = Qt.AlignmentFlag.AlignTop if top else Qt.AlignmentFlag.AlignVCenter
        for widget in widgets:
            row.addWidget(widget, 0, align)
        row.addStretch(1)
        return box

    # --- API -------------------------------------------------------------------

    def load(self, draft: TouchDraft) -> None:
        ctx = self._tasks.ctx
        names = list(draft.contact_names) + [""] * len(draft.contact_ids)
        self.participants.blockSignals(True)  # the draft's channel wins over their preference
        self.participants.set_people(
            [(cid, names[i] or f"Contact #{cid}") for i, cid in enumerate(draft.contact_ids)]
        )
        self.participants.blockSignals(False)
        self._set_channel(draft.channel)
        (self.in_button if draft.direction == "in" else self.out_button).setChecked(True)
        self._direction_changed(draft.direction == "in")
        self._loaded_when = draft.occurred_at
        self.when.setDateTime(wall_clock(draft.occurred_at or ctx.clock.now(), ctx.zone))
        self._shown_when = self.when.dateTime()
        self.summary.setText(draft.summary)
        self.notes.setPlainText(draft.notes)
        self.duration.setText(format_duration(draft.duration_minutes))
        self.needs_reply.setChecked(draft.needs_reply and draft.direction == "in")
        today = today_in(ctx.zone, ctx.clock)
        follow = draft.follow_up_on or today + FOLLOW_UP_AFTER
        self.follow_up_date.setDate(QDate(follow.year, follow.month, follow.day))
        self.follow_up.setChecked(draft.follow_up_on is not None)
        self.follow_up_date.setEnabled(draft.follow_up_on is not None)
        self.follow_up_done.setEnabled(draft.follow_up_on is not None)
        self.follow_up_done.setChecked(draft.follow_up_done)

    def fix_channel(self) -> None:
        """The channel was chosen already (an existing touch): people no longer change it."""
        self._channel_chosen = True

    def draft(self) -> TouchDraft:
        """What is on screen, or ValidationError for what the form itself can tell is wrong."""
        errors: dict[str, str] = {}
        pending = self.participants.pending_text()
        if pending:
            errors["contact_ids"] = f"Pick “{pending}” from the list, or clear the name."
        try:
            duration = parse_duration(self.duration.text())
        except ValueError as exc:
            errors["duration_minutes"] = str(exc)
        if errors:
            raise ValidationError(errors)
        people = self.participants.people()
        picked = self.follow_up_date.date()
        return TouchDraft(
            contact_ids=[cid for cid, _name in people],
            contact_names=[name for _cid, name in people],
            channel=self.channel.currentData(),
            direction="in" if self.in_button.isChecked() else "out",
            occurred_at=self.occurred_at(),
            summary=self.summary.text(),
            notes=self.notes.toPlainText(),
            duration_minutes=duration,
            needs_reply=self.needs_reply.isChecked() and self.in_button.isChecked(),
            follow_up_on=date(picked.year(), picked.month(), picked.day())
            if self.follow_up.isChecked()
            else None,
            follow_up_done=self.follow_up.isChecked() and self.follow_up_done.isChecked(),
        )

    def occurred_at(self) -> datetime | None:
        """The moment on screen in UTC; the loaded one (None: now) if left unchanged."""
        if self.when.dateTime() == self._shown_when:
            return self._loaded_when
        return from_wall_clock(self.when.dateTime(), self._tasks.ctx.zone)

    def show_errors(self, errors: dict[str, str]) -> None:
        self.clear_errors()
        show_field_errors(errors, self.slots, self.general_error)

    def clear_errors(self) -> None:
        for slot in self.slots.values():
            slot.clear_error()
        self.general_error.clear_message()

    # --- behaviour ----------------------------------------------------------------

    def _set_channel(self, key: str) -> None:
        index = self.channel.findData(key)
        if index < 0:
            index = self.channel.findData(DEFAULT_CHANNEL)
        self.channel.setCurrentIndex(index)

    def _channel_picked(self, _index: int) -> None:
        self._channel_chosen = True

    def _follow_first_person(self, contact_id: int | None) -> None:
        """The channel defaults to how the (first) person likes to be reached."""
        if contact_id is None or self._channel_chosen:
            return
        try:  # bounded: one contact by its id
            preferred = self._tasks.read(
                lambda session: touch_contact(session, contact_id=contact_id)
            ).preferred_channel
        except KnownError:
            log.info("contact #%s vanished while logging a touch", contact_id)
            return
        self._set_channel(touch_channel_for(preferred))

    def _direction_changed(self, inbound: bool) -> None:
        self.needs_reply.setEnabled(inbound)
        if not inbound:
            self.needs_reply.setChecked(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if enter and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.submit_requested.emit()
                return True
        return super().eventFilter(watched, event)
