"""Garbage is collected on the GUI thread only (see prm.ui.main_thread_gc)."""

from __future__ import annotations

import gc
import threading

from prm.ui.main_thread_gc import MainThreadGarbageCollector


class Cycle:
    def __init__(self) -> None:
        self.me = self
        self.collected_on: list[str] = []

    def __del__(self) -> None:
        COLLECTED.append(threading.current_thread().name)


COLLECTED: list[str] = []


def test_cycles_made_on_a_worker_are_collected_on_the_gui_thread(qtbot):
    collector = MainThreadGarbageCollector()
    try:
        assert not gc.isenabled()
        COLLECTED.clear()

        def worker() -> None:
            for _ in range(5000):  # well past CPython's threshold
                Cycle()

        thread = threading.Thread(target=worker, name="worker")
        thread.start()
        thread.join()
        assert COLLECTED == []  # nothing collected off the GUI thread
        qtbot.waitUntil(lambda: len(COLLECTED) >= 4000, timeout=5000)
        assert set(COLLECTED) == {threading.main_thread().name}
    finally:
        collector.stop()
    assert gc.isenabled()
