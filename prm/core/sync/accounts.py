"""Sync accounts: add, list, find, remove; where each account's password is kept.

The password is never in the store's tables or in settings: the OS keyring
(``sync-account-<id>``) when a trustworthy one exists; otherwise, in an
encrypted store only, a setting row (the whole file is encrypted); otherwise
nowhere, and the CLI/UI ask each time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from prm.core.clock import Clock
from prm.core.sync.remote import AddressBook


@dataclass(frozen=True)
class AccountInfo:
    id: int
    name: str
    server_url: str
    username: str
    book_url: str
    book_name: str
    receives_new: bool
    sync_on_timer: bool
    last_sync_at: datetime | None
    last_error: str
    pending_confirmation: str
    contacts: int  # contacts synced with this book
    conflicts: int  # of them, in conflict

    def to_json(self) -> dict:
        raise NotImplementedError


def list_accounts(session: Session) -> list[AccountInfo]:
    raise NotImplementedError


def find_account(session: Session, ref: str) -> AccountInfo:
    """By name (case-insensitive) or id; NotFoundError naming what was asked for."""
    raise NotImplementedError


def add_account(
    session: Session,
    *,
    name: str,
    server_url: str,
    username: str,
    book: AddressBook,
    clock: Clock,
) -> int:
    """The new account's id; the first account receives contacts in no book."""
    raise NotImplementedError


def remove_account(session: Session, *, account_id: int) -> None:
    """Forget the account and its items; every contact stays."""
    raise NotImplementedError


def set_sync_on_timer(session: Session, *, account_id: int, enabled: bool) -> None:
    raise NotImplementedError


def store_password(store, secrets, account_id: int, password: str) -> bool:
    """Keep the password; False when there is nowhere safe to keep it (ask next time)."""
    raise NotImplementedError


def load_password(store, secrets, account_id: int) -> str | None:
    raise NotImplementedError


def forget_password(store, secrets, account_id: int) -> None:
    raise NotImplementedError
