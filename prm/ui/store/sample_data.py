"""Sample data lives in its own store (``<data dir>/demo``), never in the user's.

Trying PRM with made-up contacts opens (and on first use fills) that separate
store and points the window at it; "Back to my contacts" points it home again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from prm.core import contact_list
from prm.core.context import AppContext
from prm.core.db import Store
from prm.core.errors import KnownError
from prm.core.sample_store import fill_sample_store
from prm.core.store_header import PLAIN
from prm.core.store_open import NewStore, open_store
from prm.ui.common.tasks import Tasks

log = logging.getLogger(__name__)


class StoreSwitcher(QObject):
    """Which store the window shows: the user's own, or the sample one."""

    switched = Signal()

    def __init__(self, tasks: Tasks, home: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._home = home

    @property
    def home(self) -> AppContext:
        return self._home

    @property
    def showing_sample(self) -> bool:
        return self._tasks.ctx is not self._home

    def open_sample(self, on_error: Callable[[KnownError], None]) -> None:
        if self.showing_sample:
            return
        home = self._home

        def work() -> Store:
            # Made-up people: nothing to protect, and no recovery key to show.
            store = open_store(home.paths.demo, home.secrets, new=NewStore(PLAIN))
            try:
                with store.reading() as session:
                    empty = (
                        contact_list.count_contacts(session)
                        + contact_list.count_contacts(session, trashed=True)
                        == 0
                    )
                if empty:
                    fill_sample_store(store, clock=home.clock, zone=home.zone)
            except BaseException:
                store.close()
                raise
            return store

        self._tasks.call(work, self._sample_opened, on_error)

    def _sample_opened(self, store: Store) -> None:
        log.info("showing sample data from %s", store.paths.database)
        self._tasks.set_context(AppContext(store, self._home.clock, self._home.secrets))
        self.switched.emit()

    def back_home(self) -> None:
        if not self.showing_sample:
            return
        sample = self._tasks.ctx.store
        self._tasks.set_context(self._home)
        self._tasks.call(sample.close)  # after any sample work still queued
        log.info("back to the user's own store")
        self.switched.emit()

    def close(self) -> None:
        """At exit, after the worker is idle: close the sample store if it is open."""
        if self.showing_sample:
            self._tasks.ctx.store.close()
