"""The serial DB worker: results on the main thread, errors where they belong."""

from __future__ import annotations

import sys
import threading

import pytest

from prm.core import contact_list, contacts
from prm.core.context import AppContext
from prm.core.errors import KnownError, NotFoundError


def test_result_arrives_on_the_main_thread(qtbot, tasks, add_contact):
    add_contact("Ada")
    worker_threads, results = [], []

    def work(session):
        worker_threads.append(threading.current_thread())
        return contact_list.count_contacts(session)

    def done(count):
        results.append((count, threading.current_thread()))

    tasks.run(work, done)
    qtbot.waitUntil(lambda: bool(results))
    assert results == [(1, threading.main_thread())]
    assert worker_threads[0] is not threading.main_thread()


def test_jobs_run_one_after_another_in_order(qtbot, tasks):
    order = []
    for n in range(20):
        tasks.call(lambda n=n: n, order.append)
    qtbot.waitUntil(lambda: len(order) == 20)
    assert order == list(range(20))


def test_a_failed_job_writes_nothing(qtbot, tasks, store, clock, add_contact):
    ada = add_contact("Ada")
    errors = []

    def work(session):
        contacts.trash_contacts(session, ids=[ada], clock=clock)
        raise NotFoundError("There is no contact #42.")

    tasks.run(work, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], NotFoundError)
    with store.reading() as session:
        assert contact_list.count_contacts(session) == 1


def test_known_error_without_handler_goes_to_the_window(qtbot, tasks):
    def work(_session):
        raise KnownError("The disk is full.")

    with qtbot.waitSignal(tasks.known_error) as blocker:
        tasks.run(work)
    assert str(blocker.args[0]) == "The disk is full."


def test_a_bug_reaches_the_excepthook(qtbot, tasks, monkeypatch):
    seen = []
    monkeypatch.setattr(sys, "excepthook", lambda *exc_info: seen.append(exc_info))

    def work(_session):
        raise ZeroDivisionError("oops")

    tasks.run(work, on_error=lambda exc: pytest.fail("a bug is not a KnownError"))
    qtbot.waitUntil(lambda: bool(seen))
    assert seen[0][0] is ZeroDivisionError


def test_results_for_a_store_no_longer_shown_are_dropped(qtbot, tasks, ctx):
    delivered, finished = [], []
    tasks.call(lambda: finished.append(1) or "old", delivered.append)
    tasks.set_context(AppContext(ctx.store, ctx.clock, ctx.secrets))
    tasks.call(lambda: "new", delivered.append)
    qtbot.waitUntil(lambda: not tasks.is_busy())
    assert finished == [1]  # the work itself still ran
    assert delivered == ["new"]


def test_read_runs_synchronously(tasks, add_contact):
    add_contact("Ada")
    assert tasks.read(lambda session: contact_list.count_contacts(session)) == 1


def test_busy_is_reported(qtbot, tasks):
    states = []
    tasks.busy_changed.connect(states.append)
    tasks.call(lambda: None)
    qtbot.waitUntil(lambda: not tasks.is_busy())
    assert states == [True, False]


def test_a_read_does_not_wait_for_the_health_check_that_guards_writes(
    qtbot, tasks, store, add_contact, monkeypatch
):
    """The first list at start-up must not wait for ``quick_check`` over the whole store."""
    add_contact("Ada")
    release = threading.Event()

    class SlowCheck:  # a quick_check still running over a big store
        def verdict(self) -> str:
            release.wait(10)
            return "ok"

        def cancel(self) -> None:
            release.set()

    monkeypatch.setattr(store, "_health", SlowCheck())
    read, written = [], []
    tasks.run(contact_list.count_contacts, written.append)
    tasks.call(lambda: None)  # queued behind the write
    qtbot.wait(100)
    assert written == []  # a transaction waits for the verdict
    release.set()
    qtbot.waitUntil(lambda: written == [1])
    tasks.wait_idle()
    release.clear()
    tasks.run(contact_list.count_contacts, read.append, reads_only=True)
    qtbot.waitUntil(lambda: read == [1], timeout=3000)
    release.set()
