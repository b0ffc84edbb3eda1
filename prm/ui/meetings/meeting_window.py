"""The running meeting: a large, calm countdown that turns amber, red, then
unmistakable; the agenda item with its own countdown and what comes next;
pause, next item, one more minute; notes saved as they are typed.

It renders ``TimerView`` and forwards presses to ``MeetingSession``; all the
deciding happens in ``prm.core.meeting_timer``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QColor, QFont, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from prm.core.meeting_timer import MINUTE, Event, MeetingTimer, Phase, State, TimerView
from prm.ui.common.formatting import clock_text
from prm.ui.meetings.meeting_session import MeetingSession
from prm.ui.meetings.timer_colours import OVERRUN_BACKGROUND, PHASE_COLOURS

ALERT_TEXT = {
    Event.AMBER: "{amber} minutes left.",
    Event.RED: "{red} minutes left.",
    Event.WRAP_UP: "{wrap_up} minutes left: capture the outcomes and agree the next step.",
    Event.OVERRUN: "The meeting is over time.",
    Event.ITEM_OVER: "This agenda item has used its time.",
}


def alert_text(event: Event, timer: MeetingTimer, texts: dict[Event, str] = ALERT_TEXT) -> str:
    """The warning's words, with the times this timer warns at (Preferences > Meetings)."""
    minutes = {"amber": timer.amber_ms, "red": timer.red_ms, "wrap_up": timer.wrap_up_ms}
    return texts[event].format(**{k: v // MINUTE for k, v in minutes.items()})


class MeetingWindow(QWidget):
    end_requested = Signal()
    mini_requested = Signal()

    def __init__(self, session: MeetingSession, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.session = session
        self.phase = Phase.CALM
        self.setWindowTitle(f"{session.title} — PRM")
        self.setMinimumSize(560, 620)

        self.title = QLabel(session.title)
        self.title.setWordWrap(True)
        title_font = self.title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.mini_button = QPushButton("Mini timer")
        self.mini_button.setToolTip("A small always-on-top timer (Ctrl+Shift+M)")
        self.mini_button.clicked.connect(self.mini_requested)

        self.countdown = QLabel("45:00")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown.setAccessibleName("Time left in the meeting")
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 6)
        big.setStyleHint(QFont.StyleHint.Monospace)
        big.setFeature(QFont.Tag("tnum"), 1)  # digits that do not dance
        self.countdown.setFont(big)
        self.countdown.setAutoFillBackground(True)
        self.countdown.setMinimumHeight(int(big.pointSizeF() * 2.2))
        self.caption = QLabel()
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(6)

        self.item_title = QLabel()
        item_font = self.item_title.font()
        item_font.setPointSizeF(item_font.pointSizeF() * 1.5)
        self.item_title.setFont(item_font)
        self.item_title.setWordWrap(True)
        self.item_clock = QLabel()
        self.item_clock.setFont(item_font)
        self.item_clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.next_label = QLabel()
        self.next_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        item_box = QFrame()
        item_box.setFrameShape(QFrame.Shape.StyledPanel)
        item_layout = QVBoxLayout(item_box)
        item_row = QHBoxLayout()
        item_row.addWidget(self.item_title, 1)
        item_row.addWidget(self.item_clock)
        item_layout.addLayout(item_row)
        item_layout.addWidget(self.next_label)

        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setMargin(10)
        self.banner.setStyleSheet("background: #fff3d6; color: #5c3d00; border-radius: 4px;")
        self.banner.hide()

        self.pause_button = QPushButton("Pause")
        self.pause_button.setToolTip("Pause the clock; the pause is recorded, not counted (Space)")
        self.pause_button.clicked.connect(session.toggle_pause)
        self.next_button = QPushButton("Next item")
        self.next_button.setToolTip("Move on to the next agenda item (Ctrl+Right)")
        self.next_button.clicked.connect(session.next_item)
        self.minute_button = QPushButton("+1 minute")
        self.minute_button.clicked.connect(self._add_minute)
        # What the last +1 minute did: the later items shrank, or the end moved.
        self.minute_note = QLabel()
        self.minute_note.setWordWrap(True)
        self.minute_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.minute_note.hide()
        self.end_button = QPushButton("End meeting…")
        self.end_button.setDefault(True)
        self.end_button.clicked.connect(self.end_requested)
        buttons = QHBoxLayout()
        for button in (self.pause_button, self.next_button, self.minute_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.end_button)

        self.notes = QPlainTextEdit(session.texts["notes"])
        self.notes.setPlaceholderText("Notes — saved as you type")
        self.notes.textChanged.connect(lambda: session.set_text("notes", self.notes.toPlainText()))
        self.outcomes = QLineEdit(session.texts["outcomes"])
        self.outcomes.setPlaceholderText("What was decided")
        self.outcomes.textChanged.connect(lambda text: session.set_text("outcomes", text))
        self.next_step = QLineEdit(session.texts["next_step"])
        self.next_step.setPlaceholderText("Who does what, by when")
        self.next_step.textChanged.connect(lambda text: session.set_text("next_step", text))

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.mini_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(self.countdown)
        layout.addWidget(self.caption)
        layout.addWidget(self.progress)
        layout.addWidget(item_box)
        layout.addWidget(self.banner)
        layout.addLayout(buttons)
        layout.addWidget(self.minute_note)
        notes_label = QLabel("&Notes")
        notes_label.setBuddy(self.notes)
        layout.addWidget(notes_label)
        layout.addWidget(self.notes, 1)
        # Real labels: a placeholder alone goes as soon as the field is filled.
        texts = QFormLayout()
        texts.setContentsMargins(0, 0, 0, 0)
        texts.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, field in (("&Outcomes", self.outcomes), ("Next &step", self.next_step)):
            label = QLabel(text)
            label.setBuddy(field)
            texts.addRow(label, field)
        layout.addLayout(texts)

        self.next_button.clicked.connect(self.minute_note.hide)  # about the item left behind
        QShortcut(QKeySequence("Ctrl+Right"), self, session.next_item)
        QShortcut(QKeySequence("Ctrl+Shift+M"), self, self.mini_requested.emit)
        session.updated.connect(self.render)
        session.alert.connect(self.show_alert)
        self.render(session.view())

    # --- rendering ------------------------------------------------------------------

    def render(self, view: TimerView) -> None:
        if view.phase == Phase.OVERRUN:
            self.countdown.setText("+" + clock_text(view.overrun_ms))
            self.caption.setText(f"over time · planned {self._planned_minutes()} minutes")
        else:
            self.countdown.setText(clock_text(view.remaining_ms))
            self.caption.setText(self._caption(view))
        self._set_phase(view.phase)
        total = max(1, view.elapsed_ms + max(0, view.remaining_ms))
        self.progress.setRange(0, 1000)
        self.progress.setValue(min(1000, view.elapsed_ms * 1000 // total))
        count = len(self.session.timer.items)
        self.item_title.setText(f"{view.item_index + 1}/{count}  {view.item_title}")
        item_left = view.item_remaining_ms
        self.item_clock.setText(
            clock_text(item_left) + " left"
            if item_left >= 0
            else "+" + clock_text(item_left) + " over"
        )
        self.item_clock.setStyleSheet(
            "" if item_left >= 0 else f"color: {PHASE_COLOURS[Phase.RED]};"
        )
        self.next_label.setText(
            f"Next: {view.next_item_title}" if view.next_item_title else "Last item"
        )
        paused = view.state == State.PAUSED
        self.pause_button.setText("Resume" if paused else "Pause")
        self.next_button.setEnabled(self.session.can_go_to_next_item())
        self.minute_button.setToolTip(
            "One more minute for this item; there is no later item to shrink, "
            "so the meeting ends a minute later"
            if self.session.timer.minute_moves_end()
            else "One more minute for this item; the items after it shrink to keep the end time"
        )
        if paused:
            self.caption.setText("Paused — the pause is not counted")
        if view.wrap_up and self.banner.isHidden():
            self._show_banner(alert_text(Event.WRAP_UP, self.session.timer))

    def _add_minute(self) -> None:
        moved = self.session.add_minute()
        if moved is None:
            return
        end_at = self.session.local_time_in(self.session.view().remaining_ms)
        if not moved:
            text = f"+1 minute: the later items shrink; the meeting still ends at {end_at:%H:%M}"
        elif self.session.timer.current == len(self.session.timer.items) - 1:
            text = f"+1 minute: no later item to shrink, so the meeting now ends at {end_at:%H:%M}"
        else:
            text = (
                "+1 minute: the later items had too little time left to give it back, "
                f"so the meeting now ends at {end_at:%H:%M}"
            )
        self.minute_note.setText(text)
        self.minute_note.show()

    def _caption(self, view: TimerView) -> str:
        end_at = self.session.local_time_in(view.remaining_ms)
        return f"left of {self._planned_minutes()} minutes · ends {end_at:%H:%M}"

    def _planned_minutes(self) -> int:
        return self.session.timer.length_ms // 60_000

    def _set_phase(self, phase: Phase) -> None:
        self.phase = phase
        palette = self.countdown.palette()
        base = self.palette()
        colour = QColor(PHASE_COLOURS.get(phase, base.color(QPalette.ColorRole.WindowText).name()))
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        background = (
            QColor(OVERRUN_BACKGROUND)
            if phase == Phase.OVERRUN
            else base.color(QPalette.ColorRole.Window)
        )
        palette.setColor(QPalette.ColorRole.Window, background)
        self.countdown.setPalette(palette)

    def countdown_colour(self) -> str:
        return self.countdown.palette().color(QPalette.ColorRole.WindowText).name()

    def show_alert(self, event: Event) -> None:
        if event in (Event.WRAP_UP, Event.OVERRUN, Event.ITEM_OVER):
            self._show_banner(alert_text(event, self.session.timer))
        if event == Event.WRAP_UP and self.isActiveWindow() and not self.notes.hasFocus():
            self.outcomes.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()

    # --- closing ------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window is not ending the meeting: it keeps running, and the
        mini timer keeps it in sight."""
        event.ignore()
        self.hide()
        self.mini_requested.emit()
