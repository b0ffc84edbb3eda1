"""Which stored contact is an incoming card? UID, then email, then phone, then name.

Lookups run a chunk of cards at a time with ``IN (...)`` on indexed columns, so
matching 10k cards against 100k contacts costs a few dozen indexed queries and
never loads a contact that does not match.

Rules, in order; the first rule that finds anyone decides. An email or a phone
number alone never makes two people one (a household shares an address, a person
and their company an office line): rules 2 and 3 only find a contact whose name
agrees with the card's, or when one of them has no name (``names.names_agree``).

1. **UID** (``contact.uid``, unique), live or trashed.
2. **Email**, any of the card's, case-insensitively, live or trashed. The index
   on ``contact_email.value`` is case-sensitive, so each address is looked up as
   given, with its domain lower-cased (how PRM stores it) and fully lower-cased;
   a stored address whose *local part* differs only in case from all three is
   not found (rare, and the worst outcome is a visible duplicate, not data loss).
3. **Phone**, by the E.164 form ``validation.normalize_phone`` gives (the same
   function that fills ``contact_phone.normalized``), live or trashed. Numbers
   with fewer than 6 digits ("112", "0") are too unspecific to match on.
4. **Exact full name** (``display_name``), live contacts only: a name is the
   weakest evidence, and a namesake in the trash is more likely someone else.
   Two namesakes who both have email addresses (none shared, or rule 2 would
   have matched) or both have phone numbers are two people: ``names_agree``.

Within a rule a live contact wins over a trashed one, then the oldest (lowest
id). A match in the trash is reported by the importer, not merged into and not
duplicated: the user restores the contact first if that is who the card is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlmodel import Session

from prm.core.contacts import display_name_for, sort_name_for
from prm.core.drafts import ContactDraft
from prm.core.vcard.merge import phone_key as cached_phone_key
from prm.core.vcard.names import NameKey, name_key, names_agree

MIN_PHONE_DIGITS = 6


@dataclass(frozen=True)
class Match:
    contact_id: int
    by: str  # "uid" | "email" | "phone" | "name"
    trashed: bool


@dataclass(frozen=True)
class Keys:
    """What identifies a card, normalized the way the store is searched."""

    uid: str
    emails: tuple[str, ...]  # casefolded
    phones: tuple[str, ...]  # normalized
    name: str  # display name as PRM would derive it
    names: NameKey = NameKey()  # for "do the names agree?" beside a shared email or phone

    def same_person(self, other: Keys) -> bool:
        """Whether a shared email or phone number makes these two cards one person."""
        return names_agree(self.names, other.names)

    def names_agree(self, other: Keys) -> bool:
        """Same name and nothing that tells them apart (see rule 4); also, two
        cards with different UIDs are two entries of their address book."""
        if self.uid and other.uid and self.uid != other.uid:
            return False
        return not (self.emails and other.emails) and not (self.phones and other.phones)

    def all(self) -> list[tuple[str, str]]:
        """(rule, key) pairs, for spotting two cards of one file that are the same person."""
        pairs = [("uid", self.uid)] if self.uid else []
        pairs += [("email", e) for e in self.emails] + [("phone", p) for p in self.phones]
        return pairs + ([("name", self.name)] if self.name else [])


def keys_for(uid: str, draft: ContactDraft) -> Keys:
    phones = []
    for phone in draft.phones:
        normalized = phone_key(phone.value)
        if normalized:
            phones.append(normalized)
    name = display_name_for(draft)
    return Keys(
        uid=uid.strip(),
        emails=tuple(
            dict.fromkeys(e.value.strip().casefold() for e in draft.emails if e.value.strip())
        ),
        phones=tuple(dict.fromkeys(phones)),
        name="" if name == "(no name)" else name,
        names=key_of(draft),
    )


def key_of(record) -> NameKey:
    """A draft's or a stored contact's names, for ``names_agree``."""
    return name_key(
        given=record.given_name,
        middle=record.middle_name,
        family=record.family_name,
        formatted=record.formatted_name,
        nickname=record.nickname,
        organization=record.organization,
    )


def phone_key(value: str) -> str:
    normalized = cached_phone_key(value)
    return normalized if sum(ch.isdigit() for ch in normalized) >= MIN_PHONE_DIGITS else ""


def find_matches(
    session: Session, cards: Sequence[tuple[Keys, ContactDraft]]
) -> list[Match | None]:
    """The stored contact for each card (or None), in the order given. One chunk at a time."""
    conn = session.connection()
    by_uid = _lookup(
        conn,
        "SELECT uid, id, deleted_at FROM contact WHERE uid IN ({})",
        {k.uid for k, _ in cards if k.uid},
    )
    email_forms: dict[str, str] = {}  # a form to look up -> the casefolded key it stands for
    for _keys, draft in cards:
        for e in draft.emails:
            key = e.value.strip().casefold()
            local, _, domain = e.value.strip().rpartition("@")
            for form in (e.value.strip(), f"{local}@{domain.lower()}", e.value.strip().lower()):
                email_forms.setdefault(form, key)
    by_email_form = _lookup(
        conn,
        "SELECT e.value, c.id, c.deleted_at FROM contact_email e JOIN contact c ON c.id = e.contact_id "
        "WHERE e.value IN ({})",
        set(email_forms),
    )
    by_email: dict[str, list[tuple[int, bool]]] = {}
    for form, hits in by_email_form.items():
        by_email.setdefault(email_forms[form], []).extend(hits)
    by_phone = _lookup(
        conn,
        "SELECT p.normalized, c.id, c.deleted_at FROM contact_phone p JOIN contact c "
        "ON c.id = p.contact_id WHERE p.normalized IN ({})",
        {p for k, _ in cards for p in k.phones},
    )
    by_name = _names(session, cards)
    named = _name_keys(
        conn, {cid for table in (by_email, by_phone) for hits in table.values() for cid, _ in hits}
    )
    reachable = _reachable(conn, {cid for hits in by_name.values() for cid, _ in hits})

    matches: list[Match | None] = []
    for keys, _draft in cards:
        match = None
        for rule, wanted in (
            ("uid", [keys.uid]),
            ("email", keys.emails),
            ("phone", keys.phones),
            ("name", [keys.name]),
        ):
            table = {"uid": by_uid, "email": by_email, "phone": by_phone, "name": by_name}[rule]
            hits = [hit for key in wanted if key for hit in table.get(key, [])]
            if rule == "name":  # a namesake with their own email/phone is someone else
                has_email, has_phone = bool(keys.emails), bool(keys.phones)
                hits = [
                    h
                    for h in hits
                    if not (has_email and h[0] in reachable["email"])
                    and not (has_phone and h[0] in reachable["phone"])
                ]
            elif rule in ("email", "phone"):  # shared, but is it the same person?
                hits = [h for h in hits if names_agree(keys.names, named[h[0]])]
            if hits:
                contact_id, trashed = min(
                    hits, key=lambda h: (h[1], h[0])
                )  # live first, then oldest
                match = Match(contact_id, rule, trashed)
                break
        matches.append(match)
    return matches


def _lookup(conn, sql: str, keys: Iterable[str]) -> dict[str, list[tuple[int, bool]]]:
    keys = list(keys)
    found: dict[str, list[tuple[int, bool]]] = {}
    # SQLite allows 32k bound parameters; stay far below for old builds.
    for start in range(0, len(keys), 900):
        part = keys[start : start + 900]
        rows = conn.exec_driver_sql(sql.format(",".join("?" * len(part))), tuple(part))
        for key, contact_id, deleted_at in rows:
            found.setdefault(key, []).append((contact_id, deleted_at is not None))
    return found


_NAME_COLUMNS = "given_name, middle_name, family_name, formatted_name, nickname, organization"


def _name_keys(conn, contact_ids: set[int]) -> dict[int, NameKey]:
    """The names of the contacts an email or phone found, to check they agree with the card."""
    found: dict[int, NameKey] = {}
    ids = list(contact_ids)
    fields = _NAME_COLUMNS.split(", ")
    for start in range(0, len(ids), 900):
        part = ids[start : start + 900]
        rows = conn.exec_driver_sql(
            f"SELECT id, {_NAME_COLUMNS} FROM contact WHERE id IN ({','.join('?' * len(part))})",
            tuple(part),
        )
        for contact_id, *values in rows:
            found[contact_id] = key_of(_Names(**dict(zip(fields, values, strict=True))))
    return found


@dataclass(frozen=True)
class _Names:
    given_name: str
    middle_name: str
    family_name: str
    formatted_name: str
    nickname: str
    organization: str


def _reachable(conn, contact_ids: set[int]) -> dict[str, set[int]]:
    """Which of these contacts have an email address, and which a phone number."""
    found: dict[str, set[int]] = {"email": set(), "phone": set()}
    ids = list(contact_ids)
    for start in range(0, len(ids), 900):
        part = ids[start : start + 900]
        marks = ",".join("?" * len(part))
        for kind, table in (("email", "contact_email"), ("phone", "contact_phone")):
            rows = conn.exec_driver_sql(
                f"SELECT DISTINCT contact_id FROM {table} WHERE contact_id IN ({marks})",
                tuple(part),
            )
            found[kind].update(row[0] for row in rows)
    return found


def _names(
    session: Session, cards: Sequence[tuple[Keys, ContactDraft]]
) -> dict[str, list[tuple[int, bool]]]:
    """Live contacts by exact display name, found through the (deleted_at, sort_name) index.

    ``display_name`` has no index of its own; ``sort_name`` is derived from the
    same parts, so it narrows to a few rows that are then compared exactly.
    """
    wanted: dict[str, str] = {}  # sort name -> display name
    for keys, draft in cards:
        if keys.name:
            wanted[sort_name_for(draft, keys.name)] = keys.name  # type: ignore[arg-type]
    names = set(wanted.values())
    found = _lookup(
        session.connection(),
        "SELECT sort_name, id, deleted_at FROM contact INDEXED BY ix_contact_live_sort "
        "WHERE deleted_at IS NULL AND sort_name IN ({})",
        set(wanted),
    )
    if not found:
        return {}
    ids = [cid for hits in found.values() for cid, _ in hits]
    by_name: dict[str, list[tuple[int, bool]]] = {}
    for start in range(0, len(ids), 900):
        part = ids[start : start + 900]
        rows = session.connection().exec_driver_sql(
            f"SELECT display_name, id FROM contact WHERE id IN ({','.join('?' * len(part))})",
            tuple(part),
        )
        for display, contact_id in rows:
            if display in names:
                by_name.setdefault(display, []).append((contact_id, False))
    return by_name
