"""A gentle warning in the quick log and the touch editor: a call outside the
person's hours, their time ("It is 23:10 for Anna (Tokyo) — outside their hours").

It shows as the fields say so, before saving. If it would appear only as the
user saves (Enter pressed fast), that save stops once so it can be read; the
next one logs anyway. Only calls the user made count (a late call they made to
the user is their choice). One bounded read per person.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QDialog

from prm.core.errors import KnownError
from prm.ui.common.tasks import Tasks
from prm.ui.widgets.info_bar import WARNING, InfoBar

log = logging.getLogger(__name__)

CALL_CHANNELS = frozenset({"call", "video", "voicemail"})
DELAY_MS = 200  # after the last change: the date field changes on every keystroke


class CallWarning(QObject):
    def __init__(self, tasks: Tasks, dialog: QDialog) -> None:
        super().__init__(dialog)
        self._tasks = tasks
        self._form = dialog.form
        self.bar = InfoBar(dialog)
        self.bar.setAccessibleName("Call outside their hours")
        self.bar.hide()
        layout = dialog.layout()
        layout.insertWidget(layout.indexOf(dialog.buttons), self.bar)
        self.text: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self._form.changed.connect(self._timer.start)
        self._form.direction.buttonToggled.connect(lambda *_: self._timer.start())

    def refresh(self) -> str | None:
        """Work the warning out now and show it (or hide it); the text shown."""
        self._timer.stop()
        text = self._warning()
        self.text = text
        if text:
            self.bar.show_message(text, kind=WARNING, closable=False)
        else:
            self.bar.hide()
        return text

    def stops_save(self) -> bool:
        """True when a warning appears only now: this save waits for the user to read it."""
        before = self.text if self.bar.isVisible() else None
        text = self.refresh()
        return text is not None and text != before

    def _warning(self) -> str | None:
        form = self._form
        if form.channel.currentData() not in CALL_CHANNELS or form.in_button.isChecked():
            return None
        people = [cid for cid, _name in form.participants.people()]
        if not people:
            return None
        from prm.core.travel.reach_now import call_warning

        at = form.occurred_at() or self._tasks.ctx.clock.now()
        try:  # bounded: one row per person named
            found = self._tasks.read(
                lambda session: [call_warning(session, cid, at) for cid in people[:20]]
            )
        except KnownError as exc:
            log.info("no call warning: %s", exc)
            return None
        texts = [t for t in found if t]
        return "\n".join(texts) or None
