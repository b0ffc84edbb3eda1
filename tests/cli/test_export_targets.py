"""Every export writes through a symlink and refuses FIFOs, devices and folders (issue 11).

Each command is run against the same odd targets: the user must see one clear
line and exit code 2, never a hang, a replaced link or a half-written file.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from prm.core import fsio

EXPORTS = {
    "vcard": ("export",),
    "ics": ("events", "ics"),
    "everything": ("export-all",),
}


@pytest.fixture(params=sorted(EXPORTS))
def export(request, prm):
    """``export(target) -> (code, out, err)`` for one export command, with a contact in the store."""
    assert prm("contacts", "add", "--given", "Ann", "--family", "Lee")[0] == 0
    command = EXPORTS[request.param]

    def run(target: Path) -> tuple[int, str, str]:
        return prm(*command, str(target))

    return run


@pytest.fixture
def no_hang():
    """Fail (instead of blocking the suite) if an export waits on a FIFO reader."""

    def timeout(*_args):
        raise TimeoutError("the export blocked")

    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_a_symlink_is_written_through_and_stays_a_link(export, tmp_path):
    real = tmp_path / "real" / "out.dat"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "link.dat"
    link.symlink_to(real)
    code, _, err = export(link)
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() not in (b"old", b"")


def test_a_fifo_is_refused_without_blocking(export, tmp_path, no_hang):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, out, err = export(fifo)
    assert code == 2 and out == ""
    assert f"prm: Cannot write {fifo}: it is not a regular file" in err, err
    assert fifo.exists() and not fifo.is_file()  # still the FIFO
    assert "Traceback" not in err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_character_device_is_refused(export):
    code, _, err = export(Path("/dev/full"))
    assert code == 2 and "Cannot write /dev/full: it is not a regular file" in err
    assert Path("/dev/full").is_char_device()


def test_a_folder_is_refused(export, tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    code, _, err = export(folder)
    assert code == 2 and str(folder) in err and "folder" in err
    assert folder.is_dir() and list(folder.iterdir()) == []


def test_a_failed_export_keeps_the_previous_file(export, tmp_path, monkeypatch):
    target = tmp_path / "out.dat"
    target.write_bytes(b"the previous export")

    def disk_full(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fsio.os, "fsync", disk_full)
    code, _, err = export(target)
    assert code == 2 and f"{target}" in err and "the disk is full" in err
    assert target.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "data") == ["out.dat"]
