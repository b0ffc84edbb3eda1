"""Python's garbage collector runs only on the GUI thread.

CPython collects cycles in whichever thread happens to allocate when a
threshold is crossed: with a DB worker, backups and checks on other threads,
that is often not the GUI thread. A collected cycle can hold the last
reference to a Qt wrapper, whose C++ object is then destroyed on the wrong
thread: PRM segfaulted that way (worker thread inside SQLAlchemy, GUI thread
in the event loop). So automatic collection is switched off and a timer on the
GUI thread collects instead, as often as CPython's own thresholds would.
Reference counting, which frees almost everything, is not affected.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_MS = 500


class MainThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._threshold = gc.get_threshold()[0]
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_if_due)
        self._timer.start(CHECK_MS)

    def collect_if_due(self) -> None:
        # gc.get_count(): allocations minus deallocations since the last collection,
        # per generation; collect the generations CPython itself would have.
        young, middle, old = gc.get_count()
        if old > 10:
            gc.collect(2)
        elif middle > 10:
            gc.collect(1)
        elif young > self._threshold:
            gc.collect(0)

    def pause(self) -> None:
        """No timed collections (automatic ones stay off): ``collect_if_due`` by hand."""
        self._timer.stop()

    def stop(self) -> None:
        self._timer.stop()
        # Collect now, from plain code: left to the next allocation, the first
        # collection could start inside a Qt destructor (this object's own).
        gc.collect()
        gc.enable()
