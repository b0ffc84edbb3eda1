"""The tray as a user meets it, driven through its seam (offscreen has no tray): the
count on the icon, the menu, notices once a day, closing to the tray or not."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from prm.core import contacts, touches
from prm.core.drafts import ContactDraft
from prm.core.notices import BIRTHDAY, Notice
from prm.core.touches import TouchDraft
from prm.ui.preferences.prefs import load_prefs, save_prefs
from prm.ui.tray import tray_model
from prm.ui.tray.tray import TrayController, install_tray
from prm.ui.tray.tray_model import NoticeMemory, badge_text, message_for, tooltip


@pytest.fixture(autouse=True)
def _no_real_icon(monkeypatch):
    """The controller believes a tray exists; the icon itself is a silent stand-in."""
    shown = []

    class FakeIcon(QIcon.__class__.__mro__[-1]):  # object
        def __init__(self, *_args):
            self.visible = False
            self.activated = _Sig()
            self.messageClicked = _Sig()

        def setContextMenu(self, menu):
            self.menu = menu

        def setIcon(self, icon):
            self.icon = icon

        def setToolTip(self, text):
            self.tip = text

        def show(self):
            self.visible = True

        def hide(self):
            self.visible = False

        def showMessage(self, title, text, *_args):
            shown.append((title, text))

    monkeypatch.setattr("prm.ui.tray.tray.QSystemTrayIcon", _Tray(FakeIcon))
    return shown


class _Sig:
    def __init__(self):
        self.slots = []

    def connect(self, slot):
        self.slots.append(slot)

    def emit(self, *args):
        for slot in self.slots:
            slot(*args)


class _Tray:
    """QSystemTrayIcon's names the controller uses, with a fake icon class."""

    def __init__(self, icon_class):
        from PySide6.QtWidgets import QSystemTrayIcon

        self._icon_class = icon_class
        self.ActivationReason = QSystemTrayIcon.ActivationReason
        self.MessageIcon = QSystemTrayIcon.MessageIcon

    def __call__(self, *args):
        return self._icon_class(*args)

    @staticmethod
    def isSystemTrayAvailable():
        return False


def _person(store, clock, name, **fields) -> int:
    with store.transaction() as session:
        draft = ContactDraft(given_name=name, family_name="Test", **fields)
        return contacts.create_contact(session, draft=draft, clock=clock).id


def _late(store, clock, name) -> int:
    who = _person(store, clock, name, cadence_tier_id=1)
    with store.transaction() as session:
        at = clock.now() - timedelta(days=30)
        touches.log_touch(session, draft=TouchDraft([who], "call", occurred_at=at), clock=clock)
    return who


def _set(window, **changes):
    save_prefs(window.settings, replace(load_prefs(window.settings), **changes))


def test_the_icon_counts_people_to_reach_out_this_week_up_to_the_capacity(
    qtbot, window, store, clock, wait_idle
):
    for name in ("Ann", "Bob", "Cy"):
        _late(store, clock, name)
    _set(window, weekly_capacity=2)
    tray = install_tray(window, available=True)
    qtbot.waitUntil(lambda: tray.count == 2)
    assert tray.icon.tip == "PRM — 2 people to reach out to this week"
    assert window.tray is tray
    # Capacity raised in Preferences (or in Reach out's own field): the icon follows.
    _set(window, weekly_capacity=10)
    tray.apply(load_prefs(window.settings))
    qtbot.waitUntil(lambda: tray.count == 3)
    assert tray.icon.tip.startswith("PRM — 3 people")
    # A write is heard on the change channel: the count follows.
    _late(store, clock, "Dee")
    qtbot.waitUntil(lambda: tray.count == 4, timeout=10_000)


