"""Travel speed: a trip plan in <= 200 ms and "reach now" at 100k contacts on
SQLCipher (issue 19).

    python -m benchmarks.travel_bench [--store DIR]

Runs on a cached benchmark store (default: the encrypted 100k one in this
checkout's benchmarks/.data; opening it migrates it). A three-day trip to Berlin
(the demo puts ~3,100 people there and ~3,100 more in Germany at country level)
is added once. The same rows run in the main benchmark (``timings``).
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from benchmarks.stores import CLOCK, timed
from prm.core.travel.plan import plan_trip
from prm.core.travel.reach_now import reach_now
from prm.core.travel.trips import StopDraft, TripDraft, add_trip

TRIP_TITLE = "Benchmark trip"
PLAN = "trip plan: Berlin, 3 days, 50 km (rank + slots)"
REACH_NOW = "reach now: next 2 hours, first 200 (Tue 09:00 UTC: Europe open)"
REACH_NIGHT = "reach now: next 2 hours, first 200 (Tue 22:00 UTC: Asia opens)"
WEEKDAY = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)


def seed_trip(store) -> int:
    """The benchmark's trip (added once per store)."""
    with store.reading() as session:
        row = (
            session.connection()
            .exec_driver_sql("SELECT id FROM trip WHERE title = ?", (TRIP_TITLE,))
            .first()
        )
    if row:
        return row[0]
    draft = TripDraft(title=TRIP_TITLE, starts_on=date(2026, 11, 10), ends_on=date(2026, 11, 12),
                      stops=[StopDraft("Berlin")])  # fmt: skip
    with store.transaction() as session:
        return add_trip(session, draft, CLOCK)


def measures(trip_id: int):
    """name -> session -> result, in report order."""
    return {
        PLAN: lambda s: plan_trip(s, trip_id, clock=CLOCK),
        REACH_NOW: lambda s: reach_now(s, hours=2, now=WEEKDAY, limit=200),
        REACH_NIGHT: lambda s: reach_now(s, hours=2, now=WEEKDAY + timedelta(hours=13), limit=200),
    }


def main() -> None:
    from benchmarks.stores import build_store
    from prm.core.store_open import open_store

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a store folder (default: encrypted 100k)")
    args = parser.parse_args()
    if args.store:
        from benchmarks.stores import AppPaths, MemorySecretStore

        paths, secrets = AppPaths.for_dir(args.store), MemorySecretStore()
    else:
        paths, secrets = build_store(100_000, 1_000_000, encrypted=True)
    store = open_store(paths, secrets)
    try:
        trip_id = seed_trip(store)
        with store.reading() as session:
            plan = plan_trip(session, trip_id, clock=CLOCK)
            print(f"{len(plan.people)} people shown, {len(plan.country_level)} country-level")
            for name, fn in measures(trip_id).items():
                print(f"{timed(lambda fn=fn: fn(session)):8.1f} ms  {name}")
    finally:
        store.close()


if __name__ == "__main__":
    main()
