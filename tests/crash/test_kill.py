"""The short form of the kill test (``killer.py``): 32 SIGKILLs, four of each kind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

KILLER = Path(__file__).with_name("killer.py")


def test_no_acknowledged_write_is_lost_to_a_kill_at_a_random_moment(tmp_path):
    """About 60 s: 32 child processes killed mid-work, each store then checked."""
    result = subprocess.run(
        [sys.executable, str(KILLER), "--kills", "32", "--keep", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith(
        "32 kills (backup 4, capture 4, create 4, importer 4, migration 4, restore 4, sync 4,"
    )
    assert summary.endswith("none lost")