def test_count_words_and_badge():
    assert tooltip(0) == "PRM — nobody to reach out to this week"
    assert tooltip(1) == "PRM — 1 person to reach out to this week"
    assert (badge_text(0), badge_text(7), badge_text(120)) == ("", "7", "99+")
    from prm.ui.common.icons import app_icon

    size = tray_model.ICON_SIZE
    for base in (app_icon(), QIcon()):
        image = tray_model.icon_with_count(base, 5).pixmap(size, size).toImage()
        badge = image.pixelColor(size - size // 4, size - size // 6)  # inside the red disc
        assert (badge.red(), badge.green()) > (150, 80) and badge.green() < 80


def test_the_menu_logs_meets_opens_reach_out_syncs_shows_and_quits(qtbot, window):
    tray = install_tray(window, available=True)
    assert [a.text() for a in tray.menu.actions() if not a.isSeparator()] == [
        "Log a touch…", "Start a meeting…", "Open Reach out", "Sync now", "Hide PRM", "Quit PRM",
    ]  # fmt: skip
    tray.menu_actions["reach_out"].trigger()
    assert window.sidebar.current_key() == "reach_out"
    tray.menu_actions["toggle"].trigger()
    assert not window.isVisible()
    tray.menu.aboutToShow.emit()
    assert tray.menu_actions["toggle"].text() == "Show PRM"
    tray.menu_actions["toggle"].trigger()
    assert window.isVisible()
    synced = []
    window.actions.sync_now.triggered.disconnect()
    window.actions.sync_now.triggered.connect(lambda: synced.append(1))
    tray.menu_actions["sync"].trigger()
    assert synced == [1]


def test_notices_show_once_a_day_and_clicking_opens_the_contact(
    qtbot, window, store, clock, _no_real_icon
):
    ann = _person(store, clock, "Ann", birthday="1990-03-15")  # the clock says 14 March
    tray = install_tray(window, available=True)
    qtbot.waitUntil(lambda: len(_no_real_icon) == 1)
    assert _no_real_icon == [
        ("Birthday tomorrow: Ann Test", "Ann Test's birthday is tomorrow (turns 36).")
    ]
    tray.check_notices()  # the half-hourly check: nothing new
    again = TrayController(window, available=True)  # a restart the same day: still nothing
    again.check_notices()
    qtbot.wait(300)
    window.tasks.run(lambda s: None)
    qtbot.waitUntil(lambda: not window.tasks.is_busy())
    assert len(_no_real_icon) == 1
    window.sidebar.select("reach_out")
    tray.icon.messageClicked.emit()
    assert window.sidebar.current_key() == "contacts"
    assert window.contacts_view.current_id() == ann


def test_notice_kinds_turned_off_are_not_told(qtbot, window, store, clock, _no_real_icon):
    _person(store, clock, "Ann", birthday="--03-15")
    _set(window, notify_birthday=False)
    tray = install_tray(window, available=True)
    tray.check_notices()
    window.tasks.run(lambda s: None)
    qtbot.waitUntil(lambda: not window.tasks.is_busy())
    qtbot.wait(100)
    assert _no_real_icon == []


def test_several_notices_are_told_in_one_message_that_opens_their_screen():
    found = [
        Notice(f"birthday:{i}:x", f"Birthday tomorrow: P{i}", "", i, BIRTHDAY) for i in range(6)
    ]
    message = message_for(found)
    assert message.title == "PRM: 6 reminders"
    assert message.text.splitlines()[-1] == "and 2 more"
    assert (message.contact_id, message.section) == (None, "upcoming")
    assert message_for([]) is None


def test_memory_forgets_yesterday(settings):
    from datetime import date

    memory = NoticeMemory(settings)
    notice = Notice("reply:1:2026-03-14", "t", "x", 1, "reply")
    memory.mark([notice], date(2026, 3, 14))
    assert memory.unseen([notice], date(2026, 3, 14)) == []
    assert memory.unseen([notice], date(2026, 3, 15)) == [notice]


def test_closing_hides_to_the_tray_when_chosen_and_quit_still_quits(qtbot, window, _no_real_icon):
    _set(window, close_to_tray=True)
    tray = install_tray(window, available=True)
    window.close()
    assert not window.isVisible() and tray.icon.visible
    assert _no_real_icon[-1][0] == "PRM is still running"  # said once
    window.show()
    window.close()
    assert [t for t, _ in _no_real_icon].count("PRM is still running") == 1
    window.show()
    window.actions.quit.trigger()  # File > Quit really closes
    assert tray.quitting and not window.isVisible()


def test_without_a_tray_closing_closes_and_nothing_is_shown(qtbot, window, _no_real_icon):
    _set(window, close_to_tray=True, start_in_tray=True)
    tray = install_tray(window, available=False)
    assert tray.icon is None and not tray.closes_to_tray and not tray.starts_hidden()
    tray.check_notices()
    assert window.close()
    assert _no_real_icon == []


def test_turning_the_tray_off_hides_the_icon_and_closing_closes(qtbot, window):
    _set(window, close_to_tray=True)
    tray = install_tray(window, available=True)
    tray.apply(replace(tray.prefs, tray_icon=False))
    assert not tray.icon.visible and not tray.closes_to_tray
    assert window.close()


def test_meeting_warnings_go_through_the_app_tray_when_wanted(qtbot, window):
    tray = install_tray(window, available=True)
    notifier = window.meetings.notifier
    assert notifier.app_tray() is tray.icon and notifier.tray_wanted()
    tray.apply(replace(tray.prefs, notify_meeting=False))
    assert not notifier.tray_wanted()
    QApplication.processEvents()


def test_start_in_the_tray_only_with_a_tray_to_come_back_from(settings, monkeypatch):
    from prm.ui import app
    from prm.ui.preferences.prefs import DEFAULTS

    assert not app._starts_in_tray(settings)  # not asked
    save_prefs(settings, replace(DEFAULTS, start_in_tray=True))
    assert not app._starts_in_tray(settings)  # asked, but this desktop has no tray
    monkeypatch.setattr(
        "prm.ui.tray.tray.QSystemTrayIcon.isSystemTrayAvailable", staticmethod(lambda: True)
    )
    assert app._starts_in_tray(settings)
    save_prefs(settings, replace(DEFAULTS, start_in_tray=True, tray_icon=False))
    assert not app._starts_in_tray(settings)  # the icon is off: nothing to come back from
