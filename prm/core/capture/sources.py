"""Adding, listing and removing capture sources; their passwords live in the keyring."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from prm.core import orm
from prm.core.capture.source_config import (
    NETWORK_KINDS,
    SOURCE_KINDS,
    SourceConfig,
    password_key,
)
from prm.core.clock import Clock
from prm.core.errors import NotFoundError, ValidationError
from prm.core.secrets import SecretStore

if TYPE_CHECKING:  # built on first use (prm.core.orm)
    from prm.core.models import CaptureSource


@dataclass(frozen=True)
class SourceInfo:
    id: int
    kind: str
    label: str
    location: str
    username: str
    folder: str
    auto_accept: bool
    enabled: bool
    last_run_at: datetime | None
    last_error: str

    @property
    def config(self) -> SourceConfig:
        return SourceConfig(self.kind, self.location, self.username, self.folder)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "location": self.location,
            "username": self.username,
            "folder": self.folder,
            "auto_accept": self.auto_accept,
            "enabled": self.enabled,
            "last_run_at": self.last_run_at.isoformat() if self.last_run_at else None,
            "last_error": self.last_error,
        }


def _info(row: CaptureSource) -> SourceInfo:
    return SourceInfo(
        row.id,
        row.kind,
        row.label,
        row.location,
        row.username,
        row.folder,
        row.auto_accept,
        row.enabled,
        row.last_run_at,
        row.last_error,
    )


def add_source(
    session: Session,
    config: SourceConfig,
    *,
    clock: Clock,
    label: str = "",
    auto_accept: bool = False,
) -> SourceInfo:
    """Store the source (not its password: see ``store_password``)."""
    errors: dict[str, str] = {}
    if config.kind not in SOURCE_KINDS:
        errors["kind"] = (
            f"“{config.kind}” is not a source kind; use one of {', '.join(SOURCE_KINDS)}."
        )
    location = config.location.strip()
    if not location:
        errors["location"] = "Say where the source is (a path, a URL or a server)."
    elif config.kind in NETWORK_KINDS:
        if not config.username.strip():
            errors["username"] = "A CalDAV or IMAP source needs a user name."
        if config.kind == "caldav" and not location.startswith(("http://", "https://")):
            errors["location"] = "A CalDAV source is a URL starting with https://."
    else:
        location = str(Path(location).expanduser().resolve())
    if errors:
        raise ValidationError(errors)
    row = orm.CaptureSource(
        kind=config.kind,
        label=label.strip() or Path(location).name or location,
        location=location,
        username=config.username.strip(),
        folder=config.folder.strip(),
        auto_accept=auto_accept,
        created_at=clock.now(),
    )
    session.add(row)
    session.flush()
    return _info(row)


def list_sources(session: Session) -> list[SourceInfo]:
    return [
        _info(r)
        for r in session.exec(select(orm.CaptureSource).order_by(col(orm.CaptureSource.id)))
    ]


def get_source(session: Session, source_id: int) -> CaptureSource:
    row = session.get(orm.CaptureSource, source_id)
    if row is None:
        raise NotFoundError(f"No capture source #{source_id}.", hint="See: prm capture sources")
    return row


def source_info(session: Session, source_id: int) -> SourceInfo:
    return _info(get_source(session, source_id))


def source_state(row: CaptureSource) -> dict:
    try:
        state = json.loads(row.state or "{}")
    except ValueError:  # a damaged state only costs a full re-read; keys prevent repeats
        return {}
    return state if isinstance(state, dict) else {}


def remove_source(session: Session, source_id: int, *, secrets: SecretStore | None) -> None:
    """The source and its pending proposals go; decided ones go too (their touches stay)."""
    row = get_source(session, source_id)
    session.delete(row)
    session.flush()
    if secrets is not None:
        secrets.delete(password_key(source_id))


def store_password(secrets: SecretStore, source_id: int, password: str) -> None:
    secrets.set(password_key(source_id), password)


def stored_password(secrets: SecretStore, source_id: int) -> str | None:
    return secrets.get(password_key(source_id))
