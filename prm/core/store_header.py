"""The store's identity card: a small plaintext JSON file beside the database.

It holds no secret: the store's id (which names its key in the keyring, so a
moved folder still opens), how the key is protected, a fingerprint of the key,
and the key wrapped under the recovery key (and the passphrase, in passphrase
mode). A copy lives in the backups folder, so backups open on their own with
the recovery key.

``state`` makes first creation atomic: the header is written "creating" before
the database file appears and "ready" after; a header still "creating" with no
database means creation was interrupted and nothing was lost.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path

from prm.core.errors import KnownError
from prm.core.fsio import PRIVATE_FILE, atomic_write_bytes, make_private_dir

log = logging.getLogger(__name__)

FORMAT = 1
KEYRING = "keyring"
PASSPHRASE = "passphrase"
PLAIN = "plain"
PROTECTIONS = (KEYRING, PASSPHRASE, PLAIN)
CREATING = "creating"
READY = "ready"


@dataclass
class StoreHeader:
    store_id: str
    created_at: str
    protection: str
    state: str = READY
    key_id: str | None = None
    # "recovery" and "passphrase": the data key wrapped under each (see keywrap).
    wrapped: dict[str, dict] = field(default_factory=dict)
    # The recovery key sealed under the data key, so it can be shown again.
    sealed_recovery: dict | None = None
    # False for a store that is plain only because no keyring existed when it was
    # made (before headers existed): it is encrypted as soon as a keyring appears.
    plain_by_choice: bool = True
    format: int = FORMAT

    @property
    def encrypted(self) -> bool:
        return self.protection != PLAIN

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), indent=2, sort_keys=True).encode("utf-8") + b"\n"


def read_header(path: Path) -> StoreHeader | None:
    """The header at ``path``; None if there is none; a clear error if it is damaged."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise KnownError(
            f"PRM cannot read its store header {path}: {exc.strerror or exc}."
        ) from exc
    try:
        data = json.loads(raw.decode("utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r} is not one this PRM knows")
        header = StoreHeader(**{k: data[k] for k in StoreHeader.__dataclass_fields__ if k in data})
        if header.protection not in PROTECTIONS or header.state not in (CREATING, READY):
            raise ValueError(f"protection {header.protection!r}, state {header.state!r}")
        if not header.store_id:
            raise ValueError("no store id")
    except (UnicodeDecodeError, json.JSONDecodeError, ValueError, TypeError, AttributeError) as exc:
        raise KnownError(
            f"PRM's store header {path} is damaged: {exc}.",
            hint="A copy of it is kept in the backups folder (prm.store.json); "
            "put that copy in its place.",
        ) from exc
    return header


def write_header(path: Path, header: StoreHeader, *, backup_dir: Path | None = None) -> None:
    """Write ``path`` atomically, and the same bytes into ``backup_dir`` (best effort)."""
    data = header.to_json()
    atomic_write_bytes(path, data, mode=PRIVATE_FILE)
    if backup_dir is None:
        return
    try:
        make_private_dir(backup_dir)
        atomic_write_bytes(backup_dir / path.name, data, mode=PRIVATE_FILE)
    except (KnownError, OSError):
        # The header beside the database is what counts; the copy is a spare.
        log.warning("could not copy the store header into %s", backup_dir, exc_info=True)
