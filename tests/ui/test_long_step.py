"""A step the user waits for before the window exists (an upgrade) runs on a worker
while a small window says what is happening; that window stays until it ends."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from prm.core.errors import KnownError
from prm.ui.store.long_step import LongStepDialog, run_showing_progress


def shown_dialogs() -> list[LongStepDialog]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, LongStepDialog) and w.isVisible()
    ]


def test_the_window_says_what_happens_and_stays_until_the_step_ends(qapp, qtbot):
    release = threading.Event()
    seen: dict[str, object] = {}

    def look_while_running() -> None:
        dialogs = shown_dialogs()
        seen["texts"] = [d.label.text() for d in dialogs]
        for dialog in dialogs:  # Esc and the close button do not dismiss it
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
            dialog.close()
        seen["after_escape"] = len(shown_dialogs())
        seen["worker"] = any(t.name == "prm-long-step" for t in threading.enumerate())
        release.set()

    def step() -> str:
        release.wait(10)
        return "upgraded"

    QTimer.singleShot(100, look_while_running)
    assert run_showing_progress("Upgrading your data…", step) == "upgraded"
    assert seen == {"texts": ["Upgrading your data…"], "after_escape": 1, "worker": True}
    qapp.processEvents()
    assert shown_dialogs() == []


def test_the_step_s_error_is_raised_to_the_caller(qapp):
    def step() -> None:
        raise KnownError("The disk holding the data is full.")

    with pytest.raises(KnownError, match="disk holding the data is full"):
        run_showing_progress("Upgrading your data…", step)
    qapp.processEvents()
    assert shown_dialogs() == []
