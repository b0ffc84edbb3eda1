"""Two independent readers for every vCard PRM writes: vobject and ical.js.

ical.js (the parser inside Thunderbird and Nextcloud) runs under node from
tests/vcard_reader. The first test that needs it runs ``npm ci`` there when
ical.js is not installed yet (once, under a lock, as .ci/run also does), so the
README's test command works on a fresh machine. A test skips only when node
itself is missing; with node present and ical.js impossible to install, it
fails, so CI never passes without the second reader.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vobject
from filelock import FileLock

READER_DIR = Path(__file__).parent / "vcard_reader"
SCRIPT = READER_DIR / "parse.cjs"


def node() -> str | None:
    return shutil.which("node")


def icaljs_errors(files: list[tuple[str, bytes]]) -> str:
    """ical.js's complaints about the (name, content) files ("" when it reads them all)."""
    exe = node()
    if exe is None:
        pytest.skip("node is not installed: the second vCard reader (ical.js) cannot run")
    _install_icaljs()
    # Through stdin: a file name need not be UTF-8, and node's argv must be.
    payload = [{"name": name, "text": data.decode("utf-8")} for name, data in files]
    done = subprocess.run(
        [exe, str(SCRIPT)], input=json.dumps(payload), capture_output=True, text=True, timeout=300
    )
    return done.stderr.strip() if done.returncode else ""


def _install_icaljs() -> None:
    installed = READER_DIR / "node_modules" / "ical.js"
    if installed.is_dir():
        return
    with FileLock(READER_DIR / ".npm-ci.lock"):  # several pytest workers, one install
        if installed.is_dir():
            return
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail(
                "ical.js is missing and npm is not installed: run `npm ci` in tests/vcard_reader"
            )
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=READER_DIR,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode:
            pytest.fail(f"`npm ci` in tests/vcard_reader failed:\n{done.stderr[-2000:]}")


def vobject_errors(files: list[tuple[str, bytes]]) -> str:
    problems = []
    for name, data in files:
        try:
            for card in vobject.readComponents(data.decode("utf-8"), validate=True):
                card.serialize()  # the behaviours check (and re-encode) every value
        except Exception as exc:  # any failure is the finding
            problems.append(f"{name}: {type(exc).__name__}: {exc}")
    return "\n".join(problems)


def assert_both_read(paths: list[Path]) -> None:
    assert_contents_read([(str(p), p.read_bytes()) for p in paths if p.is_file()])


def assert_contents_read(files: list[tuple[str, bytes]]) -> None:
    if not files:
        return
    assert not (errors := vobject_errors(files)), errors
    assert not (errors := icaljs_errors(files)), errors


def icaljs_events(ics: bytes) -> list[dict]:
    """The events of an iCalendar file as ical.js (Thunderbird's parser) reads them:
    summary, location, start in UTC (through the file's own VTIMEZONEs), minutes."""
    exe = node()
    if exe is None:
        pytest.skip("node is not installed: ical.js cannot run")
    _install_icaljs()
    done = subprocess.run(
        [exe, str(READER_DIR / "read_events.cjs")],
        input=ics.decode("utf-8"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
