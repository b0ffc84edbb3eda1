"""Garbage is collected on the GUI thread only (see prm.ui.common.main_thread_gc)."""

from __future__ import annotations

import gc
import threading

from prm.ui.common.main_thread_gc import MainThreadGarbageCollector


class Cycle:
    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        COLLECTED.append(threading.current_thread().name)


COLLECTED: list[str] = []


def test_cycles_made_on_a_worker_are_collected_on_the_gui_thread(qtbot, _gui_thread_collector):
    """The session's collector (tests/ui/conftest.py) is the one the app installs."""
    assert not gc.isenabled()
    COLLECTED.clear()

    def worker() -> None:
        for _ in range(5000):  # well past CPython's threshold
            Cycle()

    thread = threading.Thread(target=worker, name="worker")
    thread.start()
    thread.join()
    assert COLLECTED == []  # nothing collected off the GUI thread
    _gui_thread_collector.collect_if_due()  # what its timer does in the app
    assert len(COLLECTED) >= 4000
    assert set(COLLECTED) == {threading.main_thread().name}


def test_stopping_collects_then_lets_python_collect_again(qapp):
    collector = MainThreadGarbageCollector(qapp)
    gc.enable()  # (the session's collector disabled it)
    try:
        collector.stop()
        assert gc.isenabled()
    finally:
        gc.disable()
