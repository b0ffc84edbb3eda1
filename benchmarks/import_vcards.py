"""vCard import, 10k cards end to end, against ``vobject.readComponents`` alone (budget: 1.5x).

End to end = read (``read_vcards``), plan (match + merge) and apply in one
transaction into a fresh store; then the same file again (every card matches,
nothing is written), which is what a weekly re-import of a phone export costs.

    python benchmarks/import_vcards.py [--cards 10000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import vobject

from prm.core.clock import FakeClock
from prm.core.paths import AppPaths
from prm.core.secrets import MemorySecretStore
from prm.core.store_open import open_store
from prm.core.vcard.apply import apply_import
from prm.core.vcard.importer import plan_import
from prm.core.vcard.read import read_vcards


def sample_file(cards: int) -> bytes:
    """Cards shaped like a phone's export: names, org, email, phone, address, tag, note, an X- line."""
    return "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:u-{i}\r\nN:Family{i};Given{i};;;\r\nFN:Given{i} Family{i}\r\n"
        f"ORG:Org {i % 300};Dept\r\nTITLE:Title {i % 50}\r\nEMAIL;TYPE=INTERNET;TYPE=WORK:p{i}@ex{i % 97}.example\r\n"
        f"TEL;TYPE=CELL:+1 415 555 {i % 10000:04d}\r\nADR;TYPE=WORK:;;{i} Main St;Springfield;IL;62701;USA\r\n"
        f"CATEGORIES:Tag{i % 20}\r\nNOTE:note {i}\r\nX-CUSTOM:value {i}\r\nEND:VCARD\r\n"
        for i in range(cards)
    ).encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=10_000)
    args = parser.parse_args()
    data = sample_file(args.cards)

    start = time.perf_counter()
    count = sum(1 for _ in vobject.readComponents(data.decode()))
    floor = time.perf_counter() - start
    print(f"vobject.readComponents, {count:,} cards: {floor:.2f} s (the floor)")

    clock = FakeClock(datetime(2026, 3, 14, tzinfo=UTC))
    store = open_store(AppPaths.for_dir(Path(tempfile.mkdtemp())), MemorySecretStore())
    try:
        for label in ("into an empty store", "the same file again"):
            start = time.perf_counter()
            with store.transaction() as session:
                plan = plan_import(session, read_vcards(data))
                result = apply_import(session, plan, clock=clock)
            took = time.perf_counter() - start
            print(
                f"import {label}: {took:.2f} s = {took / floor:.2f}x the floor "
                f"(created {len(result.created_ids):,}, updated {len(result.restores):,}, "
                f"unchanged {len(plan.unchanged):,})"
            )
    finally:
        store.close()


if __name__ == "__main__":
    main()
