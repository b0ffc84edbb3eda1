"""Sync accounts: add, list, find, remove; where each account's password is kept.

The password is never in the store's tables or in settings: the OS keyring
(``sync-account-<id>``) when a trustworthy one exists; otherwise, in an
encrypted store only, a setting row (the whole file is encrypted); otherwise
nowhere, and the CLI/UI ask each time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from prm.core.clock import Clock
from prm.core.errors import NotFoundError, ValidationError
from prm.core.models.contacts import Setting
from prm.core.models.sync import SyncAccount
from prm.core.sync.remote import AddressBook

_IN_STORE = "sync.password."  # + id: a setting row, only in an encrypted store


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
        out = dict(self.__dict__)
        out["last_sync_at"] = self.last_sync_at.isoformat() if self.last_sync_at else None
        return out


def list_accounts(session: Session) -> list[AccountInfo]:
    counts = {
        r[0]: (r[1], r[2])
        for r in session.connection().exec_driver_sql(
            "SELECT account_id, count(contact_id), sum(state = 'conflict') FROM sync_item "
            "GROUP BY account_id"
        )
    }
    return [
        AccountInfo(
            a.id,  # type: ignore[arg-type]
            a.name,
            a.server_url,
            a.username,
            a.book_url,
            a.book_name,
            a.receives_new,
            a.sync_on_timer,
            a.last_sync_at,
            a.last_error,
            a.pending_confirmation,
            counts.get(a.id, (0, 0))[0],
            counts.get(a.id, (0, 0))[1] or 0,
        )
        for a in session.exec(select(SyncAccount).order_by(SyncAccount.name))
    ]


def find_account(session: Session, ref: str) -> AccountInfo:
    """By name (case-insensitive) or id; NotFoundError naming what was asked for."""
    wanted = ref.strip()
    accounts = list_accounts(session)
    for account in accounts:
        if account.name.casefold() == wanted.casefold() or str(account.id) == wanted.lstrip("#"):
            return account
    names = ", ".join(f"“{a.name}”" for a in accounts) or "none yet"
    raise NotFoundError(f"There is no sync account “{ref}” (accounts: {names}).")


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
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "A sync account needs a name."})
    taken = {a.name.casefold() for a in session.exec(select(SyncAccount))}
    if name.casefold() in taken:
        raise ValidationError({"name": f"There is already a sync account named “{name}”."})
    account = SyncAccount(
        name=name,
        server_url=server_url.strip(),
        username=username,
        book_url=book.url,
        book_name=book.name,
        receives_new=not taken,
        created_at=clock.now(),
    )
    session.add(account)
    session.flush()
    assert account.id is not None
    return account.id


def remove_account(session: Session, *, account_id: int) -> None:
    """Forget the account and its items; every contact stays."""
    account = session.get(SyncAccount, account_id)
    if account is None:
        raise NotFoundError(f"There is no sync account #{account_id}.")
    raw = session.connection().exec_driver_sql
    raw("DELETE FROM sync_item WHERE account_id = ?", (account_id,))
    session.delete(account)
    session.flush()
    if account.receives_new:  # someone must still receive new contacts
        successor = session.exec(select(SyncAccount).order_by(SyncAccount.id)).first()
        if successor is not None:
            successor.receives_new = True
            session.flush()


def set_sync_on_timer(session: Session, *, account_id: int, enabled: bool) -> None:
    account = session.get(SyncAccount, account_id)
    if account is None:
        raise NotFoundError(f"There is no sync account #{account_id}.")
    account.sync_on_timer = enabled
    session.flush()


def _secret_name(account_id: int) -> str:
    return f"sync-account-{account_id}"


def store_password(store, secrets, account_id: int, password: str) -> bool:
    """Keep the password; False when there is nowhere safe to keep it (ask next time)."""
    if secrets.available():
        secrets.set(_secret_name(account_id), password)
        return True
    if not store.encrypted:
        return False
    with store.transaction() as session:
        session.merge(Setting(key=f"{_IN_STORE}{account_id}", value=password))
    return True


def load_password(store, secrets, account_id: int) -> str | None:
    if secrets.available():
        found = secrets.get(_secret_name(account_id))
        if found is not None:
            return found
    if not store.encrypted:
        return None
    with store.reading() as session:
        row = session.get(Setting, f"{_IN_STORE}{account_id}")
        return row.value if row is not None else None


def forget_password(store, secrets, account_id: int) -> None:
    if secrets.available():
        secrets.delete(_secret_name(account_id))
    with store.transaction() as session:
        row = session.get(Setting, f"{_IN_STORE}{account_id}")
        if row is not None:
            session.delete(row)
