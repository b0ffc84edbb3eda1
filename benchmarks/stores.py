"""Benchmark stores: built once per size and cached in benchmarks/.data/.

The folder name ``{plain|encrypted}-{contacts}-{touches}`` is the cache key; the
encrypted store keeps its key in benchmark-keyring.json beside it (benchmarks
only — the app itself keeps keys in the OS keyring).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from prm.core import demo
from prm.core.clock import FakeClock
from prm.core.paths import AppPaths
from prm.core.secrets import MemorySecretStore
from prm.core.store_header import PLAIN
from prm.core.store_open import NewStore, open_store

CLOCK = FakeClock(datetime(2026, 11, 1, tzinfo=UTC))
HEAVY_CONTACT_TOUCHES = 1000  # contact #1: the timeline budget is for such a contact
TOUCHES_PER_CONTACT = 10  # 100k contacts -> 1M touches


def timed(fn: Callable[[], object], repeat: int = 7) -> float:
    """Median milliseconds of ``repeat`` runs after one warm-up."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def store_dir(size: int, touches: int, *, encrypted: bool) -> Path:
    kind = "encrypted" if encrypted else "plain"
    return DATA / f"{kind}-{size}-{touches}"


def build_store(size: int, touches: int, *, encrypted: bool) -> tuple[AppPaths, MemorySecretStore]:
    """A cached demo store (built the first time only)."""
    paths = AppPaths.for_dir(store_dir(size, touches, encrypted=encrypted))
    secrets = MemorySecretStore(available=encrypted)
    keyring_file = paths.data_dir / "benchmark-keyring.json"
    if encrypted and keyring_file.exists():
        for name, value in json.loads(keyring_file.read_text()).items():
            secrets.set(name, value)
    if not paths.database.exists():
        kind = "encrypted" if encrypted else "plain"
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
    from prm.core.touches import TouchDraft, log_touch

    with store.transaction() as session:
        for i in range(HEAVY_CONTACT_TOUCHES):
            draft = TouchDraft([1], "email", occurred_at=CLOCK.now() - timedelta(days=i * 3 + 1))
            log_touch(session, draft=draft, clock=CLOCK)
