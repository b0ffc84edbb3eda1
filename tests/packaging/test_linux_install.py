"""The Linux tarball as a user gets it: unpack, install.sh, the menu entry, the installed
app's --self-test, reinstall, uninstall — into a temporary HOME.

Needs the built app (``pyinstaller --noconfirm build_app.spec``); `.ci/run` builds it
after the suite and then runs ``pytest -m built_app``. Without a build, these skip.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from prm import APP_ID, APP_NAME, __version__

ROOT = Path(__file__).resolve().parents[2]
BUILT = ROOT / "dist" / APP_NAME / APP_NAME
TARBALL = ROOT / "dist" / f"{APP_NAME}-{__version__}-linux-{os.uname().machine}.tar.gz"

pytestmark = [
    pytest.mark.built_app,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux tarball"),
    pytest.mark.skipif(
        not BUILT.exists(), reason="no build in dist/PRM (pyinstaller build_app.spec)"
    ),
]


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> Path:
    if not TARBALL.exists() or TARBALL.stat().st_mtime < BUILT.stat().st_mtime:
        subprocess.run(["sh", str(ROOT / "resources/linux/make_tarball.sh")], check=True)
    folder = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(TARBALL) as tar:
        # Debian 12's Python 3.11.2 may predate extraction filters (3.11.4).
        safe = {"filter": "tar"} if hasattr(tarfile, "tar_filter") else {}
        tar.extractall(folder, **safe)
    (top,) = folder.iterdir()
    assert top.name == TARBALL.name.removesuffix(".tar.gz")
    assert {p.name for p in top.iterdir()} == {"PRM", "install.sh", "README.txt"}
    return top


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    for name in ("XDG_DATA_HOME", "PRM_INSTALL_DIR", "PRM_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    return home


def _run(*args: str | Path) -> str:
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def _entry(home: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(home / ".local/share/applications" / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_install_puts_prm_in_the_menu_and_the_installed_app_passes_its_self_test(unpacked, home):
    out = _run(unpacked / "install.sh")
    assert f"PRM {__version__} is installed" in out

    installed = home / ".local/opt/prm" / APP_NAME
    desktop = home / ".local/share/applications" / f"{APP_ID}.desktop"
    if shutil.which("desktop-file-validate"):
        _run("desktop-file-validate", desktop)
    entry = _entry(home)
    assert entry["Exec"] == f'"{installed}"'
    assert entry["Icon"] == APP_ID
    assert "Office" in entry["Categories"].split(";")
    # X11 groups the window with its entry by WM_CLASS, whose class is the app's name.
    assert entry["StartupWMClass"] == APP_NAME
    assert (home / ".local/share/icons/hicolor/256x256/apps/prm.png").exists()
    assert (home / ".local/share/icons/hicolor/scalable/apps/prm.svg").exists()

    command = home / ".local/bin/prm"
    assert command.resolve() == installed.resolve()
    report = _run(command, "--self-test")
    assert report.strip().endswith("OK"), report
    assert "database: OK (SQLCipher" in report
    assert _run(command, "--version").strip() == f"{APP_NAME} {__version__}"


def test_reinstall_replaces_and_uninstall_removes_everything_but_the_data(unpacked, home):
    _run(unpacked / "install.sh")
    _run(unpacked / "install.sh")  # an upgrade: the same command again
    data = home / ".local/share/PRM"
    data.mkdir(parents=True)
    (data / "prm.db").write_bytes(b"the user's contacts")

    out = _run(unpacked / "install.sh", "--uninstall")

    assert str(data) in out
    assert not (home / ".local/opt/prm").exists()
    assert not (home / ".local/bin/prm").exists()
    assert not (home / ".local/share/applications" / f"{APP_ID}.desktop").exists()
    assert not (home / ".local/share/icons/hicolor/256x256/apps/prm.png").exists()
    assert (data / "prm.db").read_bytes() == b"the user's contacts"


def test_install_respects_xdg_data_home_and_a_chosen_folder(unpacked, home, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg"))
    monkeypatch.setenv("PRM_INSTALL_DIR", str(home / "apps/prm"))
    _run(unpacked / "install.sh")
    assert (home / "apps/prm" / APP_NAME).exists()
    assert (home / "xdg/applications" / f"{APP_ID}.desktop").exists()
    _run(unpacked / "install.sh", "--uninstall")
    assert not (home / "apps/prm").exists()
    assert not (home / "xdg/applications" / f"{APP_ID}.desktop").exists()
