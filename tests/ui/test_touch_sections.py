"""The touch-history sections as the window composes them."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from prm.core import contacts, touches
from prm.core.drafts import ContactDraft
from prm.core.touches import TouchDraft
from prm.ui.touches.touch_sections import REACH_OUT, REPLIES, REVIEW


def _person(store, clock, name, **fields) -> int:
    with store.transaction() as session:
        return contacts.create_contact(session, draft=ContactDraft(given_name=name, **fields), clock=clock).id


def test_sidebar_has_the_touch_sections_with_badges(qtbot, window, store, clock):
    late = _person(store, clock, "Late", cadence_tier_id=1)
    asker = _person(store, clock, "Asker")
    with store.transaction() as session:
        touches.log_touch(session, draft=TouchDraft([late], "call", occurred_at=clock.now() - timedelta(days=30)), clock=clock)
        touches.log_touch(session, draft=TouchDraft([asker], "email", direction="in", needs_reply=True,
                                                    occurred_at=clock.now() - timedelta(days=1)), clock=clock)
    window.touch.refresh()
    qtbot.waitUntil(lambda: window.sidebar.count_of(REACH_OUT) == 1 and window.sidebar.count_of(REPLIES) == 1)
    for key in (REACH_OUT, REPLIES, REVIEW):
        window.sidebar.select(key)
        assert window.stack.currentWidget() is window.touch.views[key]


def test_ctrl_l_logs_a_touch_for_the_contact_on_screen_and_reach_out_follows(qtbot, window, store, clock):
    late = _person(store, clock, "Late", cadence_tier_id=1)
    with store.transaction() as session:
        touches.log_touch(session, draft=TouchDraft([late], "call", occurred_at=clock.now() - timedelta(days=30)), clock=clock)
    window.touch.refresh()
    window.contacts_view.reload(late)
    qtbot.waitUntil(lambda: window.contacts_view.current_id() == late)
    qtbot.waitUntil(lambda: window.sidebar.count_of(REACH_OUT) == 1)
    window.actions.log_touch.trigger()
    dialog = window.touch._dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.form.summary, "Caught up")
    qtbot.keyClick(dialog.form.summary, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.sidebar.count_of(REACH_OUT) == 0, timeout=5000)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: window.sidebar.count_of(REACH_OUT) == 1, timeout=5000)


def test_weekly_review_loads_when_opened_and_follows_new_touches(qtbot, window, store, clock):
    late = _person(store, clock, "Late", cadence_tier_id=1)
    with store.transaction() as session:
        touches.log_touch(session, draft=TouchDraft([late], "call", occurred_at=clock.now() - timedelta(days=30)), clock=clock)
    with qtbot.waitSignal(window.touch.review.loaded, timeout=5000):
        window.sidebar.select(REVIEW)
    with store.transaction() as session:
        touches.log_touch(session, draft=TouchDraft([late], "call"), clock=clock)
    with qtbot.waitSignal(window.touch.review.loaded, timeout=5000):
        window.touch.refresh()  # what a logged touch triggers: the open review reloads
