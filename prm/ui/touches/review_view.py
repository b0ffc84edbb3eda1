"""The weekly review: one calm page of what needs the user this week.

Sections: who is overdue, who is waiting for a reply, which follow-ups fall due
in the next seven days (each with a Done button), and what last week looked
like. Names are links to the contact; everything is rebuilt on ``refresh``.
"""

from __future__ import annotations

import html
import logging
from dataclasses import replace
from datetime import date, timedelta

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
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
from prm.ui.common.palette import DUE, MUTED, OVERDUE
from prm.ui.common.tasks import Tasks
from prm.ui.touches.replies_view import waiting_level
from prm.ui.touches.review_section import MORE_STEP, ReviewSection, colored
from prm.ui.touches.touch_ops import TouchOps
from prm.ui.widgets.list_page import PageHeader

log = logging.getLogger(__name__)

SHOWN_PER_SECTION = 12  # the most urgent first; the rest pages in ("Show 50 more")
OVERDUE_LIMIT = 100  # ranking rows the review looks through for overdue people
_CONTENT_WIDTH = 880
_ID = "prmId"  # the contact (log buttons) or touch (Done buttons) a button acts on
_WHAT = "prmWhat"  # a Done button's follow-up, as the status bar and undo menu name it


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
        self._generation = 0  # which load the totals being counted belong to
        self.review: WeeklyReview | None = None
        self._overdue_limit = OVERDUE_LIMIT
        self._replies_shown = SHOWN_PER_SECTION
        self._follow_ups_shown = SHOWN_PER_SECTION
        self.done_buttons: dict[int, QPushButton] = {}  # touch id -> its follow-up's Done

        header = PageHeader(  # the header every section has
            "Weekly review", "What needs you this week, and what you did last week.", self
        )
        self.title, self.subtitle = header.title, header.summary
        self.overdue = ReviewSection("Overdue")
        self.replies = ReviewSection("Replies owed")
        self.follow_ups = ReviewSection("Follow-ups due")
        self.thanks = ReviewSection("Thank-yous owed")
        self.last_week = ReviewSection("Last week")

        content = QWidget()
        content.setMaximumWidth(_CONTENT_WIDTH)
        column = QVBoxLayout(content)
        column.setContentsMargins(24, 4, 24, 28)
        column.setSpacing(16)
        for section in (self.overdue, self.replies, self.follow_ups, self.thanks, self.last_week):
            column.addWidget(section)
        self.replies.more_requested.connect(self._more_replies)
        self.follow_ups.more_requested.connect(self._more_follow_ups)
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
        replies, follow_ups = self._replies_shown, self._follow_ups_shown
        self._generation += 1
        self._latest.run(
            lambda session: review.weekly_review(
                session,
                now=now,
                zone=zone,
                overdue_limit=limit,
                replies_limit=replies,
                follow_ups_limit=follow_ups,
                count_later=True,  # the first part shows first; totals follow
            ),
            self._loaded,
        )

    def _count_totals(self) -> None:
        ctx, generation = self._tasks.ctx, self._generation
        now, zone = ctx.clock.now(), ctx.zone

        def counted(totals: tuple[int, int, int]) -> None:
            if generation != self._generation or self.review is None:
                return  # a newer load is on its way with its own totals
            replies, follow_ups, people = totals
            self._loaded(
                replace(
                    self.review,
                    replies_total=replies,
                    follow_ups_total=follow_ups,
                    people_touched_last_week=people,
                )
            )

        shown = self.review
        if shown is not None and None not in (shown.replies_total, shown.follow_ups_total):
            # Only the people are missing: the lists' totals need no second count.
            self._tasks.run(
                lambda s: (
                    shown.replies_total,
                    shown.follow_ups_total,
                    review.people_touched(s, now=now),
                ),
                counted,
            )
            return
        self._tasks.run(lambda s: review.review_totals(s, now=now, zone=zone), counted)

    def _more_replies(self) -> None:
        self._replies_shown += MORE_STEP
        self.refresh()

    def _more_follow_ups(self) -> None:
        self._follow_ups_shown += MORE_STEP
        self.refresh()

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
        if None in (result.replies_total, result.follow_ups_total, result.people_touched_last_week):
            self._count_totals()
            return
        self.loaded.emit()

    def _render(self, result: WeeklyReview) -> None:
        start = result.week_start
        self.subtitle.setText(
            f"Week of {start:%a} {local_date(start)} – {local_date(start + timedelta(days=6))}: "
            "what needs you, and what you did in the seven days before."
        )
        self._fill_overdue(result.overdue, result.overdue_total)
        self._fill_replies(result.replies_owed, result.replies_total)
        self._fill_follow_ups(result.follow_ups_due, result.follow_ups_total, start)
        self._fill_thanks(result.thank_yous_owed, start)
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
                    colored(days_text(r.days_since), OVERDUE, bold=True),
                    colored(_every(r.target_days), MUTED),
                    colored(r.organization, MUTED),
                    self._log_button(r.contact_id, "Log touch…"),
                ]
                for r in shown
            ],
            count=_count(total, "person", "people"),
            empty="Nobody is overdue. Well kept.",
            more=_more(total - len(shown), "overdue in Reach out"),
        )

    def _fill_replies(self, shown: list[OwedReply], total: int | None) -> None:
        """``shown``: the oldest; ``total`` counts every reply owed (None: not yet)."""
        self.replies.set_rows(
            [
                [
                    self._link(r.contact_id, r.name),
                    colored(
                        f"waiting {days_text(r.waiting_days)}",
                        waiting_level(r.waiting_days),
                        bold=True,
                    ),
                    colored(channel_label(r.channel), MUTED),
                    _elided(r.summary),
                    self._log_button(r.contact_id, "Reply…"),
                ]
                for r in shown
            ],
            count=_count(total, "message", "messages", shown=len(shown)),
            empty="No one is waiting for a reply.",
            more=_more(_hidden(total, shown), "in Awaiting reply"),
            hidden=_button(_hidden(total, shown)),
        )

    def _fill_follow_ups(self, rows: list[FollowUp], total: int | None, today: date) -> None:
        """``rows``: the earliest due; ``total`` counts every follow-up due this week
        (None: not counted yet)."""
        self.done_buttons = {}
        built = []
        for r in rows:
            late = (today - r.due_on).days
            if late > 0:
                due = colored(f"{days_text(late)} overdue", OVERDUE, bold=True)
            elif late == 0:
                due = colored("due today", DUE, bold=True)
            else:
                due = colored(f"due in {days_text(-late)}", None)
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
            count=_count(total, "follow-up", "follow-ups", shown=len(built)),
            empty="No follow-ups due this week.",
            more=_more(_hidden(total, built)),
            hidden=_button(_hidden(total, built)),
        )

    def _fill_thanks(self, owed: list, today: date) -> None:
        """Referrals nobody thanked for yet ("thank Erik — Acme signed"), longest owed first."""
        shown = owed[:SHOWN_PER_SECTION]
        self.thanks.set_rows(
            [
                [
                    self._link(o.referrer_id, o.referrer_name),
                    colored(f"late since {local_date(o.due_on)}", OVERDUE, bold=True)
                    if o.late
                    else colored(f"due {local_date(o.due_on)}", DUE),
                    QLabel(""),
                    _elided(o.text),
                    self._log_button(o.referrer_id, "Thank…"),
                ]
                for o in shown
            ],
            count=_count(len(owed), "thank-you", "thank-yous"),
            empty="No thank-yous owed for referrals.",
            more=_more(len(owed) - len(shown), "in Advocates"),
        )

    def _fill_last_week(self, result: WeeklyReview) -> None:
        total = sum(result.done_last_week.values())
        rows: list[list[QWidget]] = []
        if total:
            reached = result.people_touched_last_week  # None: still being counted
            people = "…" if reached is None else _count(reached, "person", "people")
            touched = _count(total, "touch", "touches")
            rows.append([colored(f"You reached {people} in {touched}.", None, bold=True)])
            by_channel = (f"{channel_label(ch)} {n}" for ch, n in result.done_last_week.items())
            channels = colored(" · ".join(by_channel), MUTED)
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


def _hidden(total: int | None, shown: list) -> int | None:
    """Rows left out (None: the total is still being counted)."""
    return None if total is None else total - len(shown)


def _button(hidden: int | None) -> int:
    """What "Show more" offers: a full step while the total is being counted."""
    return MORE_STEP + 1 if hidden is None else hidden


def _more(hidden: int | None, where: str = "") -> str:
    where = f" {where}" if where else ""
    if hidden is None:
        return f"…and more{where}."
    return f"…and {hidden:,} more{where}." if hidden > 0 else ""


def _every(days: int) -> str:
    return "every day" if days == 1 else f"every {days:,} days"


def _count(n: int | None, one: str, many: str, *, shown: int = 0) -> str:
    if n is None:  # being counted: "12+ follow-ups" for a moment
        return f"{shown:,}+ {many}"
    return f"1 {one}" if n == 1 else f"{n:,} {many}"


def _elided(text: str, limit: int = 80) -> QLabel:
    label = QLabel(text if len(text) <= limit else text[: limit - 1] + "…")
    label.setToolTip(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
