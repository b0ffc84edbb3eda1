"""Preferences as a user meets them: Ctrl+, opens one dialog; OK changes what the app does
(theme, the planner's presets, when the timer warns, the backup schedule, the short
list's length, cadence tiers); Cancel changes nothing; a bad value is named and kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from shiboken6 import isValid

from prm.core import backups, cadence, contacts
from prm.core.drafts import ContactDraft
from prm.core.meeting_timer import Phase
from prm.ui.preferences.backups_page import BackupsPage
from prm.ui.preferences.general_page import GeneralPage
from prm.ui.preferences.meetings_page import MeetingsPage
from prm.ui.preferences.prefs import DEFAULTS, load_prefs, parse_presets
from prm.ui.preferences.reach_out_page import ReachOutPage
from prm.ui.preferences.tray_page import TrayPage


@pytest.fixture
def prefs_dialog(qtbot, window):
    window.actions.preferences.trigger()
    dialog = window.preferences_dialog
    assert dialog.isVisible()
    return dialog


def _closed(dialog) -> bool:
    return not isValid(dialog) or not dialog.isVisible()  # closed (and deleted)


def _ok(qtbot, dialog, wait_idle) -> None:
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    wait_idle()


def test_ctrl_comma_opens_one_preferences_dialog_with_every_page(qtbot, window, prefs_dialog):
    assert QKeySequence("Ctrl+,") in window.actions.preferences.shortcuts()
    assert [prefs_dialog.list.item(i).text() for i in range(prefs_dialog.list.count())] == [
        "General", "Reach out", "Meetings", "Backups", "Security", "Sync & capture",
        "Tray & notifications",
    ]  # fmt: skip
    window.actions.preferences.trigger()  # again: the same dialog, raised
    assert window.preferences_dialog is prefs_dialog
    prefs_dialog.list.setCurrentRow(2)
    assert prefs_dialog.stack.currentIndex() == 2


def test_ok_applies_the_theme_and_the_weekly_capacity_at_once(
    qtbot, window, prefs_dialog, wait_idle
):
    window.sidebar.select("reach_out")
    prefs_dialog.page(GeneralPage).theme_buttons["dark"].setChecked(True)
    prefs_dialog.page(ReachOutPage).capacity.setValue(4)
    _ok(qtbot, prefs_dialog, wait_idle)
    assert window.theme.mode == "dark" and window.actions.themes["dark"].isChecked()
    assert window.section("reach_out").view.capacity_spin.value() == 4
    assert load_prefs(window.settings).weekly_capacity == 4
    assert _closed(prefs_dialog)


def test_cancel_changes_nothing(qtbot, window, prefs_dialog, store, wait_idle):
    before = load_prefs(window.settings)
    with store.reading() as session:
        tiers_before = cadence.tier_settings(session)
    prefs_dialog.page(GeneralPage).theme_buttons["dark"].setChecked(True)
    prefs_dialog.page(MeetingsPage).presets.setText("20, 50")
    prefs_dialog.page(BackupsPage).schedule.setCurrentIndex(2)
    prefs_dialog.page(TrayPage).close_to_tray.setChecked(True)
    row = next(iter(prefs_dialog.page(ReachOutPage).cadence.tier_rows.values()))
    row.target.setValue(3)
    prefs_dialog.buttons.button(prefs_dialog.buttons.StandardButton.Cancel).click()
    wait_idle()
    assert load_prefs(window.settings) == before == DEFAULTS
    assert window.theme.mode == "system"
    with store.reading() as session:
        assert cadence.tier_settings(session) == tiers_before


def test_a_meeting_preset_chosen_appears_in_the_planner(qtbot, window, prefs_dialog, wait_idle):
    prefs_dialog.page(MeetingsPage).presets.setText("50 20, 20")
    _ok(qtbot, prefs_dialog, wait_idle)
    window.meetings.plan([])
    planner = window.meetings.plan_dialog
    assert [b.text() for b in planner.presets.buttons()] == ["20", "50"]
    planner.presets.button(50).click()
    assert planner.length.value() == 50
    planner.reject()


def test_a_new_warning_time_changes_when_the_timer_warns(
    qtbot, window, prefs_dialog, wait_idle, store, clock
):
    with store.transaction() as session:
        ann = contacts.create_contact(session, draft=ContactDraft(given_name="Ann"), clock=clock).id
    page = prefs_dialog.page(MeetingsPage)
    page.amber.setValue(20)
    page.red.setValue(8)
    page.wrap_up.setValue(4)
    _ok(qtbot, prefs_dialog, wait_idle)
    flow = window.meetings
    notified = []
    flow.notifier.notified.connect(lambda title, text, via: notified.append(title))
    flow.plan([ann])
    qtbot.mouseClick(flow.plan_dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.meeting_window is not None, timeout=5000)
    clock.advance(minutes=24)  # 21 minutes left of 45: calm still
    flow.session.tick()
    assert flow.meeting_window.phase == Phase.CALM and notified == []
    clock.advance(minutes=2)  # 19 left
    flow.session.tick()
    assert flow.meeting_window.phase == Phase.AMBER and notified == ["20 minutes left"]
    clock.advance(minutes=12)  # 7 left
    flow.session.tick()
    assert notified == ["20 minutes left", "8 minutes left"]
    # Changed again while it runs: the running meeting follows from now on.
    window.actions.preferences.trigger()
    again = window.preferences_dialog
    again.page(MeetingsPage).wrap_up.setValue(7)
    _ok(qtbot, again, wait_idle)
    flow.session.tick()
    assert notified[-1] == "Time to wrap up"
    assert "7 minutes left: capture the outcomes" in flow.meeting_window.banner.text()
    flow._close_meeting()


def test_bad_values_are_named_on_their_page_and_nothing_is_applied(
    qtbot, window, prefs_dialog, wait_idle
):
    prefs_dialog.page(GeneralPage).theme_buttons["dark"].setChecked(True)
    meetings_page = prefs_dialog.page(MeetingsPage)
    meetings_page.presets.setText("15, half an hour")
    _ok(qtbot, prefs_dialog, wait_idle)
    assert prefs_dialog.isVisible() and prefs_dialog.stack.currentIndex() == 2
    assert "“half”" in meetings_page.error.text()
    assert window.theme.mode == "system" and load_prefs(window.settings) == DEFAULTS
    meetings_page.presets.setText("15, 30")
    meetings_page.amber.setValue(5)
    meetings_page.red.setValue(9)
    _ok(qtbot, prefs_dialog, wait_idle)
    assert "second warning (9 min) must come after the first (5 min)" in meetings_page.error.text()
    assert meetings_page.presets.text() == "15, 30"  # what was typed stays


def test_a_refused_cadence_tier_keeps_the_dialog_open_and_applies_nothing(
    qtbot, window, prefs_dialog, wait_idle, store
):
    prefs_dialog.page(GeneralPage).theme_buttons["dark"].setChecked(True)
    page = prefs_dialog.page(ReachOutPage)
    row = next(iter(page.cadence.tier_rows.values()))
    row.target.setValue(40)
    row.most.setValue(10)
    _ok(qtbot, prefs_dialog, wait_idle)
    assert prefs_dialog.isVisible() and prefs_dialog.stack.currentIndex() == 1
    assert "cannot be shorter" in row.error.text()
    assert window.theme.mode == "system"
    row.most.setValue(60)
    _ok(qtbot, prefs_dialog, wait_idle)
    assert _closed(prefs_dialog) and window.theme.mode == "dark"
    with store.reading() as session:
        first = cadence.tier_settings(session)[0]
    assert (first.target_days, first.max_days) == (40, 60)


def test_backup_schedule_off_means_no_background_backup_and_weekly_waits_a_week(
    qtbot, window, prefs_dialog, wait_idle, ctx, paths, clock
):
    from prm.ui.app import backup_if_due

    page = prefs_dialog.page(BackupsPage)
    page.schedule.setCurrentIndex(page.schedule.findData("off"))
    _ok(qtbot, prefs_dialog, wait_idle)
    with qtbot.waitSignal(backup_if_due(ctx, window).finished, timeout=30_000) as off:
        pass
    assert off.args == [None, None] and backups.list_backups(paths.backup_dir) == []

    window.actions.preferences.trigger()
    page = window.preferences_dialog.page(BackupsPage)
    page.schedule.setCurrentIndex(page.schedule.findData("weekly"))
    _ok(qtbot, window.preferences_dialog, wait_idle)
    with qtbot.waitSignal(backup_if_due(ctx, window).finished, timeout=30_000) as made:
        pass
    assert made.args[0].kind == "daily"
    clock.advance(days=3)  # daily would back up again; weekly does not
    with qtbot.waitSignal(backup_if_due(ctx, window).finished, timeout=30_000) as later:
        pass
    assert later.args == [None, None]
    clock.advance(days=5)
    with qtbot.waitSignal(backup_if_due(ctx, window).finished, timeout=30_000) as week:
        pass
    assert week.args[0] is not None


def test_back_up_now_makes_a_checked_copy(qtbot, window, prefs_dialog, paths):
    page = prefs_dialog.page(BackupsPage)
    prefs_dialog.list.setCurrentRow(3)
    page.now_button.click()
    with qtbot.waitSignal(page.job.finished, timeout=30_000):
        pass
    assert page.result.text().startswith("Backed up and checked")
    [made] = backups.list_backups(paths.backup_dir)
    assert made.kind == "manual" and made.verified


def test_keep_n_days_of_daily_copies(paths, clock):
    from prm.core.backups import backups_to_keep

    found = [
        backups.BackupInfo(
            id=f"b{i}",
            path=paths.backup_dir / f"b{i}",
            kind="daily",
            created_at=clock.now() - timedelta(days=i),
            size=1,
            contacts=None,
            touches=None,
            revision=None,
            encrypted=None,
            verified=True,
        )  # fmt: skip
        for i in range(10)
    ]
    kept = backups_to_keep(found, keep_daily=3)
    # Three newest days, plus the weekly and monthly copies rotation always keeps.
    assert {"b0", "b1", "b2"} <= kept and "b3" not in kept


def test_presets_parse_and_name_what_is_wrong():
    assert parse_presets("45, 15 30") == (15, 30, 45)
    for text, named in (("", "at least one"), ("0", "“0”"), ("1,2,3,4,5,6,7", "At most 6")):
        with pytest.raises(ValueError, match=named):
            parse_presets(text)


def test_a_hand_edited_settings_file_falls_back_to_defaults(settings):
    for key, value in (
        ("meetings/warn_amber_minutes", "2"),  # earlier than the red warning: out of order
        ("meetings/presets", "soon"),
        ("backups/schedule", "hourly"),
        ("reach_out/weekly_capacity", "-4"),
        ("view/theme", "neon"),
    ):
        settings.setValue(key, value)
    prefs = load_prefs(settings)
    assert (prefs.amber_minutes, prefs.red_minutes) == (10, 5)
    assert prefs.meeting_presets == DEFAULTS.meeting_presets
    assert prefs.backup_schedule == "daily" and prefs.weekly_capacity == 1
    assert prefs.theme == "system"
