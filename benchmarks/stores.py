"""Benchmark stores: built once per size and cached in benchmarks/.data/.

The folder name ``{plain|encrypted}-{contacts}-{touches}`` is the cache key; the
encrypted store keeps its key in benchmark-keyring.json beside it (benchmarks
only — the app itself keeps keys in the OS keyring).
"""

from __future__ import annotations

import json
import shutil
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
from prm.core.store_encrypt import encrypt_store
from prm.core.store_header import KEYRING, PLAIN
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
    """A cached demo store (built the first time only).

    The encrypted one is the plain one of the same size, encrypted the way the app
    encrypts a store (``store_encrypt``: one ``sqlcipher_export`` pass): the same
    rows both ways, built once, and far faster than writing every row through
    SQLCipher.
    """
    paths = AppPaths.for_dir(store_dir(size, touches, encrypted=encrypted))
    secrets = MemorySecretStore(available=encrypted)
    keyring_file = paths.data_dir / "benchmark-keyring.json"
    if encrypted and keyring_file.exists():
        for name, value in json.loads(keyring_file.read_text()).items():
            secrets.set(name, value)
    if paths.database.exists():
        return paths, secrets
    if not encrypted:
        _build_plain(paths, size, touches)
        return paths, secrets
    plain, _ = build_store(size, touches, encrypted=False)
    print(f"encrypting a copy of the {size:,}-contact store (once)…", flush=True)
    started = time.perf_counter()
    building = paths.data_dir.with_name(paths.data_dir.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    for name in (plain.database.name, plain.header.name):
        shutil.copy2(plain.data_dir / name, building / name)
    encrypt_store(AppPaths.for_dir(building), secrets, protection=KEYRING)
    (building / keyring_file.name).write_text(json.dumps(secrets._values))
    building.rename(paths.data_dir)
    print(f"  encrypted in {time.perf_counter() - started:.0f} s", flush=True)
    return paths, secrets


def _build_plain(paths: AppPaths, size: int, touches: int) -> None:
    """Rows through ``demo.populate`` (executemany in big transactions), into a
    folder renamed into place once complete (an interrupted build is not reused).

    Measured at 10k on a loaded machine: dropping the indexes and triggers during
    the load and a 1 GB page cache cost more CPU (30 s vs 17 s), so neither is done.
    """
    print(f"building a plain store with {size:,} contacts and {touches:,} touches (once)…")
    started = time.perf_counter()
    building = paths.data_dir.with_name(paths.data_dir.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    store = open_store(AppPaths.for_dir(building), MemorySecretStore(), new=NewStore(PLAIN))
    demo.populate(store, contacts=size, touches=touches, seed=1, clock=CLOCK)
    _give_one_contact_a_long_history(store)
    store.close()  # runs ANALYZE, as the app does
    building.rename(paths.data_dir)
    print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)


def _give_one_contact_a_long_history(store) -> None:
    from prm.core.touches import TouchDraft, log_touch

    with store.transaction() as session:
        for i in range(HEAVY_CONTACT_TOUCHES):
            draft = TouchDraft([1], "email", occurred_at=CLOCK.now() - timedelta(days=i * 3 + 1))
            log_touch(session, draft=draft, clock=CLOCK)
