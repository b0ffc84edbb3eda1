"""Share an article: with whom, by which channel, on which day, and what they said.

Never the same one twice by accident: whenever the people change, the dialog
asks the store who already got it and says so by name and date, offering to
take them off; sharing anyway is allowed ("Share again"). Saving goes through
the undoable ``ArticleOps.share``, which logs one article touch.

"Email draft…" opens a mail to the people chosen (their email when they have
one) with the title and the link; "Copy link" puts the link on the clipboard.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
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
from shiboken6 import isValid
from sqlmodel import Session

from prm.core import article_shares
from prm.core.dates import today_in
from prm.core.errors import KnownError, ValidationError
from prm.core.touches import FutureTouchError
from prm.core.vocab import CHANNELS
from prm.ui.articles.article_ops import ArticleOps, ShareRequest
from prm.ui.articles.share_link import copy_link, open_mail_draft
from prm.ui.common.formatting import local_date
from prm.ui.common.latest import LatestOnly
from prm.ui.common.tasks import Tasks
from prm.ui.touches.participant_field import ParticipantField, fuzzy_search
from prm.ui.widgets.field_errors import ErrorLabel
from prm.ui.widgets.form_fields import FieldSlot, HintLabel
from prm.ui.widgets.info_bar import WARNING, InfoBar

log = logging.getLogger(__name__)

MAX_RECIPIENTS = 20


class ShareArticleDialog(QDialog):
    shared = Signal(int)  # the article touch's id
    checked = Signal()  # the "who already got it" answer for the current people arrived

    def __init__(
        self,
        tasks: Tasks,
        ops: ArticleOps,
        *,
        article_id: int,
        title: str,
        link: str = "",
        people: list[tuple[int, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._ops = ops
        self.article_id = article_id
        self.article_title = title
        self.link = link
        self._latest = LatestOnly(tasks)
        self._saving = False
        self.repeats: dict[int, datetime] = {}  # contact id -> when they last got it
        self.setWindowTitle("Share an article")

        heading = QLabel(f"<b>{_escape(title)}</b>", self)
        heading.setWordWrap(True)
        self.people = ParticipantField(fuzzy_search(self._tasks), self, max_people=MAX_RECIPIENTS)
        self.people.line.setAccessibleName("Share with")
        self.people.line.setPlaceholderText("Add someone…")
        self.warning = InfoBar(self)
        self.channel = QComboBox(self)
        for key, label in CHANNELS.items():
            self.channel.addItem(label, key)
        self.when = QDateEdit(self)
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd d MMM yyyy")
        self.when.setDate(_qdate(self._today()))
        self.response = QLineEdit(self)
        self.response.setPlaceholderText("Optional: what they said (you can add it later)")
        self.slots = {
            "contact_ids": FieldSlot(self.people.line, self, shown=self.people),
            "occurred_at": FieldSlot(self.when, self),
        }
        self.when.dateChanged.connect(self.slots["occurred_at"].clear_error)
        self.people.changed.connect(self.slots["contact_ids"].clear_error)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("With", self.slots["contact_ids"])
        form.addRow("Channel", self.channel)
        form.addRow("Sent on", self.slots["occurred_at"])
        form.addRow("Response", self.response)

        self.mail_button = QPushButton("Email draft…", self)
        self.mail_button.setToolTip("Open a mail to them with the title and the link")
        self.mail_button.clicked.connect(self.open_mail_draft)
        self.copy_button = QPushButton("Copy link", self)
        self.copy_button.setToolTip("Put the article's link on the clipboard")
        self.copy_button.clicked.connect(self.copy_link)
        self.send_note = HintLabel("Send it from here, then Share records it.", self)
        send_row = QHBoxLayout()
        send_row.setSpacing(8)
        send_row.addWidget(self.mail_button)
        send_row.addWidget(self.copy_button)
        send_row.addWidget(self.send_note, 1)
        for button in (self.mail_button, self.copy_button):
            button.setAutoDefault(False)
            button.setEnabled(bool(link))
        form.addRow("Send", send_row)

        self.error = ErrorLabel(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.share_button = self.buttons.addButton("Share", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

        self.people.changed.connect(self._check_repeats)
        self.people.set_people(people)
        self.people.submit_requested.connect(self.submit)

    # --- who already got it ------------------------------------------------------------

    def _check_repeats(self) -> None:
        ids, article_id = [cid for cid, _ in self.people.people()], self.article_id

        def work(session: Session) -> dict[int, datetime]:
            return article_shares.already_shared(session, article_id=article_id, contact_ids=ids)

        self._latest.run(work, self._repeats_found)

    def _repeats_found(self, found: dict[int, datetime]) -> None:
        if not isValid(self):
            return
        self.repeats = found
        names = dict(self.people.people())
        if found:
            lines = [
                f"{names.get(cid, f'#{cid}')} already got it on {local_date(at, self._tasks.ctx.zone)}."
                for cid, at in found.items()
            ]
            self.warning.show_message(
                "\n".join(lines),
                kind=WARNING,
                closable=False,
                action="Leave them out",
                on_action=self._leave_out_repeats,
            )
        else:
            self.warning.hide()
        self.share_button.setText("Share again" if found else "Share")
        self.checked.emit()

    def _leave_out_repeats(self) -> None:
        for cid in list(self.repeats):
            self.people.remove(cid)

    # --- sending ---------------------------------------------------------------------

    def open_mail_draft(self) -> None:
        ids = [cid for cid, _ in self.people.people()]
        title, link = self.article_title, self.link

        def work(session: Session) -> list[str]:
            return article_shares.mail_addresses(session, contact_ids=ids)

        def found(addresses: list[str]) -> None:
            if not isValid(self):
                return
            open_mail_draft(title, link, addresses)
            index = self.channel.findData("email")
            if index >= 0:
                self.channel.setCurrentIndex(index)
            missing = len(ids) - len(addresses)
            self.send_note.setText(
                "Mail draft opened; Share records it."
                if not missing
                else f"Mail draft opened; {_people(missing)} without an email: add them there."
            )

        self._tasks.run(work, found)

    def copy_link(self) -> None:
        copy_link(self.link)
        self.send_note.setText("Link copied; Share records that you sent it.")

    # --- saving ------------------------------------------------------------------------

    def request(self) -> ShareRequest:
        day: date = self.when.date().toPython()  # type: ignore[assignment]
        zone = self._tasks.ctx.zone
        now = self._tasks.ctx.clock.now()
        # Today means now; another day keeps the time of day it is now (the touch needs one).
        at = (
            None
            if day == self._today()
            else datetime.combine(
                day, time(now.astimezone(zone).hour, now.astimezone(zone).minute), tzinfo=zone
            )
        )
        return ShareRequest(
            article_id=self.article_id,
            title=self.article_title,
            people=tuple(self.people.people()),
            channel=self.channel.currentData(),
            at=at,
            response=self.response.text().strip(),
        )

    def submit(self) -> None:
        if self._saving:
            return
        self.error.clear_message()
        request = self.request()
        if not request.people:
            self.slots["contact_ids"].show_error("Choose who you sent it to.")
            return
        self._saving = True
        self.share_button.setEnabled(False)
        self._ops.share(request, on_done=self._shared, on_error=self._failed)

    def _shared(self, touch_id: int) -> None:
        if not isValid(self):
            return
        self._saving = False
        self.shared.emit(touch_id)
        self.accept()

    def _failed(self, exc: KnownError) -> None:
        if not isValid(self):
            return
        self._saving = False
        self.share_button.setEnabled(True)
        if isinstance(exc, FutureTouchError):
            self.slots["occurred_at"].show_error("That is more than a day from now.")
        elif isinstance(exc, ValidationError):
            for key, message in exc.errors.items():
                slot = self.slots.get(key)
                if slot is not None:
                    slot.show_error(message)
                else:
                    self.error.show_message(message)
        else:
            self.error.show_message(exc.message)

    def _today(self) -> date:
        ctx = self._tasks.ctx
        return today_in(ctx.zone, ctx.clock)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # Enter in the name field picks a person; it must not press Share as well.
        for button in self.buttons.buttons():
            button.setAutoDefault(False)
            button.setDefault(False)
        self.channel.setFocus(Qt.FocusReason.OtherFocusReason)


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
