"""Files the user names are read only when they are regular files of a sane size:
a FIFO, /dev/zero or a folder gets a clear message and exit 2, and never hangs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from prm.cli import import_cmd
from prm.core import infile
from prm.core.errors import KnownError

CARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cara Vee\r\nN:Vee;Cara;;;\r\nEND:VCARD\r\n"
needs_posix = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero are POSIX")


def run_cli(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess:
    """The real `prm`, in its own process: a hang is a timeout here, not a stuck suite."""
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        "PRM_PASSPHRASE": "test passphrase",
    }  # no keyring: a script's passphrase
    return subprocess.run(
        [sys.executable, "-m", "prm", "--data-dir", str(tmp_path / "data"), *argv],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
        env=env,
        cwd=tmp_path,
    )


@needs_posix
def test_import_of_dev_zero_is_refused_at_once(tmp_path):
    done = run_cli(tmp_path, "import", "/dev/zero")
    assert done.returncode == 2
    assert (
        "/dev/zero is a device, not a vCard file" in done.stderr and "Traceback" not in done.stderr
    )


@needs_posix
def test_import_of_a_fifo_does_not_wait_for_a_writer(tmp_path):
    fifo = tmp_path / "cards.vcf"
    os.mkfifo(fifo)
    done = run_cli(tmp_path, "import", str(fifo))  # nobody ever writes to it
    assert done.returncode == 2
    assert "is a pipe (FIFO), not a vCard file" in done.stderr


@needs_posix
def test_a_photo_from_dev_zero_or_a_fifo_is_refused(tmp_path):
    fifo = tmp_path / "face.jpg"
    os.mkfifo(fifo)
    (tmp_path / "zero.jpg").symlink_to("/dev/zero")
    for photo in (fifo, tmp_path / "zero.jpg"):
        done = run_cli(tmp_path, "contacts", "add", "--given", "Ann", "--photo", str(photo))
        assert done.returncode == 2, done.stderr
        assert "not a photo" in done.stderr and "Traceback" not in done.stderr


def test_import_of_a_folder_says_it_is_a_folder(prm, tmp_path):
    code, out, err = prm("import", str(tmp_path))
    assert code == 2 and out == ""
    assert f"{tmp_path} is a folder" in err


def test_import_of_a_file_over_the_limit_is_refused_before_reading(prm, tmp_path, monkeypatch):
    monkeypatch.setattr(import_cmd, "MAX_VCARD_BYTES", len(CARD) - 1)
    big = tmp_path / "big.vcf"
    big.write_bytes(CARD)
    code, _, err = prm("import", str(big))
    assert code == 2 and "is larger than" in err
    monkeypatch.setattr(import_cmd, "MAX_VCARD_BYTES", len(CARD))
    assert prm("import", str(big))[0] == 0  # exactly the limit is fine


def test_a_file_that_grows_while_read_stops_at_the_limit(tmp_path):
    path = tmp_path / "growing.vcf"
    path.write_bytes(CARD)
    with infile.open_input(path, limit=len(CARD) + 10, what="vCard file") as handle:
        path.write_bytes(CARD * 3)  # another program appends while PRM reads
        with pytest.raises(KnownError, match="grew while being read"):
            while handle.read(16):
                pass


def test_a_missing_file_and_a_too_long_name_are_clear(prm, tmp_path):
    code, _, err = prm("import", str(tmp_path / ("x" * 5000)))
    assert code == 2 and "file name is too long" in err and len(err) < 500


def test_a_name_no_file_can_have_is_refused(tmp_path):
    with pytest.raises(KnownError, match="is not a file name"):
        infile.open_input(tmp_path / "a\x00b.vcf", limit=100)
