"""The one serial worker for database work, and the way results come back.

Every write (and every read that may take a while) runs on a single worker
thread, so two pieces of work never race on the store and the UI never waits
for SQLite. Results and errors are delivered on the main thread through a
queued signal; workers never touch widgets.

When the window switches stores (sample data and back), the context changes.
A job runs against the store it was submitted for, but its callbacks are
dropped if the context changed meanwhile: a view must never show rows from a
store it is no longer looking at.
"""

from __future__ import annotations

import itertools
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from sqlmodel import Session

from prm.core.changes import Changes
from prm.core.context import AppContext
from prm.core.errors import KnownError

log = logging.getLogger(__name__)

T = TypeVar("T")
OnDone = Callable[[Any], None]
OnError = Callable[[KnownError], None]


@dataclass
class _Pending:
    on_done: OnDone | None
    on_error: OnError | None
    generation: int
    # Called however the job ends: a result, an error, a bug, or dropped because
    # the store changed meanwhile (``LatestOnly`` must always hear that it ended).
    on_settled: Callable[[], None] | None = None


class _Job(QRunnable):
    """Runs ``work`` on the worker thread and reports through ``report``."""

    def __init__(self, job_id: int, work: Callable[[], Any], report: Signal) -> None:
        super().__init__()
        self._job_id = job_id
        self._work = work
        self._report = report

    def run(self) -> None:
        try:
            result, error = self._work(), None
        except BaseException as exc:  # everything must reach the main thread
            result, error = None, exc
        self._report.emit(self._job_id, result, error)


class Tasks(QObject):
    """Submit work to the serial DB worker; get ``on_done``/``on_error`` on the main thread."""

    # Emitted from the worker thread; connected queued, so slots run on the main thread.
    _finished = Signal(int, object, object)
    # A KnownError nobody asked to handle: the window shows it.
    known_error = Signal(object)
    busy_changed = Signal(bool)
    # The change channel: what every committed write changed (a core ``Changes``),
    # whoever wrote (a dialog, undo, an import, a background job), on the main thread.
    changed = Signal(object)
    # Shutting down: long jobs (a sync, a capture run) stop between their steps.
    closing = Signal()
    # From the writer's thread; connected queued to ``changed``.
    _committed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._generation = 0
        self._closed = False
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # serial: the store has exactly one writer
        self._pool.setExpiryTimeout(-1)  # keep the thread; starting one costs a few ms
        # Jobs that mostly wait for a server (sync, capture, discovery) run beside the
        # store's worker, writing through their own short transactions: a slow or
        # dead server must not hold up the user's edits for its whole timeout.
        self._remote_pool = QThreadPool(self)
        self._remote_pool.setMaxThreadCount(1)
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._committed.connect(self._announce, Qt.ConnectionType.QueuedConnection)
        ctx.store.add_change_listener(self._committed.emit)

    @property
    def ctx(self) -> AppContext:
        return self._ctx

    def set_context(self, ctx: AppContext) -> None:
        """Point new work at another store; callbacks of older work are dropped, and
        every screen hears that everything changed."""
        self._ctx.store.remove_change_listener(self._committed.emit)
        self._ctx = ctx
        self._generation += 1
        ctx.store.add_change_listener(self._committed.emit)
        self.changed.emit(Changes.all())

    def announce(self, changes: Changes) -> None:
        """For changes made outside a transaction of this store (an import of everything)."""
        self.changed.emit(changes)

    def _announce(self, changes: Changes) -> None:
        if not self._closed:
            self.changed.emit(changes)

    def run(
        self,
        fn: Callable[[Session], T],
        on_done: Callable[[T], None] | None = None,
        on_error: OnError | None = None,
        *,
        on_settled: Callable[[], None] | None = None,
        reads_only: bool = False,
    ) -> None:
        """Run ``fn(session)`` in one transaction on the worker (commit, or roll back on error).

        ``reads_only``: ``fn`` writes nothing, so it need not wait for the store's
        health check (a full ``quick_check``, over a second at 1M touches) that
        guards writes: the first contact list at start-up.
        """
        store = self._ctx.store  # bound now: queued work keeps its own store

        def work() -> T:
            if reads_only:
                with store.reading() as session:
                    return fn(session)
            with store.transaction() as session:
                return fn(session)

        self.call(work, on_done, on_error, on_settled=on_settled)

    def call(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: OnError | None = None,
        *,
        on_settled: Callable[[], None] | None = None,
    ) -> None:
        """Run ``fn()`` on the worker without a session (opening a store, a backup...)."""
        self._start(self._pool, fn, on_done, on_error, on_settled)

    def call_remote(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: OnError | None = None,
        *,
        on_settled: Callable[[], None] | None = None,
    ) -> None:
        """Run ``fn()`` on the network worker: work that waits on a server and writes
        only through its own short ``store.transaction()``s, while the store's worker
        goes on serving the screens. Callbacks arrive like ``call``'s."""
        self._start(self._remote_pool, fn, on_done, on_error, on_settled)

    def _start(self, pool: QThreadPool, fn, on_done, on_error, on_settled) -> None:
        if self._closed:
            log.debug("ignoring work submitted after shutdown: %r", fn)
            return
        job_id = next(self._ids)
        if not self._pending:
            self.busy_changed.emit(True)
        self._pending[job_id] = _Pending(on_done, on_error, self._generation, on_settled)
        pool.start(_Job(job_id, fn, self._finished))

    def read(self, fn: Callable[[Session], T]) -> T:
        """Run a tiny, bounded read synchronously on the main thread.

        Only for things like one page of list rows (~1 ms) or a picker's 20
        names: the store runs in WAL mode, so a reader never waits for the
        worker's write transaction, and going through the worker would make the
        view paint empty rows first. Anything unbounded belongs in ``run``.
        """
        with self._ctx.store.reading() as session:
            return fn(session)

    def is_busy(self) -> bool:
        return bool(self._pending)

    def wait_idle(self, msecs: int = -1) -> bool:
        """Block until queued work has run (closing the window, tests)."""
        remote_done = self._remote_pool.waitForDone(msecs)
        return self._pool.waitForDone(msecs) and remote_done

    def shutdown(self) -> None:
        """Finish queued work, forget its callbacks and take no more: the window is going away.

        Late submissions (a debounce timer firing after close) would otherwise run
        against a closed store and call back into deleted widgets.
        """
        self._closed = True
        self.closing.emit()
        self._ctx.store.remove_change_listener(self._committed.emit)
        self._remote_pool.waitForDone()
        self._pool.waitForDone()
        self._pending.clear()
        self._generation += 1

    def _deliver(self, job_id: int, result: object, error: BaseException | None) -> None:
        pending = self._pending.pop(job_id, None)
        if pending is None:
            return  # shut down meanwhile
        if not self._pending:
            self.busy_changed.emit(False)
        if pending.on_settled is not None:
            pending.on_settled()
        if pending.generation != self._generation:
            log.debug("dropping the result of job %s: the store changed meanwhile", job_id)
            if error is not None and not isinstance(error, KnownError):
                sys.excepthook(type(error), error, error.__traceback__)
            return
        if error is None:
            if pending.on_done is not None:
                pending.on_done(result)
        elif isinstance(error, KnownError):
            log.info("known error in job %s: %s", job_id, error)
            if pending.on_error is not None:
                pending.on_error(error)
            else:
                self.known_error.emit(error)
        else:
            # A bug: the excepthook shows the traceback and writes it to the log.
            sys.excepthook(type(error), error, error.__traceback__)
