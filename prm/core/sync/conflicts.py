"""Contacts edited both here and on the server in the same fields: list them, resolve them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sqlmodel import Session

from prm.core.clock import Clock


@dataclass(frozen=True)
class ConflictField:
    key: str  # a carried draft field: "title", "emails", "birthday"...
    label: str  # as the merge view names it: "Title", "Email"
    here: str  # PRM's value, as shown
    there: str  # the server's value, as shown


@dataclass(frozen=True)
class SyncConflict:
    contact_id: int
    account: str
    name: str
    fields: list[ConflictField] = field(default_factory=list)

    def to_json(self) -> dict:
        raise NotImplementedError


def list_conflicts(session: Session) -> list[SyncConflict]:
    raise NotImplementedError


def resolve_conflict(
    session: Session,
    *,
    contact_id: int,
    choices: dict[str, Literal["here", "there"]],
    clock: Clock,
) -> None:
    """Write the chosen values locally (a key not in ``choices`` keeps "here"); the
    contact is pushed next sync with If-Match of the server version it saw."""
    raise NotImplementedError
