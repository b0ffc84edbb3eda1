"""Two independent readers for every vCard PRM writes: vobject and ical.js.

ical.js (the parser inside Thunderbird and Nextcloud) runs under node from
tests/vcard_reader (``npm ci`` there; .ci/run does it). A test that needs it
skips only when node itself is missing; with node present and ical.js not
installed, it fails, so CI never passes without the second reader.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vobject

READER_DIR = Path(__file__).parent / "vcard_reader"
SCRIPT = READER_DIR / "parse.cjs"


def node() -> str | None:
    return shutil.which("node")


def icaljs_errors(paths: list[Path]) -> str:
    """ical.js's complaints about the files ("" when it reads them all)."""
    exe = node()
    if exe is None:
        pytest.skip("node is not installed: the second vCard reader (ical.js) cannot run")
    if not (READER_DIR / "node_modules" / "ical.js").is_dir():
        pytest.fail("ical.js is missing: run `npm ci` in tests/vcard_reader")
    # Through stdin: a file name need not be UTF-8, and node's argv must be.
    files = [{"name": str(p), "text": p.read_bytes().decode("utf-8")} for p in paths]
    done = subprocess.run(
        [exe, str(SCRIPT)], input=json.dumps(files), capture_output=True, text=True, timeout=120
    )
    return done.stderr.strip() if done.returncode else ""


def vobject_errors(paths: list[Path]) -> str:
    problems = []
    for path in paths:
        try:
            cards = list(vobject.readComponents(path.read_text("utf-8"), validate=True))
            for card in cards:
                card.serialize()  # the behaviours check (and re-encode) every value
        except Exception as exc:  # any failure is the finding
            problems.append(f"{path}: {type(exc).__name__}: {exc}")
    return "\n".join(problems)


def assert_both_read(paths: list[Path]) -> None:
    paths = [p for p in paths if p.is_file()]
    if not paths:
        return
    assert not (errors := vobject_errors(paths)), errors
    assert not (errors := icaljs_errors(paths)), errors
