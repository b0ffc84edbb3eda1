"""Measure PRM against the speed budgets of shared/DESIGN.md §4.

    python benchmarks/run.py --contacts 100000

Prints a table; never fails on timing (a noisy machine is not a bug). Stores are
built once per size and cached in benchmarks/.data/.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from prm.core import (
    contacts,
    demo,
    duplicates,
    events,
    reach_out,
    reach_out_screen,
    review,
    timeline,
)
from prm.core.clock import FakeClock
from prm.core.paths import AppPaths
from prm.core.secrets import MemorySecretStore
from prm.core.store_header import PLAIN
from prm.core.store_open import NewStore, open_store

CLOCK = FakeClock(datetime(2026, 11, 1, tzinfo=UTC))
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


def timed(fn: Callable[[], object], repeat: int = 7) -> float:
    """Median milliseconds of ``repeat`` runs after one warm-up."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


HEAVY_CONTACT_TOUCHES = 1000


def build_store(size: int, touches: int, *, encrypted: bool) -> tuple[AppPaths, MemorySecretStore]:
    """A cached demo store; the encrypted one keeps its key in a file beside it
    (benchmarks only — the app itself keeps keys in the OS keyring)."""
    kind = "encrypted" if encrypted else "plain"
    paths = AppPaths.for_dir(HERE / ".data" / f"{kind}-{size}-{touches}")
    secrets = MemorySecretStore(available=encrypted)
    keyring_file = paths.data_dir / "benchmark-keyring.json"
    if encrypted and keyring_file.exists():
        for name, value in json.loads(keyring_file.read_text()).items():
            secrets.set(name, value)
    if not paths.database.exists():
        print(
            f"building a {kind} store with {size:,} contacts and {touches:,} touches (once)…",
            flush=True,
        )
        store = open_store(paths, secrets, new=None if encrypted else NewStore(PLAIN))
        demo.populate(store, contacts=size, touches=touches, seed=1, clock=CLOCK)
        _give_one_contact_a_long_history(store)
        if encrypted:
            keyring_file.write_text(json.dumps(secrets._values))
        store.close()
    return paths, secrets


def _give_one_contact_a_long_history(store) -> None:
    """Contact #1 gets 1,000 touches: the timeline budget is for such a contact."""
    from datetime import timedelta

    from prm.core.touches import TouchDraft, log_touch

    with store.transaction() as session:
        for i in range(HEAVY_CONTACT_TOUCHES):
            draft = TouchDraft([1], "email", occurred_at=CLOCK.now() - timedelta(days=i * 3 + 1))
            log_touch(session, draft=draft, clock=CLOCK)


def core_timings(paths: AppPaths, secrets: MemorySecretStore) -> dict[str, tuple[float, float]]:
    """(PRM ms, floor ms) for the list's first page and a search keystroke."""
    store = open_store(paths, secrets)
    results: dict[str, tuple[float, float]] = {}
    with store.reading() as session:
        raw = session.connection().exec_driver_sql

        def first_page() -> None:
            ids = contacts.list_contact_ids(session)
            contacts.contact_rows(session, ids=ids[:200])

        floor = timed(
            lambda: raw(
                "SELECT id, display_name FROM contact WHERE deleted_at IS NULL "
                "ORDER BY sort_name, id LIMIT 200"
            ).fetchall()
        )
        results["contact list: all ids + first page"] = (timed(first_page), floor)
        for typed in ("m", "ma", "mar", "mari", "maria", "maria s", "north", "client", "+44 20"):
            expression = contacts.search.match_expression(typed)
            prm = timed(lambda t=typed: contacts.list_contact_ids(session, query=t))
            floor = timed(
                lambda e=expression: raw(
                    "SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?", (e,)
                ).fetchall()
            )
            results[f"search keystroke {typed!r}"] = (prm, floor)
        now, zone = CLOCK.now(), UTC
        results["reach-out first page (50 rows)"] = (
            timed(lambda: reach_out.reach_out(session, now=now, zone=zone, limit=50)),
            timed(
                lambda: raw(
                    "SELECT id, last_touch_at FROM contact INDEXED BY ix_contact_last_touch_at"
                    " WHERE deleted_at IS NULL"
                    " ORDER BY last_touch_at LIMIT 50"
                ).fetchall()
            ),
        )
        results["reach-out badge count"] = (
            timed(lambda: reach_out.needing_attention(session, now=now, zone=zone)),
            float("nan"),
        )
        results["reach-out short list (15)"] = (
            timed(lambda: reach_out_screen.this_week(session, now=now, zone=zone, capacity=15)),
            float("nan"),
        )
        results["reach-out counts"] = (
            timed(lambda: reach_out_screen.this_week(session, now=now, zone=zone, capacity=None)),
            float("nan"),
        )
        results[f"timeline, contact with {HEAVY_CONTACT_TOUCHES:,}+ touches"] = (
            timed(lambda: timeline.contact_timeline(session, contact_id=1)),
            float("nan"),
        )
        results["weekly review"] = (
            timed(lambda: review.weekly_review(session, now=now, zone=zone), repeat=3),
            float("nan"),
        )
        for days in (7, 90):  # 7: the sidebar badge and the default view
            results[f"upcoming, next {days} days"] = (
                timed(lambda d=days: events.upcoming(session, today=now.date(), days=d), repeat=3),
                float("nan"),
            )
        results["page of 200 rows"] = (
            timed(lambda: contacts.contact_rows(session, ids=list(range(5000, 5200)))),
            float("nan"),
        )
        results["open one contact card"] = (
            timed(lambda: contacts.contact_card(session, contact_id=4242)),
            float("nan"),
        )
        # Budget 10 s (on the worker, with progress): blocking, never all pairs.
        results["find duplicates (every cluster)"] = (
            timed(lambda: duplicates.find_duplicates(session), repeat=1),
            float("nan"),
        )
    results["log a touch (commit)"] = (timed(lambda: _log_one(store), repeat=15), float("nan"))
    store.close()
    return results


