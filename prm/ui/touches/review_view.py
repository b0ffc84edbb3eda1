"""The weekly review: one calm page of what needs the user this week.

Sections: who is overdue, who is waiting for a reply, which follow-ups fall due
in the next seven days (each with a Done button), and what last week looked
like. Names are links to the contact; everything is rebuilt on ``refresh``.
"""

from __future__ import annotations

import html
import logging
from datetime import date, timedelta

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from prm.core import review
from prm.core.errors import KnownError
from prm.core.reach_out import ReachOutRow
from prm.core.review import FollowUp, OwedReply, WeeklyReview
from prm.ui.common.formatting import channel_label, days_text, local_date
from prm.ui.common.latest import LatestOnly
from prm.ui.common.palette import DUE, MUTED, OVERDUE, attention_color
from prm.ui.common.tasks import Tasks
from prm.ui.touches.replies_view import waiting_level
from prm.ui.touches.touch_ops import TouchOps
from prm.ui.widgets.list_page import PageHeader

log = logging.getLogger(__name__)

SHOWN_PER_SECTION = 12  # the rest is one click away in Reach out / Awaiting my reply
OVERDUE_LIMIT = 100  # ranking rows the review looks through for overdue people
_CONTENT_WIDTH = 880
_ID = "prmId"  # the contact (log buttons) or touch (Done buttons) a button acts on
_WHAT = "prmWhat"  # a Done button's follow-up, as the status bar and undo menu name it


def _tint(label: QLabel, level: str | None) -> None:
    """Colour a label's text; both roles, as a label on a Base card draws with Text."""
    color = attention_color(level) if level else None
    palette = QPalette()  # the application's, so a theme change starts afresh
    if color is not None:
        palette.setColor(QPalette.ColorRole.WindowText, color)
        palette.setColor(QPalette.ColorRole.Text, color)
    label.setPalette(palette)


