"""resources/screenshots/make_screenshots.py keeps working: one view, one theme, offscreen."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from PySide6.QtGui import QImage

from prm.ui.window_state import DEFAULT_SIZE

SCRIPT = Path(__file__).resolve().parents[2] / "resources" / "screenshots" / "make_screenshots.py"


def _script():
    spec = importlib.util.spec_from_file_location("make_screenshots", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readme_screenshot_of_reach_out_shows_the_sample_people(qapp, tmp_path):
    script = _script()

    (written,) = script.make(tmp_path, ["reach_out"], themes=("light",))

    assert written == tmp_path / "reach-out-light.png"
    image = QImage(str(written))
    assert (image.width(), image.height()) == DEFAULT_SIZE  # the window at its default size
    # Not a blank frame: the list's rows give the picture many distinct colours.
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 20


def test_every_screenshot_the_readme_shows_is_one_the_script_makes():
    script = _script()
    readme = (SCRIPT.parents[2] / "README.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"resources/screenshots/([\w-]+)\.png", readme))
    made = {f"{shot.replace('_', '-')}-{theme}" for shot in script.SHOTS for theme in script.THEMES}
    assert {"contacts-light", "reach-out-light", "meeting-light", "advocates-light"} <= shown
    assert shown <= made
    for name in shown:
        assert (SCRIPT.parent / f"{name}.png").exists(), name