def _log_one(store) -> None:
    from prm.core.touches import TouchDraft, log_touch

    with store.transaction() as session:
        log_touch(session, draft=TouchDraft([4242], "call", summary="benchmark"), clock=CLOCK)


def cold_start(paths: AppPaths, runs: int) -> tuple[float, float, float]:
    """Median seconds to a usable window for PRM and for the floor, and PRM's peak RSS (MB)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PRM_EXIT_AFTER_SHOW="1")
    # An installed app has its bytecode compiled; without a cache every start
    # would recompile PRM (this machine sets PYTHONDONTWRITEBYTECODE).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(HERE / ".data" / "pycache")
    app_cmd = [sys.executable, "-m", "prm", "--data-dir", str(paths.data_dir)]
    floor_cmd = [sys.executable, "-c", FLOOR_WINDOW]

    ready_file = HERE / ".data" / "ready.txt"
    env["PRM_READY_FILE"] = str(ready_file)

    def wall(cmd: list[str]) -> float:
        """Seconds from launching the process to the window being usable."""
        ready_file.unlink(missing_ok=True)
        start = time.time()
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        return float(ready_file.read_text()) - start

    wall(app_cmd), wall(floor_cmd)  # warm the file cache
    app = statistics.median(wall(app_cmd) for _ in range(runs))
    floor = statistics.median(wall(floor_cmd) for _ in range(runs))
    probe = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, *app_cmd],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    peak_mb = int(probe.stdout.strip().splitlines()[-1]) / 1024
    return app, floor, peak_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--touches", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5, help="cold starts to take the median of")
    parser.add_argument("--skip-gui", action="store_true")
    parser.add_argument("--gui-only", action="store_true", help="only cold start and memory")
    args = parser.parse_args()

    plain, plain_secrets = build_store(args.contacts, args.touches, encrypted=False)
    encrypted, enc_secrets = build_store(args.contacts, args.touches, encrypted=True)
    print(
        f"\nPRM benchmarks at {args.contacts:,} contacts, {args.touches:,} touches"
        " (median ms; floor = the raw query alone)\n"
    )
    if not args.gui_only:
        print(f"{'measure':44} {'plain':>9} {'SQLCipher':>10} {'floor':>8}")
        enc = core_timings(encrypted, enc_secrets)
        for name, (prm_ms, floor_ms) in core_timings(plain, plain_secrets).items():
            print(f"{name:44} {prm_ms:9.1f} {enc[name][0]:10.1f} {floor_ms:8.1f}")
    if not args.skip_gui:
        # The GUI opens the store through the OS keyring; on a machine without
        # one (CI, servers) that is the plain store.
        app, floor, peak = cold_start(plain, args.runs)
        print(
            f"\ncold start to usable window: {app:.2f} s vs floor {floor:.2f} s "
            f"= {app / floor:.2f}x (budget 1.5x)"
        )
        print(f"peak memory, list open: {peak:.0f} MB (budget 300 MB)")


if __name__ == "__main__":
    main()
