"""Bugs reach a dialog with the traceback and the log's whereabouts; known errors read kindly."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from prm.core.errors import KnownError
from prm.ui.common.errors import ExceptHook, ExceptionDialog, known_error_box


def test_known_error_box_says_what_and_what_to_do(qtbot):
    box = known_error_box(None, KnownError("The disk is full.", hint="Free some space."))
    qtbot.addWidget(box)
    assert box.text() == "The disk is full."
    assert box.informativeText() == "Free some space."


def test_exception_dialog_shows_the_traceback_and_the_log(qtbot, tmp_path):
    dialog = ExceptionDialog("Traceback ... ZeroDivisionError", tmp_path / "prm.log")
    qtbot.addWidget(dialog)
    assert "ZeroDivisionError" in dialog.details.toPlainText()
    text = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "bug in PRM" in text
    assert str(tmp_path / "prm.log") in text


def test_excepthook_logs_and_shows_one_dialog(qtbot, tmp_path, monkeypatch, caplog):
    shown = []
    monkeypatch.setattr(
        ExceptionDialog, "exec", lambda self: shown.append(self.details.toPlainText()) or 0
    )
    hook = ExceptHook(tmp_path / "prm.log")
    try:
        raise ZeroDivisionError("boom")
    except ZeroDivisionError as exc:
        hook(type(exc), exc, exc.__traceback__)
    assert len(shown) == 1 and "ZeroDivisionError: boom" in shown[0]
    assert "uncaught exception" in caplog.text
