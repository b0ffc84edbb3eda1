"""Home as the user meets it: the first screen, each row one click (or one key) from
what it names, the charts' numbers, and what a new user sees."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from prm.core import contacts
from prm.core.drafts import ContactDraft
from prm.core.touches import TouchDraft, log_touch
from prm.ui.home.home_texts import CONFLICTS, SECTION, Target


@pytest.fixture
def people(store, clock):
    """Ada wrote 3 days ago and waits for a reply; Bob, never contacted (Reach out); Cy, touched today."""
    now = clock.now()
    with store.transaction() as s:
        ids = {
            name: contacts.create_contact(
                s, draft=ContactDraft(given_name=name, family_name="Home", cadence_tier_id=1),
                clock=clock,
            ).id
            for name in ("Ada", "Bob", "Cy")
        }  # fmt: skip
        log_touch(s, draft=TouchDraft([ids["Ada"]], "email", direction="in", needs_reply=True,
                                      summary="Lunch?", occurred_at=now - timedelta(days=3)),
                  clock=clock)  # fmt: skip
        log_touch(s, draft=TouchDraft([ids["Cy"]], "call", occurred_at=now), clock=clock)
    return ids


@pytest.fixture
def home(qtbot, make_window, people, wait_idle):
    window = make_window()
    window.sidebar.select("home")
    view = window.section("home").view
    if view.charts is None:
        with qtbot.waitSignal(view.charts_loaded, timeout=10_000):
            pass
    wait_idle()
    return window


def test_home_is_the_first_screen_and_ready_means_its_lists_show(qtbot, tasks, settings, theme):
    from prm.ui.main_window import MainWindow

    window = MainWindow(tasks, settings=settings, theme=theme)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.show()
        assert window.sidebar.current_key() == "home"
    assert window.sidebar.item(0).text() == "Home"
    view = window.section("home").view
    assert window.stack.currentWidget() is view
    assert view.lists is not None  # on screen when ready fired


def test_the_cards_say_who_and_why(home, people):
    view = home.section("home").view
    cards = view.card_views
    replies = cards["replies"]
    assert replies.title.text().startswith("Awaiting your reply")
    assert [r.line.name for r in replies.rows] == ["Ada Home"]
    assert "Lunch?" in replies.rows[0].accessibleName()
    assert [r.line.name for r in cards["reach_out"].rows] == ["Bob Home"]  # never contacted
    assert cards["thank_yous"].empty.isVisible()
    assert cards["thank_yous"].empty.text() == "No thank-you is owed."
    assert not view.welcome.isVisible()


def test_a_row_opens_the_contact_by_click_or_key(qtbot, home, people):
    view = home.section("home").view
    row = view.card_views["replies"].rows[0]
    qtbot.mouseClick(row, Qt.MouseButton.LeftButton)
    assert home.sidebar.current_key() == "contacts"
    qtbot.waitUntil(lambda: home.contacts_view.current_id() == people["Ada"])

    home.sidebar.select("home")
    row = view.card_views["reach_out"].rows[0]
    row.setFocus()
    qtbot.keyClick(row, Qt.Key.Key_Return)
    assert home.sidebar.current_key() == "contacts"
    qtbot.waitUntil(lambda: home.contacts_view.current_id() == people["Bob"])


def test_a_cards_link_opens_its_section(qtbot, home):
    view = home.section("home").view
    for key, section in (("replies", "replies"), ("reach_out", "reach_out")):
        home.sidebar.select("home")
        link = view.card_views[key].more
        assert link.isVisible()
        qtbot.mouseClick(link, Qt.MouseButton.LeftButton)
        assert home.sidebar.current_key() == section
    # Lists with nothing in them offer no link: their words say all there is.
    assert not view.card_views["upcoming"].more.isVisible()


def test_capture_and_conflict_rows_lead_to_their_places(qtbot, home):
    section = home.section("home")
    card = section.view.card_views["waiting"]
    home.sidebar.select("home")
    card.activated.emit(Target(SECTION, "capture"))
    assert home.sidebar.current_key() == "capture"
    with qtbot.waitSignal(section.conflicts_requested):
        card.activated.emit(Target(CONFLICTS))


def test_the_charts_say_their_numbers(home):
    view = home.section("home").view
    assert view.charts_box.isVisible()
    weeks = view.weeks_chart.accessibleDescription()
    assert "26 weeks" in weeks and "this week so far 2" in weeks
    assert "Inner circle" in view.tiers_chart.accessibleDescription()
    channels = view.channels_chart.accessibleDescription()
    assert "Email" in channels and "Call" in channels
    assert view.meetings_chart.is_empty()  # no meeting timed yet: says so


def test_a_new_user_is_told_how_to_begin(qtbot, make_window):
    window = make_window()
    window.sidebar.select("home")
    section = window.section("home")
    view = section.view
    assert view.welcome.isVisible()
    assert not view.charts_box.isVisible()
    assert not any(card.isVisible() for card in view.card_views.values())
    for button, signal in (
        (view.add_button, section.new_contact_requested),
        (view.import_button, section.import_requested),
        (view.sample_button, section.sample_requested),
    ):
        signal.disconnect()  # the real editor, file dialog and sample store are tested elsewhere
        with qtbot.waitSignal(signal):
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_touch_logged_elsewhere_reaches_home(qtbot, home, store, clock, people, wait_idle):
    view = home.section("home").view
    with store.transaction() as s:
        log_touch(s, draft=TouchDraft([people["Ada"]], "email", summary="Yes!"), clock=clock)
    wait_idle()
    # The reply went out after her message: nobody waits any more.
    qtbot.waitUntil(lambda: view.lists is not None and view.lists.replies_total == 0)


def test_arrow_keys_walk_the_rows(qtbot, home):
    view = home.section("home").view
    first = view.card_views["reach_out"].rows[0]
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    qtbot.keyClick(first, Qt.Key.Key_Down)
    assert view.card_views["reach_out"].more.hasFocus()  # then the card's link
    qtbot.keyClick(view.card_views["reach_out"].more, Qt.Key.Key_Tab)
    assert view.card_views["replies"].rows[0].hasFocus()


def test_the_charts_paint_empty_and_full_at_any_width(qtbot, home):
    from prm.ui.home.home_charts import Bar, ShareBars, WeekColumns

    view = home.section("home").view
    empty_bars, empty_weeks = ShareBars("Nothing"), WeekColumns("Nothing")
    qtbot.addWidget(empty_bars)
    qtbot.addWidget(empty_weeks)
    empty_weeks.set_weeks([])
    assert empty_bars.is_empty() and empty_weeks.is_empty()
    long = ShareBars("Long labels")
    qtbot.addWidget(long)
    long.set_bars([Bar("A label far too long to fit beside its bar", 1.5, "150% of 2"),
                   Bar("", 0.0, "")])  # fmt: skip
    for chart in (view.weeks_chart, view.tiers_chart, view.meetings_chart,
                  view.channels_chart, empty_bars, empty_weeks, long):  # fmt: skip
        for width in (180, 480, 1200):
            chart.resize(width, chart.sizeHint().height())
            assert not chart.grab().isNull()
