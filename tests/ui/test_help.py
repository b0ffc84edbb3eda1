"""The Help menu: keyboard shortcuts read from the window, About, getting started."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence

from prm import __version__
from prm.ui.help.getting_started import EMPTY
from prm.ui.help.shortcuts_dialog import window_shortcuts
from prm.ui.window_shell import GETTING_STARTED_KEY


def _shown_dialog(qtbot, window):
    qtbot.waitUntil(lambda: window.shell.dialog is not None and window.shell.dialog.isVisible())
    return window.shell.dialog


def test_f1_lists_every_shortcut_the_window_has(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = _shown_dialog(qtbot, window)
    names = dialog.visible_names()
    every = {
        id(a): a
        for a in window.findChildren(QAction)
        if any(not k.isEmpty() for k in a.shortcuts())
    }
    assert len(names) == len(every)
    for expected in ("Log a touch", "Undo", "Keyboard shortcuts", "Record a referral"):
        assert expected in names
    row = next(s for s in dialog.shortcuts if s.name == "Log a touch")
    assert row.keys == QKeySequence("Ctrl+L").toString(QKeySequence.SequenceFormat.NativeText)
    assert row.where == "Edit"
    referral = next(s for s in dialog.shortcuts if s.name == "Record a referral")
    assert referral.where == "Edit › Advocacy"
    dialog.reject()


def test_a_new_action_with_a_shortcut_appears_and_the_filter_finds_it(qtbot, window):
    action = QAction("Frobnicate the widgets…", window)
    action.setShortcut(QKeySequence("Ctrl+Alt+F"))
    window.addAction(action)
    assert "Frobnicate the widgets" in [s.name for s in window_shortcuts(window)]
    window.shell.shortcuts.trigger()
    dialog = _shown_dialog(qtbot, window)
    qtbot.keyClicks(dialog.filter, "frob")
    assert dialog.visible_names() == ["Frobnicate the widgets"]
    dialog.filter.setText("ctrl+l")
    assert "Log a touch" in dialog.visible_names()
    dialog.reject()


def test_ctrl_slash_opens_it_too(window):
    keys = [k.toString() for k in window.shell.shortcuts.shortcuts()]
    assert keys == ["F1", "Ctrl+/"]


def test_about_shows_the_version_and_the_data_folder(qtbot, window, paths, monkeypatch):
    opened = []
    from prm.ui.help.about_dialog import AboutDialog

    monkeypatch.setattr(AboutDialog, "open_url", staticmethod(opened.append))
    window.shell.about.trigger()
    dialog = _shown_dialog(qtbot, window)
    assert __version__ in dialog.text and str(paths.data_dir) in dialog.text
    assert "Licence" in dialog.text and "Qt " in dialog.text and "Python " in dialog.text
    qtbot.mouseClick(dialog.open_folder, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in opened] == [str(paths.data_dir)]
    qtbot.mouseClick(dialog.copy, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == dialog.text
    dialog.reject()


def test_getting_started_is_offered_once_to_a_new_user(qtbot, window, settings):
    window.shell.offer_first_run()
    dialog = _shown_dialog(qtbot, window)
    assert dialog.windowTitle() == "Getting started with PRM"
    with qtbot.waitSignal(dialog.answered) as answered:
        qtbot.mouseClick(dialog.empty, Qt.MouseButton.LeftButton)
    assert answered.args == [EMPTY]
    assert settings.value(GETTING_STARTED_KEY) == "true"
    qtbot.waitUntil(lambda: window.shell.dialog is None)
    window.shell.offer_first_run()  # answered: never again at start
    assert window.shell.dialog is None
    window.shell.getting_started.trigger()  # but always from Help
    _shown_dialog(qtbot, window).reject()


def test_getting_started_answers_do_what_they_say(qtbot, window, monkeypatch):
    calls = []
    monkeypatch.setattr(window, "open_sample_data", lambda: calls.append("sample"))
    monkeypatch.setattr(window.importing, "choose_files", lambda: calls.append("import"))
    for button in ("sample", "import_"):
        window.shell.getting_started.trigger()
        dialog = _shown_dialog(qtbot, window)
        qtbot.mouseClick(getattr(dialog, button), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.shell.dialog is None)
    assert calls == ["sample", "import"]


def test_a_store_with_contacts_is_not_offered_getting_started(qtbot, store, clock, make_window):
    from prm.core import contacts
    from prm.core.drafts import ContactDraft

    with store.transaction() as s:
        contacts.create_contact(s, draft=ContactDraft(given_name="Ada"), clock=clock)
    window = make_window()
    window.shell.offer_first_run()
    assert window.shell.dialog is None
