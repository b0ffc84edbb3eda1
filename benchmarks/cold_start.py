"""Cold start to a usable window and peak memory, each against its floor: python
importing PySide6.QtWidgets + sqlmodel and showing an empty QMainWindow."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import bench_keyring
from benchmarks.stores import DATA

FLOOR_WINDOW = """
import os, sys, time
from PySide6.QtWidgets import QApplication, QMainWindow
import sqlmodel
app = QApplication(sys.argv)
w = QMainWindow(); w.resize(1100, 700); w.show(); w.repaint()
open(os.environ["PRM_READY_FILE"], "w").write(repr(time.time()))
from PySide6.QtCore import QTimer
QTimer.singleShot(0, app.quit)
app.exec()
"""
MEMORY_PROBE = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PRM_EXIT_AFTER_SHOW="1")
    # An installed app has its bytecode compiled; without a cache every start
    # would recompile PRM (this machine sets PYTHONDONTWRITEBYTECODE).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(DATA / "pycache")
    env["PRM_READY_FILE"] = str(DATA / "ready.txt")
    return env


def cold_start(
    data_dir, runs: int, keyring_file: Path | None = None
) -> tuple[float, float, float, float]:
    """(PRM s, floor s, PRM peak MB, floor peak MB): medians of ``runs`` starts.

    ``keyring_file``: an encrypted store's benchmark-keyring.json; the app reads its
    key through ``keyring`` as from the OS keyring (``benchmarks.bench_keyring``)."""
    env = _env()
    if keyring_file is not None:
        env.update(bench_keyring.env_for(keyring_file))
    ready = DATA / "ready.txt"
    app_cmd = [sys.executable, "-m", "prm", "--data-dir", str(data_dir)]
    floor_cmd = [sys.executable, "-c", FLOOR_WINDOW]

    def wall(cmd: list[str]) -> float:
        ready.unlink(missing_ok=True)
        start = time.time()
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        return float(ready.read_text()) - start

    def peak(cmd: list[str]) -> float:
        probe = subprocess.run(
            [sys.executable, "-c", MEMORY_PROBE, *cmd],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        return int(probe.stdout.strip().splitlines()[-1]) / 1024

    wall(app_cmd), wall(floor_cmd)  # warm the file cache
    # Interleaved, so a burst of load elsewhere on the machine falls on both alike.
    apps, floors = [], []
    for _ in range(runs):
        apps.append(wall(app_cmd))
        floors.append(wall(floor_cmd))
    return statistics.median(apps), statistics.median(floors), peak(app_cmd), peak(floor_cmd)
