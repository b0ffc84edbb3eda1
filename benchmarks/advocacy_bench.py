"""Advocates speed: the value screen and the section's lists in <= 100 ms at 100k
contacts on SQLCipher (issue 18).

    python -m benchmarks.advocacy_bench [--store DIR] [--work DIR]

Copies a cached benchmark store (default: the encrypted 100k one) to ``--work``
(never opening the cache itself: the copy is what migrates), seeds the ledgers as
a busy consultant's would look (the demo's "Referred by" become ~15k referrals
of unknown day through the migration; plus outcomes, 600 dated referrals over two
years, introductions, advocacy entries and engagements), and prints the median of each read the Advocates section and
the card make. The same rows run in the main benchmark (``timings``, seeded by
``seed_ledgers`` when empty).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from benchmarks.stores import CLOCK, DATA, timed
from prm.core.advocacy import lists, owed, responsiveness, stored, value
from prm.core.models import db_timestamp, new_uid

BUDGET_MS = 100.0
SIGNALS, ENGAGEMENTS, INTRODUCTIONS, NEW_REFERRALS = 3000, 1500, 1000, 600
KINDS = ("testimonial", "reference_call", "case_study", "spoke_at_event", "favour", "introduced_me")
OUTCOMES = ("", "meeting", "proposal", "won", "nothing")


def seed_ledgers(store, seed: int = 18) -> None:
    """Outcomes on the referrals, and advocacy entries, engagements and introductions
    among the first 20k contacts (raw SQL: the rows, not the writers, are measured)."""
    rng = random.Random(seed)
    now = CLOCK.now()
    today = now.date()
    stamp = db_timestamp(now)
    with store.transaction() as session:
        conn = session.connection()
        if conn.exec_driver_sql("SELECT count(*) FROM engagement").scalar():
            return
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM contact ORDER BY id LIMIT 20000")]
        day = lambda: (today - timedelta(days=rng.randint(0, 2000))).isoformat()  # noqa: E731
        # The migrated "Referred by" keep their unknown day; outcomes are added.
        outcomes = [
            (rng.choice(OUTCOMES), rid)
            for (rid,) in conn.exec_driver_sql("SELECT id FROM referral").fetchall()
        ]
        if outcomes:  # (an empty list would bind nothing, not run nothing)
            conn.exec_driver_sql("UPDATE referral SET outcome = ? WHERE id = ?", outcomes)
        # New referrals with their day: a busy consultant's two years.
        recent = lambda: (today - timedelta(days=rng.randint(0, 730))).isoformat()  # noqa: E731
        rows = []
        for _ in range(NEW_REFERRALS):
            on, outcome = recent(), rng.choice(OUTCOMES)
            won_on = on if outcome == "won" else None
            rows.append((new_uid(), *rng.sample(ids, 2), on, outcome, won_on, stamp, stamp))
        conn.exec_driver_sql(
            "INSERT INTO referral (uid, referrer_id, referred_id, referred_on, date_known,"
            " for_what, outcome, outcome_on, value, currency, notes, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, 1, '', ?, ?, '', '', '', ?, ?)",
            rows,
        )
        conn.exec_driver_sql(
            "INSERT INTO advocacy_signal (uid, contact_id, kind, on_date, note, created_at)"
            " VALUES (?, ?, ?, ?, '', ?)",
            [(new_uid(), rng.choice(ids), rng.choice(KINDS), day(), stamp) for _ in range(SIGNALS)],
        )
        conn.exec_driver_sql(
            "INSERT INTO engagement (uid, contact_id, name, start_on, end_on, fees, currency,"
            " notes, created_at, updated_at) VALUES (?, ?, 'Project', ?, NULL, ?, 'EUR', '', ?, ?)",
            [
                (new_uid(), rng.choice(ids), day(), f"{rng.randint(1, 200) * 500}.00", stamp, stamp)
                for _ in range(ENGAGEMENTS)
            ],
        )
        conn.exec_driver_sql(
            "INSERT INTO introduction (uid, a_id, b_id, made_on, state, note, outcome,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, 'introduced', '', '', ?, ?)",
            [(new_uid(), *rng.sample(ids, 2), day(), stamp, stamp) for _ in range(INTRODUCTIONS)],
        )


def measures(now, zone) -> dict[str, object]:
    """name -> session -> result: what the section, the card and the CLI wait for."""
    today = now.astimezone(zone).date()
    return {
        "Advocates: every list (one pass)": lambda s: lists.advocates_lists(s, now=now, zone=zone),
        "value screen: ranked, first 100": lambda s: value.ranked(s, today=today, limit=100),
        "thank-yous owed (Reach out, review)": lambda s: owed.thank_yous_owed(
            s, now=now, zone=zone
        ),
        "reply times, overall": lambda s: responsiveness.reply_times(s),
        "one contact's value breakdown": lambda s: value.contact_value(
            s, contact_id=1, today=today
        ),
    }


def _open_copy(source: Path, work: Path):
    from prm.core.paths import AppPaths
    from prm.core.secrets import MemorySecretStore
    from prm.core.store_open import open_store

    work.mkdir(parents=True, exist_ok=True)
    for name in ("prm.sqlite3", "prm.store.json", "benchmark-keyring.json"):
        if not (work / name).exists() and (source / name).exists():
            shutil.copy2(source / name, work / name)
    secrets = MemorySecretStore(available=True)
    keyring = work / "benchmark-keyring.json"
    if keyring.exists():
        for name, secret in json.loads(keyring.read_text()).items():
            secrets.set(name, secret)
    return open_store(AppPaths.for_dir(work), secrets)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.advocacy_bench", description=__doc__
    )
    parser.add_argument("--store", type=Path, default=DATA / "encrypted-100000-1000000")
    parser.add_argument("--work", type=Path, default=Path("/tmp/advcore-bench/enc100k"))
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    if args.store.resolve() == args.work.resolve():
        parser.error("--work must be a copy, not the cached store itself")
    store = _open_copy(args.store, args.work)
    from datetime import UTC

    try:
        seed_ledgers(store)
        with store.transaction() as session:  # after the migration: the kept points, once
            stored.ensure_fresh(session)
        with store.reading() as session:
            conn = session.connection()
            counts = {
                t: conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar()
                for t in ("contact", "referral", "introduction", "advocacy_signal", "engagement")
            }
            print("rows: " + ", ".join(f"{t} {n:,}" for t, n in counts.items()))
            worst = 0.0
            for name, read in measures(CLOCK.now(), UTC).items():
                ms = timed(lambda read=read: read(session), repeat=args.repeat)
                worst = max(worst, ms)
                print(f"{ms:8.1f} ms  {name}")
        print(f"budget {BUDGET_MS:.0f} ms: {'met' if worst <= BUDGET_MS else 'MISSED'}")
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