def _colored(text: str, level: str | None, *, bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if level:
        _tint(label, level)
    if bold:
        font = label.font()
        font.setWeight(QFont.Weight.DemiBold)
        label.setFont(font)
    return label


class ReviewSection(QFrame):
    """A heading with a count, then a grid of rows (or one calm line when empty)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.title = QLabel(title)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.12)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.count = QLabel("")
        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(18)
        self.grid.setVerticalSpacing(8)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addSpacing(8)
        heading.addWidget(self.count, 1, Qt.AlignmentFlag.AlignBaseline)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 16)
        layout.setSpacing(10)
        layout.addLayout(heading)
        layout.addWidget(self.body)
        layout.addWidget(self.note)

    def set_rows(
        self, rows: list[list[QWidget]], *, count: str, empty: str, more: str = ""
    ) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for r, widgets in enumerate(rows):
            for c, widget in enumerate(widgets):
                self.grid.addWidget(widget, r, c, Qt.AlignmentFlag.AlignBaseline)
        if rows:
            self.grid.setColumnStretch(len(rows[0]) - 2, 1)  # the text column takes the room
        self.body.setVisible(bool(rows))
        self.count.setText(count if rows else "")
        self.note.setText(more if rows else empty)
        self.note.setVisible(bool(self.note.text()))
        _tint(self.count, MUTED)
        _tint(self.note, MUTED)


class ReviewView(QWidget):
    contact_activated = Signal(int)
    log_touch_requested = Signal(int)
    changed = Signal()
    loaded = Signal()
    message = Signal(str)  # for the status bar

    def __init__(self, tasks: Tasks, ops: TouchOps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._ops = ops  # the window's touch operations: Done goes onto its undo stack
        self._latest = LatestOnly(tasks)
        self.review: WeeklyReview | None = None
        self._overdue_limit = OVERDUE_LIMIT
        self.done_buttons: dict[int, QPushButton] = {}  # touch id -> its follow-up's Done

        header = PageHeader(  # the header every section has
            "Weekly review", "What needs you this week, and what you did last week.", self
        )
        self.title, self.subtitle = header.title, header.summary
        self.overdue = ReviewSection("Overdue")
        self.replies = ReviewSection("Replies owed")
        self.follow_ups = ReviewSection("Follow-ups due")
        self.last_week = ReviewSection("Last week")

        content = QWidget()
        content.setMaximumWidth(_CONTENT_WIDTH)
        column = QVBoxLayout(content)
        column.setContentsMargins(24, 4, 24, 28)
        column.setSpacing(16)
        for section in (self.overdue, self.replies, self.follow_ups, self.last_week):
            column.addWidget(section)
        column.addStretch(1)
        page = QWidget()
        centred = QHBoxLayout(page)
        centred.setContentsMargins(0, 0, 0, 0)
        centred.addStretch(0)  # the margins take what is left past the content's width
        centred.addWidget(content, 1)
        centred.addStretch(0)
        self.scroll = QScrollArea()
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.scroll, 1)

    def refresh(self) -> None:
        ctx = self._tasks.ctx
        now, zone, limit = ctx.clock.now(), ctx.zone, self._overdue_limit
        self._latest.run(
            lambda session: review.weekly_review(session, now=now, zone=zone, overdue_limit=limit),
            self._loaded,
        )

    def complete_follow_up(self, touch_id: int) -> None:
        button = self.done_buttons.get(touch_id)
        if button is not None:
            button.setEnabled(False)
        summary = str(button.property(_WHAT)) if button is not None else ""
        self._ops.complete_follow_up(
            touch_id,
            summary or "follow-up",
            on_done=lambda text: self._follow_up_done(touch_id, text),
            on_error=self._follow_up_failed,
        )

    # --- building ------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.review is not None:
            self._render(self.review)  # the amber and red are picked for the palette

    def _loaded(self, result: WeeklyReview) -> None:
        self.review = result
        self._render(result)
        self.loaded.emit()

    def _render(self, result: WeeklyReview) -> None:
        start = result.week_start
        self.subtitle.setText(
            f"Week of {start:%a} {local_date(start)} – {local_date(start + timedelta(days=6))}: "
            "what needs you, and what you did in the seven days before."
        )
        self._fill_overdue(result.overdue, result.overdue_total)
        self._fill_replies(result.replies_owed)
        self._fill_follow_ups(result.follow_ups_due, start)
        self._fill_last_week(result)

    def _link(self, contact_id: int, name: str) -> QLabel:
        style = "text-decoration:none"
        label = QLabel(f'<a href="contact:{contact_id}" style="{style}">{html.escape(name)}</a>')
        by = Qt.TextInteractionFlag
        label.setTextInteractionFlags(by.LinksAccessibleByMouse | by.LinksAccessibleByKeyboard)
        label.setToolTip(f"Open {name}")
        label.linkActivated.connect(self._link_activated)
        return label

    def _fill_overdue(self, rows: list[ReachOutRow], total: int) -> None:
        """``rows`` are the most overdue (the ranking's first few); ``total`` counts everyone."""
        shown = rows[:SHOWN_PER_SECTION]
        total = max(total, len(rows))
        self.overdue.set_rows(
            [
                [
                    self._link(r.contact_id, r.name),
                    _colored(days_text(r.days_since), OVERDUE, bold=True),
                    _colored(_every(r.target_days), MUTED),
                    _colored(r.organization, MUTED),
                    self._log_button(r.contact_id, "Log touch…"),
                ]
                for r in shown
            ],
            count=_count(total, "person", "people"),
            empty="Nobody is overdue. Well kept.",
            more=_more(total - len(shown), "overdue in Reach out"),
        )

    def _fill_replies(self, rows: list[OwedReply]) -> None:
        shown = rows[:SHOWN_PER_SECTION]
        self.replies.set_rows(
            [
                [
                    self._link(r.contact_id, r.name),
                    _colored(
                        f"waiting {days_text(r.waiting_days)}",
                        waiting_level(r.waiting_days),
                        bold=True,
                    ),
                    _colored(channel_label(r.channel), MUTED),
                    _elided(r.summary),
                    self._log_button(r.contact_id, "Reply…"),
                ]
                for r in shown
            ],
            count=_count(len(rows), "message", "messages"),
            empty="No one is waiting for a reply.",
            more=_more(len(rows) - len(shown), "in Awaiting reply"),
        )

    def _fill_follow_ups(self, rows: list[FollowUp], today: date) -> None:
        self.done_buttons = {}
        built = []
        for r in rows[:SHOWN_PER_SECTION]:
            late = (today - r.due_on).days
            if late > 0:
                due = _colored(f"{days_text(late)} overdue", OVERDUE, bold=True)
            elif late == 0:
                due = _colored("due today", DUE, bold=True)
            else:
                due = _colored(f"due in {days_text(-late)}", None)
            due.setToolTip(local_date(r.due_on))
            button = QPushButton("Done")
            button.setToolTip("Mark this follow-up as done")
            button.setProperty(_ID, r.touch_id)
            button.setProperty(_WHAT, f"{r.name}, “{r.summary}”" if r.summary else r.name)
            button.clicked.connect(self._done_clicked)
            self.done_buttons[r.touch_id] = button
            link = self._link(r.contact_id, r.name)
            built.append([link, due, QLabel(""), _elided(r.summary), button])
        self.follow_ups.set_rows(
            built,
            count=_count(len(rows), "follow-up", "follow-ups"),
            empty="No follow-ups due this week.",
            more=f"…and {len(rows) - len(built):,} more, shown as these are done."
            if len(rows) > len(built)
            else "",
        )

    def _fill_last_week(self, result: WeeklyReview) -> None:
        total = sum(result.done_last_week.values())
        rows: list[list[QWidget]] = []
        if total:
            people = _count(result.people_touched_last_week, "person", "people")
            touched = _count(total, "touch", "touches")
            rows.append([_colored(f"You reached {people} in {touched}.", None, bold=True)])
            by_channel = (f"{channel_label(ch)} {n}" for ch, n in result.done_last_week.items())
            channels = _colored(" · ".join(by_channel), MUTED)
            channels.setWordWrap(True)
            rows.append([channels])
        self.last_week.set_rows(
            [[*row, QLabel("")] for row in rows],
            count="",
            empty="No touches logged in the last seven days. "
            "A short note to one person is a fine start.",
        )

    def _log_button(self, contact_id: int, text: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setAutoRaise(True)  # reads as a quiet action until pointed at
        button.setToolTip("Log a touch with this person")
        button.setProperty(_ID, contact_id)
        button.clicked.connect(self._log_clicked)
        return button

    def _link_activated(self, href: str) -> None:
        scheme, _, number = href.partition(":")
        if scheme == "contact" and number.isdigit():
            self.contact_activated.emit(int(number))

    def _done_clicked(self) -> None:
        self.complete_follow_up(int(self.sender().property(_ID)))

    def _log_clicked(self) -> None:
        self.log_touch_requested.emit(int(self.sender().property(_ID)))

    def _follow_up_done(self, touch_id: int, text: str) -> None:
        log.info("follow-up of touch #%s done", touch_id)
        self.message.emit(text)
        self.changed.emit()
        self.refresh()

    def _follow_up_failed(self, exc: KnownError) -> None:
        log.info("follow-up not completed: %s", exc)
        self._tasks.known_error.emit(exc)
        self.refresh()


def _more(hidden: int, where: str) -> str:
    if hidden <= 0:
        return ""
    return f"…and {hidden:,} more {where}."


def _every(days: int) -> str:
    return "every day" if days == 1 else f"every {days:,} days"


def _count(n: int, one: str, many: str) -> str:
    return f"1 {one}" if n == 1 else f"{n:,} {many}"


def _elided(text: str, limit: int = 80) -> QLabel:
    label = QLabel(text if len(text) <= limit else text[: limit - 1] + "…")
    label.setToolTip(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
