"""``prm --self-test`` names every missing piece in one run, and fails."""

from __future__ import annotations

from prm.core import self_checks
from prm.ui.store.self_test import self_test


def test_a_failing_check_is_named_and_the_others_still_run(monkeypatch, capsys, qapp):
    def check_lost_library() -> str:
        raise ModuleNotFoundError("No module named 'httpx'")

    monkeypatch.setattr(self_checks, "CHECKS", (check_lost_library, *self_checks.CHECKS[:1]))

    assert self_test() == 1

    out, err = capsys.readouterr()
    assert "check_lost_library: FAILED" in err and "No module named 'httpx'" in err
    assert "recurring events: OK" in out  # the check after it ran
    assert "database: OK" in out and "qt: OK" in out
    assert "\nOK\n" not in out  # the closing verdict is missing


def test_the_gazetteer_line_says_why_it_is_skipped_without_the_travel_module(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_travel(name, *args, **kwargs):
        if name.startswith("prm.core.travel"):
            raise ModuleNotFoundError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_travel)
    assert self_checks.check_gazetteer() == "gazetteer: skipped: no travel module"
