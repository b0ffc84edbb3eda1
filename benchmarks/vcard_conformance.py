"""Run PRM's vCard reader and writer over the shared corpus of real-world files.

    python benchmarks/vcard_conformance.py [CORPUS_DIR] [-v]

CORPUS_DIR defaults to $PRM_VCARD_CORPUS, else ../shared/vcard-corpus next to
the repository (or the nearest folder above it that has one). For each file of its MANIFEST.tsv:

- valid files: every card is read (as many as the manifest counts), stored,
  exported as 3.0 and 4.0 and read back with the same fields;
- quirky real-world exports: the same, except that a card PRM cannot hold
  (no name, organization or email; a contact group) may be reported instead;
- malformed files: never an exception; what was wrong is reported, as a card
  error or a warning (or the card is recovered whole).

Exits 1 when any file fails. Skips (exit 0) when the corpus is absent.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import tempfile
import traceback
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from vcard_roundtrip import round_trip_problems

from prm.core.clock import FakeClock
from prm.core.paths import AppPaths
from prm.core.secrets import MemorySecretStore
from prm.core.store_open import open_store
from prm.core.vcard.card import CardError, ParsedCard
from prm.core.vcard.read import read_vcards

CLOCK = FakeClock(datetime(2026, 3, 14, tzinfo=UTC))
# Cards PRM declines on purpose, with a message: these are "handled" in a valid file too.
DECLINED = ("contact group", "no name, organization or email")


def default_corpus() -> Path:
    """$PRM_VCARD_CORPUS, else the nearest ``shared/vcard-corpus`` above the repository."""
    if os.environ.get("PRM_VCARD_CORPUS"):
        return Path(os.environ["PRM_VCARD_CORPUS"])
    for folder in HERE.parent.parents:
        if (folder / "shared" / "vcard-corpus").is_dir():
            return folder / "shared" / "vcard-corpus"
    return HERE.parent.parent / "shared" / "vcard-corpus"


def check_file(path: Path, validity: str, expected_cards: int | None, session) -> tuple[str, str]:
    """(outcome, detail): outcome is ok, quirky, declined, reported, recovered or FAIL."""
    try:
        with path.open("rb") as handle:
            items = list(read_vcards(handle, name=path.name))
    except Exception:
        return "FAIL", "crashed: " + traceback.format_exc(limit=3).strip().splitlines()[-1]
    cards = [i for i in items if isinstance(i, ParsedCard)]
    errors = [i for i in items if isinstance(i, CardError)]
    malformed = "malformed" in validity
    problems = []
    # A round trip per card stores and exports it; in the 10,000-card file every
    # 50th card shows the same (benchmarks/vcard_bench.py times the whole file).
    for card in cards if len(cards) <= 500 else cards[::50]:
        try:
            problems += [
                f"card {card.position}: {p}" for p in round_trip_problems(session, card, CLOCK)
            ]
        except Exception as exc:
            problems.append(f"card {card.position}: round trip crashed: {exc!r}")
    if problems:
        return "FAIL", "; ".join(problems[:3])
    if malformed:
        said = errors or any(c.warnings for c in cards)
        return ("reported" if said else "recovered"), "; ".join(str(e) for e in errors[:2])
    declined = [e for e in errors if any(d in e.message for d in DECLINED)]
    if len(declined) != len(errors):
        return "FAIL", "; ".join(str(e) for e in errors if e not in declined)
    if expected_cards is not None and len(cards) + len(errors) != expected_cards:
        return (
            "FAIL",
            f"read {len(cards)} cards and {len(errors)} errors, the manifest says {expected_cards}",
        )
    if declined:
        return "declined", "; ".join(str(e) for e in declined[:2])
    return ("ok" if validity.endswith("valid") else "quirky"), ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=default_corpus())
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per file")
    args = parser.parse_args(argv)
    manifest = args.corpus / "MANIFEST.tsv"
    if not manifest.exists():
        print(f"vCard corpus not found at {args.corpus}; skipped.")
        return 0
    with manifest.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    tally: Counter[str] = Counter()
    failures = []
    with tempfile.TemporaryDirectory() as data_dir:
        store = open_store(AppPaths.for_dir(data_dir), MemorySecretStore())
        try:
            for row in rows:
                count = re.search(r"([\d,]+) card\(s\)", row["exercises"])
                expected = int(count.group(1).replace(",", "")) if count else None
                with store.transaction() as session:
                    outcome, detail = check_file(
                        args.corpus / row["path"], row["validity"], expected, session
                    )
                tally[outcome] += 1
                if outcome == "FAIL":
                    failures.append(f"{row['path']} ({row['validity']}): {detail}")
                if args.verbose:
                    print(f"{outcome:9} {row['path']}  {detail}"[:300])
        finally:
            store.close()
    print(f"\n{len(rows)} files")
    labels = {
        "ok": "valid, read and round-tripped",
        "quirky": "quirky real-world exports, read and round-tripped",
        "declined": "valid or quirky, but a card PRM cannot hold was reported (group / no name)",
        "reported": "malformed, reported clearly (card error or warning)",
        "recovered": "malformed, recovered whole without complaint",
        "FAIL": "failures",
    }
    for key, label in labels.items():
        print(f"  {tally[key]:4}  {label}")
    for failure in failures:
        print(f"  FAIL {failure}"[:600])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
