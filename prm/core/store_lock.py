"""One process at a time creates, upgrades, encrypts or restores a store.

An OS file lock (``filelock``): the kernel releases it when the holder dies,
so a killed PRM never leaves the store locked.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from prm.core.errors import KnownError
from prm.core.paths import AppPaths

LOCK_TIMEOUT_S = 30


@contextmanager
def store_lifecycle(paths: AppPaths) -> Iterator[None]:
    from filelock import FileLock, Timeout

    try:
        with FileLock(str(paths.lifecycle_lock), timeout=LOCK_TIMEOUT_S, mode=0o600):
            yield
    except Timeout as exc:
        raise KnownError(
            f"Another PRM is setting up, upgrading or restoring {paths.database}.",
            hint="Wait for it to finish and try again.",
        ) from exc
