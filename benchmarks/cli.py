"""``python -m benchmarks``: every speed budget of shared/DESIGN.md §4, each
figure with its floor from the same run, plain and SQLCipher, at one or more
store sizes. Never fails on timing (a noisy machine is not a bug)."""

from __future__ import annotations

import argparse
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import report as r

QUICK_SIZE = 10_000
DEFAULT_SIZE = 100_000
COLD_START = "cold start to usable window"
MEMORY = "peak memory, list open"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Every speed budget of DESIGN.md §4, each figure with its floor and ratio,"
        " plain and SQLCipher.",
    )
    parser.add_argument(
        "--sizes",
        type=_sizes,
        metavar="N,N",
        help="contacts per store, comma-separated (default 100000; 1000000 is opt-in)",
    )
    parser.add_argument(
        "--quick", action="store_true", help=f"{QUICK_SIZE:,} contacts, fewer repeats (< 2 min)"
    )
    parser.add_argument(
        "--touches-per-contact",
        type=int,
        default=10,
        metavar="N",
        help="touches = contacts x this (10)",
    )
    parser.add_argument(
        "--runs", type=int, metavar="N", help="cold starts to take the median of (5; quick 3)"
    )
    parser.add_argument("--skip-gui", action="store_true", help="no cold start or memory")
    parser.add_argument(
        "--only-cold-start", action="store_true", help="only the cold starts and memory"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    args = parser.parse_args(argv)
    if args.sizes is None:
        args.sizes = [QUICK_SIZE] if args.quick else [DEFAULT_SIZE]
    if args.only_cold_start and args.skip_gui:
        parser.error("--only-cold-start measures the GUI: drop --skip-gui")
    if args.runs is None:
        args.runs = 3 if args.quick else 5
    return args


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    if not sizes or sizes[0] <= 0:
        raise argparse.ArgumentTypeError("sizes must be positive")
    return sizes


def collect(args: argparse.Namespace) -> tuple[list[r.Row], dict[int, int]]:
    """Build (or reuse) the stores and measure every row at every size."""
    from benchmarks.cold_start import cold_start
    from benchmarks.stores import build_store
    from benchmarks.timings import core_timings
    from prm.core.store_open import open_store

    rows: dict[str, r.Row] = {}
    touches = {size: size * args.touches_per_contact for size in args.sizes}
    if not args.skip_gui:
        rows[COLD_START] = r.Row(
            COLD_START,
            "s",
            r.COLD_START,
            "python + PySide6.QtWidgets + sqlmodel + an empty QMainWindow shown",
        )
    for size in args.sizes:
        for variant, encrypted in (("plain", False), ("sqlcipher", True)):
            paths, secrets = build_store(size, touches[size], encrypted=encrypted)
            if args.only_cold_start:
                continue
            print(f"measuring {variant} at {size:,} contacts…", file=sys.stderr, flush=True)
            store = open_store(paths, secrets)
            try:
                for name, (budget, floor_is, fig) in core_timings(store, args.quick).items():
                    rows.setdefault(name, r.Row(name, "ms", budget, floor_is)).put(
                        size, variant, fig
                    )
            finally:
                store.close()
        if not args.skip_gui:
            print(f"cold starts at {size:,} contacts…", file=sys.stderr, flush=True)
            for variant, encrypted in (("plain", False), ("sqlcipher", True)):
                paths, _ = build_store(size, touches[size], encrypted=encrypted)
                # The app reads the encrypted store's key through ``keyring``, here
                # from the benchmark keyring file rather than the OS keyring.
                keys = paths.data_dir / "benchmark-keyring.json" if encrypted else None
                app, floor, app_mb, floor_mb = cold_start(paths.data_dir, args.runs, keys)
                rows[COLD_START].put(size, variant, r.Figure(app, floor))
                rows.setdefault(
                    MEMORY, r.Row(MEMORY, "MB", r.MEMORY, "peak RSS of the empty-window floor")
                ).put(size, variant, r.Figure(app_mb, floor_mb))
    order = [COLD_START] + [n for n in rows if n not in (COLD_START, MEMORY)] + [MEMORY]
    return [rows[n] for n in order if n in rows], touches


def render(rows: list[r.Row], sizes: list[int], touches: dict[int, int]) -> str:
    parts = [r.size_table(rows, size, touches[size]) for size in sizes]
    if len(sizes) > 1:
        parts.append(r.scaling_table(rows, sizes))
    parts.append(r.summary(rows, sizes))
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    rows, touches = collect(args)
    print()
    print(render(rows, args.sizes, touches))
    if args.json:
        meta = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": platform.platform(),
            "python": platform.python_version(),
            "quick": args.quick,
        }
        args.json.write_text(r.as_json(rows, args.sizes, touches, meta) + "\n")
        print(f"\nwrote {args.json}")
