"""Finding a store's data key without opening the database (restore, backups).

Placeholder with the final signature; the key lifecycle (issue 11) replaces the body.
"""

from __future__ import annotations

from dataclasses import dataclass

from prm.core.paths import AppPaths
from prm.core.secrets import SecretStore


@dataclass(frozen=True)
class Unlock:
    """Secrets a caller can offer when the keyring does not hold the store's key."""

    passphrase: str | None = None
    recovery_key: str | None = None


def resolve_key(paths: AppPaths, secrets: SecretStore, unlock: Unlock | None = None) -> str | None:
    """The data key of the store in ``paths`` (None: the store is not encrypted)."""
    from prm.core.db import key_name
    from prm.core.sqlite_conn import is_plain_sqlite

    if is_plain_sqlite(paths.database):
        return None
    return secrets.get(key_name(paths.database))
