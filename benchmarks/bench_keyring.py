"""A keyring backend for benchmarks only: the secrets of a benchmark store, read
from its benchmark-keyring.json, so the app can open the encrypted store the way
it opens a user's (through ``keyring``), with no key on the command line.

Selected in the app's process by the keyring library's own switch:
``PYTHON_KEYRING_BACKEND=benchmarks.bench_keyring.BenchKeyring`` with
``PRM_BENCH_KEYRING`` naming the file (read-only: writes are refused)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordSetError

FILE_ENV = "PRM_BENCH_KEYRING"
BACKEND = f"{__name__}.BenchKeyring"


class BenchKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]  # trusted: PRM refuses keyrings of priority <= 0

    def _values(self) -> dict[str, str]:
        return json.loads(Path(os.environ[FILE_ENV]).read_text())

    def get_password(self, service: str, username: str) -> str | None:
        return self._values().get(username)

    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("the benchmark keyring is read-only")

    def delete_password(self, service: str, username: str) -> None:
        raise PasswordSetError("the benchmark keyring is read-only")


def env_for(keyring_file: Path) -> dict[str, str]:
    """What a child process needs to read its keys from ``keyring_file``."""
    root = str(Path(__file__).resolve().parent.parent)
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
    return {"PYTHON_KEYRING_BACKEND": BACKEND, FILE_ENV: str(keyring_file), "PYTHONPATH": path}
