"""Latest wins: a screen asks the worker again before the last answer came back.

One helper for every screen that reloads: at most one load in flight, at most
one waiting behind it (asking five times while busy queues one more load, not
five), and only the answer to the newest request is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import Session

from prm.ui.common.tasks import Tasks


class LatestOnly:
    def __init__(self, tasks: Tasks, *, reads_only: bool = False) -> None:
        self._tasks = tasks
        self._reads_only = reads_only  # Tasks.run's: need not wait for the health check
        self._asked = 0
        self._in_flight = False
        self._waiting: tuple[Callable[[Session], Any], Callable[[Any], None]] | None = None

    def run(self, work: Callable[[Session], Any], on_done: Callable[[Any], None]) -> None:
        """Run ``work`` on the worker and give its result to ``on_done``, unless a newer
        request came meanwhile (that one's result is the one shown)."""
        self._asked += 1
        if self._in_flight:
            self._waiting = (work, on_done)
            return
        self._start(work, on_done)

    def _start(self, work: Callable[[Session], Any], on_done: Callable[[Any], None]) -> None:
        self._in_flight = True
        asked = self._asked

        def done(result: Any) -> None:
            if asked == self._asked:
                on_done(result)

        # _finish runs however the job ends (dropped for another store, or a bug, too):
        # a job that never reported back must not block every later load.
        self._tasks.run(
            work,
            done,
            self._tasks.known_error.emit,
            on_settled=self._finish,
            reads_only=self._reads_only,
        )

    def _finish(self) -> None:
        self._in_flight = False
        if self._waiting is not None:
            work, on_done = self._waiting
            self._waiting = None
            self._start(work, on_done)
