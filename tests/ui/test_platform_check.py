"""A minimal Linux without a screen or Qt's libraries gets PRM's own message, not Qt's."""

from __future__ import annotations

import os
import subprocess
import sys

from prm.ui.platform_check import platform_problem


def test_no_display_is_named():
    problem = platform_problem({}, platform="linux")
    assert "no display is set" in problem and "prm --help" in problem


def test_missing_libraries_are_named_with_the_install_command():
    env = {"DISPLAY": ":0"}
    problem = platform_problem(env, platform="linux", missing=["libxcb-cursor0", "libxcb-icccm4"])
    assert "libxcb-cursor0, libxcb-icccm4" in problem
    assert "apt-get install libxcb-cursor0 libxcb-icccm4" in problem


def test_nothing_to_say_when_all_is_there_or_headless_or_not_linux():
    assert platform_problem({"DISPLAY": ":0"}, platform="linux", missing=[]) is None
    assert platform_problem({"QT_QPA_PLATFORM": "offscreen"}, platform="linux") is None
    assert platform_problem({"WAYLAND_DISPLAY": "wayland-0"}, platform="linux") is None
    assert platform_problem({}, platform="darwin") is None


def test_the_app_exits_with_the_message_and_code_2(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "xcb"
    done = subprocess.run(
        [sys.executable, "-m", "prm", "--data-dir", str(tmp_path / "d")],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == 2
    assert "no display is set" in done.stderr and "Reinstalling" not in done.stderr
