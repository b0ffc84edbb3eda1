"""What is in the backup folder: each copy and its manifest, newest first by content.

A backup is ``prm-<UTC stamp>-<kind>.sqlite3`` plus a manifest ``<same stem>.json``
written after the copy was verified: when it was made, how big it is, its
SHA-256, schema revision and counts. Order comes from the manifest's
``created_at`` (or the stamp in the name), never from file times, which a sync
client or a copy can change. Copies from older PRM versions (no manifest) are
listed as unverified.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FORMAT = 1
KINDS = ("daily", "manual", "pre-migration", "before-restore", "before-sync")
PREFIX = "prm-"
SUFFIX = ".sqlite3"
STAMP = "%Y%m%dT%H%M%SZ"

_NEW_NAME = re.compile(
    r"^prm-(?P<stamp>\d{8}T\d{6}Z)(?:-\d+)?-(?P<kind>daily|manual|pre-migration|before-restore|before-sync)$"
)
_OLD_DAILY = re.compile(r"^prm-(?P<stamp>\d{8}T\d{6})\d*Z$")
_OLD_MIGRATION = re.compile(r"^before-migration-(?P<revision>.+)-(?P<stamp>\d{8}T\d{6})Z$")


@dataclass(frozen=True)
class BackupInfo:
    id: str
    path: Path
    kind: str
    created_at: datetime  # aware, UTC
    size: int
    contacts: int | None
    touches: int | None
    revision: str | None
    encrypted: bool | None
    verified: bool  # manifest present, and the file's size (and SHA-256) match it

    @property
    def manifest(self) -> Path:
        return manifest_path(self.path)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": str(self.path),
            "kind": self.kind,
            "created_at": self.created_at.isoformat(),
            "size": self.size,
            "contacts": self.contacts,
            "touches": self.touches,
            "revision": self.revision,
            "encrypted": self.encrypted,
            "verified": self.verified,
        }


def human_size(size: int) -> str:
    """1536 -> '1.5 KB': sizes as people read them."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{size} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def manifest_path(backup: Path) -> Path:
    return backup.with_suffix(".json")


def backup_id(path: Path) -> str:
    stem = path.name[: -len(SUFFIX)]
    return stem.removeprefix(PREFIX)


def new_backup_path(backup_dir: Path, now: datetime, kind: str) -> Path:
    """A name not yet taken: ``prm-<stamp>-<kind>.sqlite3`` (``-2``, ``-3``... on a clash)."""
    stamp = now.astimezone(UTC).strftime(STAMP)
    path = backup_dir / f"{PREFIX}{stamp}-{kind}{SUFFIX}"
    n = 1
    while path.exists() or manifest_path(path).exists():
        n += 1
        path = backup_dir / f"{PREFIX}{stamp}-{n}-{kind}{SUFFIX}"
    return path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def manifest_bytes(info: BackupInfo, sha256: str) -> bytes:
    data = {
        "format": FORMAT,
        "id": info.id,
        "kind": info.kind,
        "created_at": info.created_at.astimezone(UTC).isoformat(),
        "size": info.size,
        "sha256": sha256,
        "revision": info.revision,
        "contacts": info.contacts,
        "touches": info.touches,
        "encrypted": info.encrypted,
    }
    return (json.dumps(data, indent=2) + "\n").encode()


def list_backups(backup_dir: Path, *, deep: bool = True) -> list[BackupInfo]:
    """Every backup in ``backup_dir``, newest first by creation time.

    ``deep`` checks each file's SHA-256 against its manifest (reads every byte);
    without it, ``verified`` means the manifest is there and the size matches.
    """
    from prm.core.sqlite_copy import remove_stale_temps

    if not backup_dir.is_dir():
        return []
    remove_stale_temps(backup_dir)
    found = []
    for path in backup_dir.glob(f"*{SUFFIX}"):
        info = read_backup(path, deep=deep)
        if info is not None:
            found.append(info)
    return sorted(found, key=lambda b: (b.created_at, b.id), reverse=True)


def read_backup(path: Path, *, deep: bool = True) -> BackupInfo | None:
    """What is known about one backup file; None if it is not one of ours."""
    try:
        if not path.is_file():
            return None
        size = path.stat().st_size
    except OSError:
        return None
    manifest = _read_manifest(manifest_path(path))
    if manifest is not None:
        verified = manifest["size"] == size and (not deep or manifest["sha256"] == _hash(path))
        return BackupInfo(
            id=backup_id(path),
            path=path,
            kind=manifest["kind"],
            created_at=manifest["created_at"],
            size=size,
            contacts=manifest.get("contacts"),
            touches=manifest.get("touches"),
            revision=manifest.get("revision"),
            encrypted=manifest.get("encrypted"),
            verified=verified,
        )
    return _from_name(path, size)


def _from_name(path: Path, size: int) -> BackupInfo | None:
    stem = path.name[: -len(SUFFIX)]
    revision = None
    if match := _NEW_NAME.match(stem):
        kind, stamp = match["kind"], match["stamp"]
    elif match := _OLD_DAILY.match(stem):
        kind, stamp = "daily", match["stamp"] + "Z"
    elif match := _OLD_MIGRATION.match(stem):
        kind, stamp, revision = "pre-migration", match["stamp"] + "Z", match["revision"]
    else:
        return None
    try:
        created = datetime.strptime(stamp, STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None
    return BackupInfo(
        id=backup_id(path),
        path=path,
        kind=kind,
        created_at=created,
        size=size,
        contacts=None,
        touches=None,
        revision=revision,
        encrypted=None,
        verified=False,
    )


def _read_manifest(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_bytes())
        if data.get("format") != FORMAT or data.get("kind") not in KINDS:
            return None
        created = datetime.fromisoformat(data["created_at"])
        if created.tzinfo is None:
            return None
        data["created_at"] = created.astimezone(UTC)
        if not isinstance(data["size"], int) or not isinstance(data["sha256"], str):
            return None
        return data
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        log.warning("ignoring the unreadable backup manifest %s: %s", path, exc)
        return None


def _hash(path: Path) -> str | None:
    try:
        return sha256_of(path)
    except OSError as exc:
        log.warning("cannot read the backup %s: %s", path, exc)
        return None
