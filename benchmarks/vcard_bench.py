"""vCard speed and memory against vobject (shared/DESIGN.md §4), 10,000 cards.

    python benchmarks/vcard_bench.py [--cards 10000] [--corpus DIR]

- read: ``read_vcards`` against ``vobject.readComponents`` alone, on the
  corpus's ``huge-10000-cards-v3.vcf`` (15 KB photos, folded UTF-8) when it is
  there, and on a generated phone-style file;
- import end to end (read + plan + apply into a fresh store): budget 1.5x;
- export of 10,000 contacts from a store to one file against vobject
  serializing the same 10,000 cards: budget 1.0x;
- peak Python memory (tracemalloc) reading a ~50 MB file and exporting.

Prints ratios; never fails on timing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import vobject
from import_vcards import sample_file
from vcard_conformance import default_corpus

from prm.core.clock import FakeClock
from prm.core.paths import AppPaths
from prm.core.secrets import MemorySecretStore
from prm.core.store_open import open_store
from prm.core.vcard.read import read_vcards
from prm.core.vcard.write import export_vcards

CLOCK = FakeClock(datetime(2026, 3, 14, tzinfo=UTC))


def timed(work: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def peak_mb(work: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def bench_read(label: str, data: bytes) -> None:
    text = data.decode("utf-8")
    floor = timed(lambda: sum(1 for _ in vobject.readComponents(text, allowQP=True)), repeat=1)
    ours = timed(lambda: sum(1 for _ in read_vcards(data)))
    print(
        f"read {label}: vobject.readComponents {floor:.2f} s, read_vcards {ours:.2f} s "
        f"= {ours / floor:.2f}x"
    )


def bench_import_and_export(data: bytes, work_dir: Path) -> None:
    from prm.core.vcard.apply import apply_import  # the importer's end-to-end path
    from prm.core.vcard.importer import plan_import

    floor = timed(
        lambda: sum(1 for _ in vobject.readComponents(data.decode(), allowQP=True)), repeat=1
    )
    store = open_store(AppPaths.for_dir(work_dir / "store"), MemorySecretStore())
    try:
        start = time.perf_counter()
        with store.transaction() as session:
            apply_import(session, plan_import(session, read_vcards(data)), clock=CLOCK)
        took = time.perf_counter() - start
        print(
            f"import end to end: {took:.2f} s = {took / floor:.2f}x vobject.readComponents (budget 1.5x)"
        )

        out = work_dir / "export.vcf"

        def export() -> None:
            with store.reading() as session:
                export_vcards(session, out=out, clock=CLOCK)

        ours = timed(export)
        cards = list(vobject.readComponents(out.read_bytes().decode()))
        floor = timed(lambda: [c.serialize() for c in cards], repeat=1)
        print(
            f"export {len(cards):,} contacts: vobject serialize {floor:.2f} s, export_vcards {ours:.2f} s "
            f"= {ours / floor:.2f}x (budget 1.0x)"
        )
        print(f"peak memory, export: {peak_mb(export):.1f} MB")
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    args = parser.parse_args()
    generated = sample_file(args.cards)
    huge = args.corpus / "_synthetic" / "huge-10000-cards-v3.vcf"
    if huge.exists():
        bench_read("corpus huge-10000-cards-v3.vcf", huge.read_bytes())
    bench_read(f"generated {args.cards:,} cards", generated)
    with tempfile.TemporaryDirectory() as folder:
        work_dir = Path(folder)
        bench_import_and_export(generated, work_dir)
        big = work_dir / "big.vcf"
        with big.open("wb") as handle:
            while handle.tell() < 50_000_000:
                handle.write(generated)
        size = big.stat().st_size / 1e6

        def read_big() -> None:
            with big.open("rb") as handle:
                for _ in read_vcards(handle):
                    pass

        print(f"peak memory, reading a {size:.0f} MB file card by card: {peak_mb(read_big):.1f} MB")


if __name__ == "__main__":
    main()
