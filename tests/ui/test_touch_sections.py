"""The touch-history sections as the window composes them."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from prm.core import contacts, touches
from prm.core.drafts import ContactDraft
from prm.core.touches import TouchDraft
from prm.ui.contacts.contacts_section import CONTACTS
from prm.ui.touches.touch_sections import REACH_OUT, REPLIES, REVIEW


def _person(store, clock, name, **fields) -> int:
    with store.transaction() as session:
        return contacts.create_contact(
            session, draft=ContactDraft(given_name=name, **fields), clock=clock
        ).id


def test_sidebar_has_the_touch_sections_with_badges(qtbot, window, store, clock):
    late = _person(store, clock, "Late", cadence_tier_id=1)
    asker = _person(store, clock, "Asker")
    with store.transaction() as session:
        touches.log_touch(
            session,
            draft=TouchDraft([late], "call", occurred_at=clock.now() - timedelta(days=30)),
            clock=clock,
        )
        touches.log_touch(
            session,
            draft=TouchDraft(
                [asker],
                "email",
                direction="in",
                needs_reply=True,
                occurred_at=clock.now() - timedelta(days=1),
            ),
            clock=clock,
        )
    # Written straight into the store: the change channel still tells the badges.
    qtbot.waitUntil(
        lambda: window.sidebar.count_of(REACH_OUT) == 1 and window.sidebar.count_of(REPLIES) == 1
    )
    for key in (REACH_OUT, REPLIES, REVIEW):
        assert not window.section(key).built  # built on first show
        window.sidebar.select(key)
        assert window.stack.currentWidget() is window.section(key).view


def test_ctrl_l_logs_a_touch_for_the_contact_on_screen_and_reach_out_follows(
    qtbot, window, store, clock
):
    late = _person(store, clock, "Late", cadence_tier_id=1)
    with store.transaction() as session:
        touches.log_touch(
            session,
            draft=TouchDraft([late], "call", occurred_at=clock.now() - timedelta(days=30)),
            clock=clock,
        )
    window.contacts_view.reload(late)
    qtbot.waitUntil(lambda: window.contacts_view.current_id() == late)
    qtbot.waitUntil(lambda: window.sidebar.count_of(REACH_OUT) == 1)
    window.actions.log_touch.trigger()
    dialog = window.touch._dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.form.summary, "Caught up")
    qtbot.keyClick(dialog.form.summary, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.sidebar.count_of(REACH_OUT) == 0, timeout=5000)
    window.undo_stack.undo()  # undo and redo refresh through the same channel
    qtbot.waitUntil(lambda: window.sidebar.count_of(REACH_OUT) == 1, timeout=5000)
    window.undo_stack.redo()
    qtbot.waitUntil(lambda: window.sidebar.count_of(REACH_OUT) == 0, timeout=5000)


def test_weekly_review_loads_when_opened_and_follows_new_touches(qtbot, window, store, clock):
    late = _person(store, clock, "Late", cadence_tier_id=1)
    with store.transaction() as session:
        touches.log_touch(
            session,
            draft=TouchDraft([late], "call", occurred_at=clock.now() - timedelta(days=30)),
            clock=clock,
        )
    review = window.section(REVIEW).view  # built here, shown below
    with qtbot.waitSignal(review.loaded, timeout=5000):
        window.sidebar.select(REVIEW)
    # The open review follows a new touch, written by anyone.
    with qtbot.waitSignal(review.loaded, timeout=5000), store.transaction() as session:
        touches.log_touch(session, draft=TouchDraft([late], "call"), clock=clock)


def _count_jobs(window, monkeypatch) -> list[str]:
    """The names of the worker jobs queued from now on: who asked, and who gets the answer
    (a view's load goes through LatestOnly, so its work names the view)."""
    jobs: list[str] = []
    real_run = window.tasks.run

    def name(f) -> str:
        return getattr(f, "__qualname__", repr(f))

    def counting_run(fn, on_done=None, on_error=None, **kwargs):
        jobs.append(f"{name(fn)} -> {name(on_done)}")
        real_run(fn, on_done, on_error, **kwargs)

    monkeypatch.setattr(window.tasks, "run", counting_run)
    return jobs


def test_logging_one_touch_queues_only_what_the_screen_and_badges_need(
    qtbot, window, store, clock, wait_idle, monkeypatch
):
    ann = _person(store, clock, "Ann", cadence_tier_id=1)
    _person(store, clock, "Bob", cadence_tier_id=1)
    window.sidebar.select(REACH_OUT)
    wait_idle()
    jobs = _count_jobs(window, monkeypatch)
    with store.transaction() as session:  # the quick log, undo, an import: all end here
        touches.log_touch(session, draft=TouchDraft([ann], "call"), clock=clock)
    wait_idle()
    # On screen: Reach out reloads (its load brings its badge). Off screen: only the
    # Awaiting reply badge; Review, Gifts, Upcoming, Meetings, Trash, Contacts: nothing.
    assert len(jobs) == 2, jobs
    assert any("ReachOutView.refresh" in job for job in jobs)

    jobs.clear()
    window.sidebar.select(CONTACTS)
    window.contacts_view.show_contact(ann)
    qtbot.waitUntil(lambda: window.contacts_view.timeline.contact_id() == ann)
    wait_idle()
    jobs.clear()
    with store.transaction() as session:
        touches.log_touch(session, draft=TouchDraft([ann], "email"), clock=clock)
    wait_idle()
    # Her card and her timeline, and the two touch badges: nothing else.
    assert len(jobs) == 4, jobs
