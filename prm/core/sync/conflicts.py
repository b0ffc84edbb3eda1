"""Contacts edited both here and on the server in the same fields: list them, resolve them.

While in conflict the contact holds PRM's values (non-overlapping server edits
already merged in) and its item keeps the server's card, so neither side is lost.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

from sqlmodel import Session

from prm.core.clock import Clock
from prm.core.drafts import field_label
from prm.core.errors import NotFoundError, ValidationError
from prm.core.sync import items
from prm.core.sync.cardform import BadCard, CardState, read_state
from prm.core.sync.threeway import differing
from prm.core.sync.writes import contact_state, write_state
from prm.core.vcard.merge import describe_value

_LABELS = {"card_note": "Note on the card", "extra": "Other vCard fields", "photo": "Photo"}


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
        return asdict(self)


def list_conflicts(session: Session) -> list[SyncConflict]:
    rows = session.connection().exec_driver_sql(
        "SELECT s.contact_id, a.name, c.display_name, s.conflict_card FROM sync_item s "
        "JOIN sync_account a ON a.id = s.account_id JOIN contact c ON c.id = s.contact_id "
        "WHERE s.state = ? ORDER BY c.sort_name, c.id",
        (items.CONFLICT,),
    )
    out = []
    for contact_id, account, name, card in rows.all():
        local = contact_state(session, contact_id)
        remote = _server_state(bytes(card))
        shown = []
        if local is not None and remote is not None:
            for key in differing(local.state.fields, remote.fields):
                shown.append(
                    ConflictField(
                        key,
                        _LABELS.get(key) or field_label(key)[:1].upper() + field_label(key)[1:],
                        _show(local.state.fields.get(key)),
                        _show(remote.fields.get(key)),
                    )
                )
        out.append(SyncConflict(contact_id, account, name, shown))
    return out


def resolve_conflict(
    session: Session,
    *,
    contact_id: int,
    choices: dict[str, Literal["here", "there"]],
    clock: Clock,
) -> None:
    """Write the chosen values locally (a key not in ``choices`` keeps "here"); the
    contact is pushed next sync with If-Match of the server version it saw."""
    item = items.by_contact(session, contact_id)
    if item is None or item.state != items.CONFLICT:
        raise NotFoundError(f"Contact #{contact_id} has no sync conflict.")
    local = contact_state(session, contact_id)
    remote = _server_state(item.conflict_card)
    if local is None or remote is None:
        raise NotFoundError(f"Contact #{contact_id} has no sync conflict that can be shown.")
    wrong = {k: v for k, v in choices.items() if v not in ("here", "there")}
    if wrong:
        raise ValidationError({k: "choose “here” or “there”" for k in wrong})
    fields = dict(local.state.fields)
    for key, side in choices.items():
        if side == "there" and key in fields:
            fields[key] = remote.fields.get(key)
            if key == "photo":
                fields["photo_mime"] = remote.fields.get("photo_mime", "")
    write_state(session, contact_id, CardState(local.uid, fields), clock=clock)
    # The server's card becomes the agreed base; what differs from it is uploaded
    # next sync with If-Match its etag (a 412 then means yet another edit there).
    items.update(
        session,
        item.id,
        state=items.SYNCED,
        etag=item.conflict_etag,
        base_card=item.conflict_card,
        fingerprint=remote.fingerprint(),
        local_dirty=True,
        conflict_card=b"",
        conflict_etag="",
    )


def _server_state(card: bytes) -> CardState | None:
    try:
        return read_state(card)
    except BadCard:
        return None


def _show(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bytes):
        return f"a picture ({len(value) // 1024 or 1} KB)"
    if isinstance(value, list):
        return ", ".join(v if isinstance(v, str) else describe_value(v) for v in value)
    return str(value)
