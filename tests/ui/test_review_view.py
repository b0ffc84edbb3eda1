"""The weekly review: overdue people, replies owed, follow-ups to tick off, last week."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtGui import QPalette

from prm.core import contacts, reach_out_week, review, touches
from prm.core.drafts import ContactDraft
from prm.core.touches import TouchDraft
from prm.ui.common.palette import OVERDUE, attention_color
from prm.ui.common.theme import DARK, LIGHT
from prm.ui.operations import new_undo_stack
from prm.ui.touches.review_view import ReviewView

CLIENTS = 2  # every 30 days, overdue after 45


@pytest.fixture
def person(store, clock):
    def make(name: str, *, tier: int | None = CLIENTS) -> int:
        with store.transaction() as session:
            draft = ContactDraft(given_name=name, cadence_tier_id=tier)
            return contacts.create_contact(session, draft=draft, clock=clock).id

    return make


@pytest.fixture
def touch(store, clock):
    def log(contact_id: int, days_ago: int, **fields) -> int:
        draft = TouchDraft([contact_id], fields.pop("channel", "email"), **fields)
        draft.occurred_at = clock.now() - timedelta(days=days_ago)
        with store.transaction() as session:
            return touches.log_touch(session, draft=draft, clock=clock).id

    return log


@pytest.fixture
def view(qtbot, tasks):
    view = ReviewView(tasks, new_undo_stack(tasks).touches)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    return view


def _reload(qtbot, view: ReviewView) -> None:
    with qtbot.waitSignal(view.loaded):
        view.refresh()


def _texts(section) -> list[str]:
    grid = section.grid
    return [
        grid.itemAt(i).widget().text()
        for i in range(grid.count())
        if hasattr(grid.itemAt(i).widget(), "text")
    ]


def test_sections_show_what_needs_attention(qtbot, view, person, touch, clock):
    ada = person("Ada")
    touch(ada, 60)
    bob = person("Bob", tier=None)
    touch(bob, 3, direction="in", needs_reply=True, summary="Can you send the deck?")
    cy = person("Cy")
    in_two_days = clock.now().date() + timedelta(days=2)
    touch(cy, 2, channel="call", follow_up_on=in_two_days, summary="Send pricing")
    _reload(qtbot, view)
    assert view.overdue.count.text() == "1 person"
    assert any("Ada" in t for t in _texts(view.overdue))
    assert "60 days" in _texts(view.overdue)
    assert view.replies.count.text() == "1 message"
    assert "Can you send the deck?" in _texts(view.replies)
    assert view.follow_ups.count.text() == "1 follow-up"
    assert "due in 2 days" in _texts(view.follow_ups)
    # Only what the user sent counts: Bob's message came in, Ada's touch is 60 days old.
    assert "You reached 1 person in 1 touch." in _texts(view.last_week)
    assert "Call 1" in _texts(view.last_week)


def test_a_quiet_week_reads_calmly(qtbot, view):
    _reload(qtbot, view)
    assert view.overdue.note.text() == "Nobody is overdue. Well kept."
    assert view.replies.note.text() == "No one is waiting for a reply."
    assert view.follow_ups.note.text() == "No follow-ups due this week."
    assert view.overdue.body.isHidden()


def test_done_completes_a_follow_up(qtbot, view, person, touch, store, clock):
    cy = person("Cy")
    touch_id = touch(cy, 1, follow_up_on=clock.now().date(), summary="Send pricing")
    _reload(qtbot, view)
    button = view.done_buttons[touch_id]
    with qtbot.waitSignal(view.changed), qtbot.waitSignal(view.loaded):
        button.click()
    assert view.done_buttons == {}
    assert view.follow_ups.note.text() == "No follow-ups due this week."
    with store.reading() as session:
        assert review.follow_ups_due(session, by=clock.now().date() + timedelta(days=6)) == []


def test_done_in_the_window_is_undone_by_ctrl_z(qtbot, window, person, touch, store, clock):
    from PySide6.QtCore import Qt

    cy = person("Cy")
    touch_id = touch(cy, 1, follow_up_on=clock.now().date(), summary="Send pricing")
    window.sidebar.select("review")
    view = window.section("review").view
    qtbot.waitUntil(lambda: touch_id in view.done_buttons, timeout=5000)
    view.done_buttons[touch_id].click()
    qtbot.waitUntil(lambda: touch_id not in view.done_buttons, timeout=5000)
    status = window.statusBar()
    assert status.currentMessage() == "Follow-up done: Cy, “Send pricing” — Undo (Ctrl+Z)"
    assert view.follow_ups.note.text() == "No follow-ups due this week."

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: touch_id in view.done_buttons, timeout=5000)
    assert "Undo" not in status.currentMessage()
    with store.reading() as session:
        (due,) = review.follow_ups_due(session, by=clock.now().date() + timedelta(days=6))
        assert (due.touch_id, due.summary) == (touch_id, "Send pricing")
        assert not touches.get_touch(session, touch_id=touch_id).follow_up_done


def test_the_review_has_every_sections_header(qtbot, view):
    from prm.ui.widgets.list_page import section_title

    _reload(qtbot, view)
    assert view.title.text() == "Weekly review"
    assert view.title.font() == section_title("x").font()  # as Reach out, Trash, ...
    assert view.overdue.title.text() == "Overdue"  # Reach out's word for the same people


def test_names_open_the_contact(qtbot, view, person, touch):
    ada = person("Ada")
    touch(ada, 60)
    _reload(qtbot, view)
    link = view.overdue.grid.itemAtPosition(0, 0).widget()
    with qtbot.waitSignal(view.contact_activated) as opened:
        link.linkActivated.emit(f"contact:{ada}")
    assert opened.args == [ada]


def test_colours_follow_a_theme_switch(qtbot, view, person, touch, theme):
    touch(person("Ada"), 60)
    theme.apply(LIGHT)
    _reload(qtbot, view)

    def days_colour():
        days = view.overdue.grid.itemAtPosition(0, 1).widget()
        return days.palette().color(QPalette.ColorRole.Text)

    assert days_colour() == attention_color(OVERDUE)
    light = days_colour()
    theme.apply(DARK)
    qtbot.waitUntil(lambda: days_colour() != light)
    assert days_colour() == attention_color(OVERDUE)


def test_counts_are_exact_and_read_plainly(qtbot, view, person, touch, store, clock):
    """More overdue people than the review lists (and than the rows it ranks) are
    counted exactly, as Reach out counts them; an overdue follow-up reads "overdue"."""

    for i in range(15):
        touch(person(f"Person {i:02}"), 60 + i)
    cy = person("Cy", tier=None)
    touch(cy, 5, follow_up_on=clock.now().date() - timedelta(days=1), summary="Send pricing")
    touch(cy, 5, follow_up_on=clock.now().date() - timedelta(days=178), summary="Old promise")
    view._overdue_limit = 13  # the review ranks fewer rows than there are overdue people
    _reload(qtbot, view)
    with store.reading() as session:
        exact = reach_out_week.needing_attention(session, now=clock.now(), zone=clock.now().tzinfo)
    assert exact == 15
    assert view.overdue.count.text() == "15 people"
    assert view.overdue.note.text() == "…and 3 more overdue in Reach out."
    assert "74 days" in _texts(view.overdue)
    assert "every 30 days" in _texts(view.overdue)
    texts = _texts(view.follow_ups)
    assert "178 days overdue" in texts and "1 day overdue" in texts
    assert not any("late" in t or "+" in t for t in texts + _texts(view.overdue))


def test_a_long_week_shows_the_earliest_with_exact_totals_and_pages_in_the_rest(
    qtbot, view, person, touch, clock
):
    """Many follow-ups due: the earliest twelve, the exact total in the heading, and
    "Show more" until every one can be reached (then the button goes)."""
    from prm.ui.touches.review_view import SHOWN_PER_SECTION

    today = clock.now().date()
    ann = person("Ann", tier=None)
    for i in range(70):
        touch(ann, 3, follow_up_on=today - timedelta(days=i), summary=f"Promise {i:02}")
    bea = person("Bea", tier=None)  # an answer to Ann would not answer her
    for i in range(14):
        touch(bea, 2 + i, direction="in", needs_reply=True, summary=f"Question {i:02}")
    _reload(qtbot, view)
    assert view.follow_ups.count.text() == "70 follow-ups"
    assert len(view.done_buttons) == SHOWN_PER_SECTION
    assert "Promise 69" in _texts(view.follow_ups)  # the longest overdue comes first
    assert view.follow_ups.note.text() == "…and 58 more."
    assert view.follow_ups.more_button.isVisible()
    assert view.follow_ups.more_button.text() == "Show 50 more"
    assert view.replies.count.text() == "14 messages"
    assert view.replies.more_button.text() == "Show the last 2"

    with qtbot.waitSignal(view.loaded):
        view.follow_ups.more_button.click()
    assert len(view.done_buttons) == 62
    assert view.follow_ups.more_button.text() == "Show the last 8"
    with qtbot.waitSignal(view.loaded):
        view.follow_ups.more_button.click()
    assert len(view.done_buttons) == 70 and "Promise 00" in _texts(view.follow_ups)
    assert not view.follow_ups.more_button.isVisible()
    assert view.follow_ups.note.text() == ""
