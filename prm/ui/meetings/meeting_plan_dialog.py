"""Plan a meeting (Ctrl+M): who, how long (45 minutes unless you insist), the
agenda — with the brief on everyone at the table alongside."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from prm.core.dates import today_in
from prm.core.errors import KnownError, ValidationError
from prm.core.meeting_brief import meeting_brief
from prm.core.meeting_timer import RULE_MINUTES
from prm.core.meetings import MAX_MINUTES, PRESET_MINUTES, MeetingDraft
from prm.ui.common.formatting import plural
from prm.ui.common.tasks import Tasks
from prm.ui.meetings.agenda_editor import WARNING_STYLE, AgendaEditor
from prm.ui.meetings.meeting_brief_html import brief_html
from prm.ui.touches.participant_field import ParticipantField, fuzzy_search
from prm.ui.widgets.segmented import Segmented
from prm.ui.widgets.separator import finish_splitter

MAX_ATTENDEES = 12
BRIEF_DELAY_MS = 150


class MeetingPlanDialog(QDialog):
    """Emits ``start_requested`` with a draft that passed its own checks; the
    caller starts it and reports service errors back through ``show_errors``."""

    start_requested = Signal(object)  # MeetingDraft

    def __init__(
        self,
        tasks: Tasks,
        *,
        people: list[tuple[int, str]] = (),
        parent: QWidget | None = None,
        presets: tuple[int, ...] = PRESET_MINUTES,  # Preferences > Meetings
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self.over_length_box: QMessageBox | None = None  # the question, while it is asked
        self.setWindowTitle("Plan a meeting")
        self.resize(1000, 640)

        self.title = QLineEdit()
        self.title.setPlaceholderText("Meeting with …")
        self.attendees = ParticipantField(fuzzy_search(self._tasks), self, max_people=MAX_ATTENDEES)
        self.attendees.line.setAccessibleName("Who the meeting is with")
        self.attendees_error = self._error_label()

        self.length = QSpinBox()
        self.length.setRange(1, MAX_MINUTES)
        self.length.setSuffix(" min")
        self.length.setValue(RULE_MINUTES)
        # The shared segmented control: the chosen length shows in light and dark.
        self.segmented = Segmented(self)
        self.presets = self.segmented.group
        for minutes in presets:
            self.segmented.add(f"{minutes}", minutes, tooltip=f"{minutes} minutes")
        self.presets.idClicked.connect(self.length.setValue)
        length_row = QHBoxLayout()
        length_row.addWidget(self.segmented)
        length_row.addSpacing(8)
        length_row.addWidget(self.length)
        length_row.addStretch(1)
        self.over_rule = QCheckBox()
        self.over_rule.setStyleSheet(WARNING_STYLE)
        self.length_error = self._error_label()
        self.length.valueChanged.connect(self._length_changed)

        self.agenda = AgendaEditor()
        self.agenda_error = self._error_label()

        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("With", self.attendees)
        form.addRow("", self.attendees_error)
        form.addRow("Length", length_row)
        form.addRow("", self.over_rule)
        form.addRow("", self.length_error)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 8, 0)
        left_layout.addLayout(form)
        left_layout.addWidget(QLabel("<b>Agenda</b>"))
        left_layout.addWidget(self.agenda, 1)
        left_layout.addWidget(self.agenda_error)

        self.brief = QTextBrowser()
        self.brief.setOpenLinks(False)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.addWidget(QLabel("<b>Brief</b>"))
        right_layout.addWidget(self.brief, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([560, 440])
        finish_splitter(split).setChildrenCollapsible(False)  # a line, not a grip

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = buttons.addButton(
            "Start meeting", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)

        self._brief_timer = QTimer(self, singleShot=True, interval=BRIEF_DELAY_MS)
        self._brief_timer.timeout.connect(self._load_brief)
        self.attendees.changed.connect(self._brief_timer.start)
        self.attendees.set_people(list(people))
        self._length_changed(RULE_MINUTES)
        self._load_brief()
        (self.title if people else self.attendees).setFocus(Qt.FocusReason.OtherFocusReason)

    def _error_label(self) -> QLabel:
        label = QLabel()
        label.setStyleSheet("color: #c62828;")
        label.setWordWrap(True)
        label.hide()
        return label

    def _length_changed(self, minutes: int) -> None:
        button = self.presets.button(minutes)
        if button is not None:
            button.setChecked(True)
        else:
            checked = self.presets.checkedButton()
            if checked is not None:
                self.presets.setExclusive(False)
                checked.setChecked(False)
                self.presets.setExclusive(True)
        over = minutes > RULE_MINUTES
        self.over_rule.setText(
            f"Yes, plan {minutes} minutes — over the {RULE_MINUTES}-minute rule. "
            "The meeting is marked as over the rule."
        )
        self.over_rule.setVisible(over)
        if not over:
            self.over_rule.setChecked(False)
        self.agenda.set_length(minutes)

    def _load_brief(self) -> None:
        ids = [cid for cid, _name in self.attendees.people()]
        ctx = self._tasks.ctx
        today = today_in(ctx.zone, ctx.clock)
        self._tasks.run(
            lambda session: meeting_brief(session, contact_ids=ids, today=today),
            on_done=lambda briefs: self.brief.setHtml(
                brief_html(briefs, zone=ctx.zone, today=today)
            ),
            on_error=lambda exc: self.brief.setPlainText(
                f"The brief could not be loaded: {exc.message}"
            ),
        )

    # --- submitting --------------------------------------------------------------------

    def draft(self) -> MeetingDraft:
        self.attendees.flush()
        return MeetingDraft(
            attendee_ids=[cid for cid, _name in self.attendees.people()],
            title=self.title.text(),
            length_minutes=self.length.value(),
            items=self.agenda.items(),
            over_rule_confirmed=self.over_rule.isChecked(),
        )

    def submit(self) -> None:
        draft = self.draft()
        try:
            draft.cleaned()
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        self.show_errors({})
        if self.agenda.over_by():
            self._ask_over_length(draft)
        else:
            self.start_requested.emit(draft)

    def _ask_over_length(self, draft: MeetingDraft) -> None:
        """An agenda longer than the meeting starts only when the user says so."""
        over, length = self.agenda.over_by(), self.length.value()
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("The agenda is longer than the meeting")
        box.setText(
            f"The agenda adds up to {plural(self.agenda.total_minutes(), 'minute')}: "
            f"{plural(over, 'minute')} over the {length}-minute meeting."
        )
        box.setInformativeText(
            "Start anyway, or go back and shorten the agenda (Scale to fit shrinks "
            "every item in proportion)."
        )
        start = box.addButton("Start anyway", QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton("Go back", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        self.over_length_box = box

        def chosen(button) -> None:
            self.over_length_box = None
            if button is start:
                self.start_requested.emit(draft)

        box.buttonClicked.connect(chosen)
        box.open()

    def show_errors(self, errors: dict[str, str]) -> None:
        """Messages under their fields; whatever was typed stays."""
        agenda = [message for key, message in errors.items() if key.startswith("items")]
        for label, message in (
            (self.attendees_error, errors.get("attendee_ids")),
            (self.length_error, errors.get("length_minutes")),
            (self.agenda_error, "\n".join(agenda) or None),
        ):
            label.setText(message or "")
            label.setVisible(bool(message))

    def failed(self, exc: KnownError) -> None:
        if isinstance(exc, ValidationError):
            self.show_errors(exc.errors)
        else:
            self.show_errors({"attendee_ids": exc.message})
