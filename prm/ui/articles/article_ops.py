"""Changing the article library from the UI: file, edit, delete, share — each with Undo.

Like ``touch_ops``: a change runs first on the DB worker (so a dialog can show
validation errors and stay open) and goes onto the window's ``QUndoStack`` only
once it succeeded. Undoing a share withdraws it: the share rows go and its
article touch goes to the trash, so last touches and reach-out move back;
Redo puts the same touch and rows back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from sqlmodel import Session

from prm.core import article_shares, articles
from prm.core.articles import ArticleDraft
from prm.core.errors import KnownError
from prm.ui.common.tasks import Tasks
from prm.ui.common.undo import DoneCommand, undo_hint

log = logging.getLogger(__name__)

OnError = Callable[[KnownError], None]


@dataclass(frozen=True)
class ShareRequest:
    article_id: int
    title: str
    people: tuple[tuple[int, str], ...]  # (contact id, name)
    channel: str
    at: datetime | None  # None: now
    response: str = ""

    @property
    def names(self) -> str:
        return ", ".join(name for _cid, name in self.people)

    @property
    def contact_ids(self) -> list[int]:
        return [cid for cid, _name in self.people]


class ArticleOps(QObject):
    changed = Signal()  # the library or a share log changed: lists reload
    touches_changed = Signal(list)  # contact ids whose touches moved (timelines, reach-out)
    message = Signal(str)

    def __init__(self, tasks: Tasks, undo_stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self.undo_stack = undo_stack

    # --- the library ---------------------------------------------------------------

    def add(
        self, draft: ArticleDraft, *, on_done: Callable[[int], None], on_error: OnError
    ) -> None:
        clock = self._tasks.ctx.clock

        def work(session: Session) -> int:
            article_id = articles.add_article(session, draft=draft, clock=clock).id
            assert article_id is not None
            return article_id

        def done(article_id: int) -> None:
            title = " ".join(draft.title.split())
            self.undo_stack.push(
                DoneCommand(
                    f"File “{title}”",
                    lambda: self._set_trashed(article_id, False),
                    lambda: self._set_trashed(article_id, True),
                )
            )
            self.message.emit(f"Filed “{title}”{undo_hint()}")
            self.changed.emit()
            on_done(article_id)

        self._tasks.run(work, done, on_error)

    def update(
        self,
        article_id: int,
        before: ArticleDraft,
        after: ArticleDraft,
        *,
        on_done: Callable[[int], None],
        on_error: OnError,
    ) -> None:
        def done(_result: None) -> None:
            self.undo_stack.push(
                DoneCommand(
                    f"Edit “{after.title.strip()}”",
                    lambda: self._write(article_id, after),
                    lambda: self._write(article_id, before),
                )
            )
            self.message.emit(f"Saved “{after.title.strip()}”")
            on_done(article_id)

        self._write(article_id, after, done, on_error)

    def trash(self, article_id: int, title: str) -> None:
        def done(_result: None) -> None:
            self.undo_stack.push(
                DoneCommand(
                    f"Delete “{title}”",
                    lambda: self._set_trashed(article_id, True),
                    lambda: self._set_trashed(article_id, False),
                )
            )
            self.message.emit(f"Deleted “{title}”{undo_hint()}")

        self._set_trashed(article_id, True, done)

    # --- sharing -------------------------------------------------------------------

    def share(
        self, request: ShareRequest, *, on_done: Callable[[int], None], on_error: OnError
    ) -> None:
        """Share with everyone in the request (the dialog already warned about repeats)."""
        clock = self._tasks.ctx.clock

        def work(session: Session) -> int:
            shares = article_shares.share_article(
                session,
                article_id=request.article_id,
                contact_ids=request.contact_ids,
                channel=request.channel,
                at=request.at,
                response=request.response,
                clock=clock,
            )
            touch_id = shares[0].touch_id
            assert touch_id is not None
            return touch_id

        def done(touch_id: int) -> None:
            withdrawn: list[article_shares.ShareRecord] = []
            self.undo_stack.push(
                DoneCommand(
                    f"Share “{request.title}” with {request.names}",
                    lambda: self._reinstate(touch_id, withdrawn, request),
                    lambda: self._withdraw(touch_id, withdrawn, request),
                )
            )
            self.message.emit(f"Shared “{request.title}” with {request.names}{undo_hint()}")
            self._after_share(request)
            on_done(touch_id)

        self._tasks.run(work, done, on_error)

    def set_response(self, share_id: int, response: str) -> None:
        def work(session: Session) -> None:
            article_shares.set_response(session, share_id=share_id, response=response)

        self._tasks.run(work, lambda _r: self.changed.emit(), self._report)

    # --- internals -------------------------------------------------------------------

    def _withdraw(self, touch_id: int, kept: list, request: ShareRequest) -> None:
        clock = self._tasks.ctx.clock

        def work(session: Session) -> list[article_shares.ShareRecord]:
            return article_shares.withdraw_share(session, touch_id=touch_id, clock=clock)

        def done(records: list[article_shares.ShareRecord]) -> None:
            kept[:] = records  # what Redo puts back
            self.message.emit(f"Withdrew “{request.title}” from {request.names}")
            self._after_share(request)

        self._tasks.run(work, done, self._report)

    def _reinstate(self, touch_id: int, kept: list, request: ShareRequest) -> None:
        records = list(kept)

        def work(session: Session) -> None:
            article_shares.reinstate_share(session, touch_id=touch_id, records=records)

        def done(_result: None) -> None:
            self.message.emit(f"Shared “{request.title}” with {request.names} again")
            self._after_share(request)

        self._tasks.run(work, done, self._report)

    def _after_share(self, request: ShareRequest) -> None:
        self.changed.emit()
        self.touches_changed.emit(request.contact_ids)

    def _write(
        self,
        article_id: int,
        draft: ArticleDraft,
        on_done: Callable[[None], None] | None = None,
        on_error: OnError | None = None,
    ) -> None:
        clock = self._tasks.ctx.clock

        def work(session: Session) -> None:
            articles.update_article(session, article_id=article_id, draft=draft, clock=clock)

        def done(result: None) -> None:
            self.changed.emit()
            if on_done is not None:
                on_done(result)

        self._tasks.run(work, done, on_error or self._report)

    def _set_trashed(
        self, article_id: int, trashed: bool, on_done: Callable[[None], None] | None = None
    ) -> None:
        clock = self._tasks.ctx.clock

        def work(session: Session) -> None:
            if trashed:
                articles.trash_article(session, article_id=article_id, clock=clock)
            else:
                articles.restore_article(session, article_id=article_id)

        def done(result: None) -> None:
            self.changed.emit()
            if on_done is not None:
                on_done(result)

        self._tasks.run(work, done, self._report)

    def _report(self, exc: KnownError) -> None:
        log.info("article change failed: %s", exc)
        self.message.emit(exc.message)
