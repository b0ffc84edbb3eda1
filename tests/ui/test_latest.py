"""The shared latest-wins helper: only the newest answer shows, and it never gets stuck."""

from __future__ import annotations

import threading

from prm.ui.common.latest import LatestOnly


def test_only_the_newest_answer_is_delivered(qtbot, tasks, wait_idle):
    latest = LatestOnly(tasks)
    gate = threading.Event()
    got: list[str] = []

    def slow(_session) -> str:
        gate.wait(5)
        return "first"

    latest.run(slow, got.append)
    latest.run(lambda _s: "second", got.append)  # waits behind the first
    latest.run(lambda _s: "third", got.append)  # replaces the second
    gate.set()
    wait_idle()
    assert got == ["third"]


def test_a_load_dropped_by_a_store_switch_does_not_block_later_loads(qtbot, tasks, ctx, wait_idle):
    latest = LatestOnly(tasks)
    gate = threading.Event()
    got: list[str] = []

    def slow(_session) -> str:
        gate.wait(5)
        return "old"

    latest.run(slow, got.append)
    tasks.set_context(ctx)  # a new generation: the old job's callbacks are dropped
    gate.set()
    wait_idle()
    latest.run(lambda _s: "new", got.append)
    wait_idle()
    assert got == ["new"]
