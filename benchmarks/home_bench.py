"""Home speed: its lists and its charts, each <= 100 ms at 100k contacts and 1M
touches on SQLCipher (issue 20). The same rows run in ``python -m benchmarks``.

    python -m benchmarks.home_bench [--store DIR] [--work DIR]

Copies a cached benchmark store (default: the encrypted 100k one) to ``--work``,
never opening the cache itself, and prints the median of each.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from benchmarks.advocacy_bench import _open_copy
from benchmarks.stores import CLOCK, DATA, timed
from benchmarks.timings import SHORT_LIST
from prm.core import home

BUDGET_MS = 100.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.home_bench", description=__doc__)
    parser.add_argument("--store", type=Path, default=DATA / "encrypted-100000-1000000")
    parser.add_argument("--work", type=Path, default=Path("/tmp/home-bench/enc100k"))
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    if args.store.resolve() == args.work.resolve():
        parser.error("--work must be a copy, not the cached store itself")
    store = _open_copy(args.store, args.work)
    now = CLOCK.now()
    reads = {
        "Home: every list's rows": lambda s: home.home_lists(
            s, now=now, zone=UTC, capacity=SHORT_LIST
        ),
        "Home: the totals (after the rows)": lambda s: home.count_lists(s, first, today=now.date()),
        "Home: the four charts": lambda s: home.home_charts(s, now=now, zone=UTC),
    }
    try:
        with store.reading() as session:
            first = home.home_lists(session, now=now, zone=UTC, capacity=SHORT_LIST)
            worst = 0.0
            for name, read in reads.items():
                ms = timed(lambda read=read: read(session), repeat=args.repeat)
                worst = max(worst, ms)
                print(f"{ms:8.1f} ms  {name}")
        print(f"budget {BUDGET_MS:.0f} ms each: {'met' if worst <= BUDGET_MS else 'MISSED'}")
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
