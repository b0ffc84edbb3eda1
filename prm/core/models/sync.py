"""CardDAV sync: accounts (one address book each) and what PRM knows of each card there.

(No ``from __future__ import annotations`` in model modules.) Never a password:
that lives in the keyring or the encrypted store (``sync/accounts.py``).
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from prm.core.models.base import UTCDateTime


class SyncAccount(SQLModel, table=True):
    __tablename__ = "sync_account"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)  # the user's label
    server_url: str  # as typed
    username: str = ""
    book_url: str
    book_name: str = ""
    sync_token: str = ""
    ctag: str = ""
    receives_new: bool = False  # contacts in no address book are uploaded here
    sync_on_timer: bool = False
    first_synced_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_sync_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str = ""
    pending_confirmation: str = ""  # "" or why the engine stopped to ask
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class SyncItem(SQLModel, table=True):
    """One card on the server and the contact it is (a contact is in at most one book)."""

    __tablename__ = "sync_item"
    __table_args__ = (
        sa.UniqueConstraint("account_id", "href", name="uq_sync_item_href"),
        # The dirty items of an account, without reading the clean ones.
        sa.Index("ix_sync_item_dirty", "account_id", sqlite_where=sa.text("local_dirty = 1")),
    )
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="sync_account.id", ondelete="CASCADE")
    href: str
    etag: str = ""
    contact_id: int | None = Field(
        default=None, foreign_key="contact.id", ondelete="SET NULL", unique=True
    )
    fingerprint: str = ""  # of what PRM holds of the last agreed version
    base_card: bytes = b""  # the last agreed vCard: the base of the 3-way merge
    local_dirty: bool = False  # a card-carried row of the contact was written
    state: str = "synced"  # "synced" | "creating" | "conflict"
    conflict_card: bytes = b""  # the server's version while in conflict
    conflict_etag: str = ""
