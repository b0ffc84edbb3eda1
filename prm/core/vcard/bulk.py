"""Creating many new contacts at once with plain SQL: the import's fast path.

``contacts.create_contact`` goes through the ORM (about 10 ms a contact once
the session holds a few thousand objects); an import of 10k cards has to stay
within 1.5x of what vobject alone needs to parse the file, so new contacts are
written here with a few ``executemany`` per chunk instead.

It stores exactly what ``create_contact`` would, and nothing else: the same
derived display and sort names, E.164 phone keys, tags (created once, matched
case-insensitively), photo, the full-text search document
(``search.document_for``) and the cadence rhythm (``cadence.refresh``). A test
holds the two paths to the same result. Only what a vCard can carry is
supported: a draft referring to other contacts or a cadence tier goes through
``create_contact``.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace

from sqlmodel import Session

from prm.core import cadence, search
from prm.core.clock import Clock
from prm.core.contacts import display_name_for, sort_name_for
from prm.core.dates import PartialDate
from prm.core.derived import declare_contacts
from prm.core.drafts import ContactDraft
from prm.core.models import Contact
from prm.core.models.base import db_timestamp, new_uid
from prm.core.validation import normalize_phone


def can_bulk_create(draft: ContactDraft) -> bool:
    return draft.referred_by_id is None and draft.cadence_tier_id is None and not draft.relations


def bulk_create(
    session: Session, *, drafts: Sequence[tuple[str, ContactDraft]], clock: Clock
) -> list[int]:
    """Insert ``(uid, cleaned draft)`` pairs as new contacts; their ids, in order. ``uid`` "" = a new one."""
    if not drafts:
        return []
    session.flush()  # ORM work queued before this must land first
    conn = session.connection()
    now = db_timestamp(clock.now())
    columns = [c.name for c in Contact.__table__.columns if c.name != "id"]
    template = {name: None for name in columns}
    template.update({name: "" for name in ContactDraft.TEXT_FIELDS})
    # sort_email/sort_phone: filled by the triggers as the values are inserted below
    # (and no one refers to a contact not created yet: referral_level 0).
    template.update(
        snooze_reason="",
        sort_email="",
        sort_phone="",
        referral_level=0,
        created_at=now,
        updated_at=now,
    )
    insert = f"INSERT INTO contact ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    ids: list[int] = []
    documents = []
    for uid, draft in drafts:
        assert can_bulk_create(draft), (
            "drafts with links to other records go through create_contact"
        )
        row = dict(template, uid=uid or new_uid(), cadence_days=draft.cadence_days)
        for name in ContactDraft.TEXT_FIELDS:
            row[name] = getattr(draft, name)
        for prefix in ("birthday", "anniversary"):
            date = PartialDate.parse(getattr(draft, prefix)) if getattr(draft, prefix) else None
            row[f"{prefix}_year"] = date.year if date else None
            row[f"{prefix}_month"] = date.month if date else None
            row[f"{prefix}_day"] = date.day if date else None
        shown = SimpleNamespace(**row)  # what the name and search helpers read
        row["display_name"] = display_name_for(shown, draft.emails[0].value if draft.emails else "")
        row["sort_name"] = sort_name_for(shown, row["display_name"])  # type: ignore[arg-type]
        ids.append(conn.exec_driver_sql(insert, tuple(row[name] for name in columns)).lastrowid)
        documents.append((row, draft))

    phones = {}
    _many(
        conn,
        "contact_email (contact_id, label, preferred, position, value)",
        [
            (cid, v.label, v.preferred, i, v.value)
            for cid, (_, d) in zip(ids, drafts, strict=False)
            for i, v in enumerate(d.emails)
        ],
    )
    for _, d in drafts:
        for v in d.phones:
            phones.setdefault(v.value, normalize_phone(v.value))
    _many(
        conn,
        "contact_phone (contact_id, label, preferred, position, value, normalized)",
        [
            (cid, v.label, v.preferred, i, v.value, phones[v.value])
            for cid, (_, d) in zip(ids, drafts, strict=False)
            for i, v in enumerate(d.phones)
        ],
    )
    _many(
        conn,
        "contact_url (contact_id, label, preferred, position, value)",
        [
            (cid, v.label, v.preferred, i, v.value)
            for cid, (_, d) in zip(ids, drafts, strict=False)
            for i, v in enumerate(d.urls)
        ],
    )
    _many(
        conn,
        "contact_address (contact_id, label, preferred, position, street, locality, region, "
        "postal_code, country)",
        [
            (
                cid,
                a.label,
                a.preferred,
                i,
                a.street.strip(),
                a.locality.strip(),
                a.region.strip(),
                a.postal_code.strip(),
                a.country.strip(),
            )
            for cid, (_, d) in zip(ids, drafts, strict=False)
            for i, a in enumerate(d.addresses)
        ],
    )
    _many(
        conn,
        "contact_interest (contact_id, topic, position)",
        [
            (cid, t, i)
            for cid, (_, d) in zip(ids, drafts, strict=False)
            for i, t in enumerate(d.interests)
        ],
    )
    _many(
        conn,
        "contact_photo (contact_id, mime_type, data)",
        [
            (cid, d.photo_mime or "image/jpeg", d.photo)
            for cid, (_, d) in zip(ids, drafts, strict=False)
            if d.photo
        ],
    )
    tag_ids = _tag_ids(conn, [t for _, d in drafts for t in d.tags])
    _many(
        conn,
        "contact_tag (contact_id, tag_id)",
        [
            (cid, tag_ids[t.casefold()])
            for cid, (_, d) in zip(ids, drafts, strict=False)
            for t in d.tags
        ],
    )

    search.index_documents(
        conn,
        [
            (cid, search.document_for(_searchable(row, draft, phones)))
            for cid, (row, draft) in zip(ids, documents, strict=False)
        ],
    )
    cadence.refresh(session, ids)
    declare_contacts(session, ids)  # raw inserts: say whose, so only they are compared
    return ids


def _many(conn, table_and_columns: str, rows: list[tuple]) -> None:
    if rows:
        count = len(rows[0])
        conn.exec_driver_sql(
            f"INSERT INTO {table_and_columns} VALUES ({', '.join('?' * count)})", rows
        )


def _tag_ids(conn, names: list[str]) -> dict[str, int]:
    """Tag ids by casefolded name; tags nobody had yet are created (first spelling wins)."""
    wanted: dict[str, str] = {}
    for name in names:
        wanted.setdefault(name.casefold(), name)
    found: dict[str, int] = {}
    keys = list(wanted.values())
    for start in range(0, len(keys), 900):
        part = keys[start : start + 900]
        rows = conn.exec_driver_sql(
            f"SELECT id, name FROM tag WHERE name IN ({','.join('?' * len(part))})", tuple(part)
        )  # the column is NOCASE: any spelling matches
        for tag_id, name in rows:
            found[name.casefold()] = tag_id
    for key, name in wanted.items():
        if key not in found:
            found[key] = conn.exec_driver_sql(
                "INSERT INTO tag (name) VALUES (?)", (name,)
            ).lastrowid
    return found


def _searchable(row: dict, draft: ContactDraft, phones: dict[str, str]) -> SimpleNamespace:
    """The shape ``search.document_for`` reads, without building ORM objects."""
    return SimpleNamespace(
        **row,
        emails=[SimpleNamespace(value=v.value) for v in draft.emails],
        phones=[SimpleNamespace(value=v.value, normalized=phones[v.value]) for v in draft.phones],
        addresses=[
            SimpleNamespace(locality=a.locality.strip(), country=a.country.strip())
            for a in draft.addresses
        ],
        tags=[SimpleNamespace(name=t) for t in draft.tags],
        interests=[SimpleNamespace(topic=t) for t in draft.interests],
    )


def load_drafts(session: Session, *, ids: list[int]) -> dict[int, tuple[ContactDraft, object, str]]:
    """``{id: (draft, updated_at, display_name)}`` read with plain SQL: what
    ``contacts.draft_from_contact`` gives, without loading ORM objects (matching
    10k cards against the store is otherwise dominated by that loading)."""
    from prm.core.drafts import AddressDraft, LabeledValue, RelationDraft
    from prm.core.models.base import parse_db_timestamp

    if not ids:
        return {}
    conn = session.connection()
    marks = ",".join("?" * len(ids))
    params = tuple(ids)
    text = ContactDraft.TEXT_FIELDS
    dates = [
        f"{p}_{part}" for p in ("birthday", "anniversary") for part in ("year", "month", "day")
    ]
    cols = [
        "id",
        "updated_at",
        "display_name",
        "referred_by_id",
        "cadence_tier_id",
        "cadence_days",
        *dates,
        *text,
    ]
    out: dict[int, tuple[ContactDraft, object, str]] = {}
    for row in conn.exec_driver_sql(
        f"SELECT {', '.join(cols)} FROM contact WHERE id IN ({marks})", params
    ):
        r = dict(zip(cols, row, strict=True))
        draft = ContactDraft(**{name: r[name] for name in text})
        draft.referred_by_id, draft.cadence_tier_id, draft.cadence_days = (
            r["referred_by_id"],
            r["cadence_tier_id"],
            r["cadence_days"],
        )
        for prefix in ("birthday", "anniversary"):
            if r[f"{prefix}_month"]:
                setattr(
                    draft,
                    prefix,
                    PartialDate(
                        r[f"{prefix}_month"], r[f"{prefix}_day"], r[f"{prefix}_year"]
                    ).iso(),
                )
        out[r["id"]] = (draft, parse_db_timestamp(r["updated_at"]), r["display_name"])

    def rows(sql: str):
        return conn.exec_driver_sql(sql.format(marks=marks), params)

    for table, attr in (
        ("contact_email", "emails"),
        ("contact_phone", "phones"),
        ("contact_url", "urls"),
    ):
        for cid, value, label, preferred in rows(
            f"SELECT contact_id, value, label, preferred FROM {table} WHERE contact_id IN ({{marks}}) "
            "ORDER BY contact_id, position, id"
        ):
            getattr(out[cid][0], attr).append(LabeledValue(value, label, bool(preferred)))
    for cid, *fields, preferred in rows(
        "SELECT contact_id, label, street, locality, region, postal_code, country, preferred FROM contact_address "
        "WHERE contact_id IN ({marks}) ORDER BY contact_id, position, id"
    ):
        out[cid][0].addresses.append(AddressDraft(*fields, bool(preferred)))
    for cid, name in rows(
        "SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
        "WHERE ct.contact_id IN ({marks}) ORDER BY ct.contact_id, t.name"
    ):
        out[cid][0].tags.append(name)
    for cid, topic in rows(
        "SELECT contact_id, topic FROM contact_interest WHERE contact_id IN ({marks}) "
        "ORDER BY contact_id, position, id"
    ):
        out[cid][0].interests.append(topic)
    for cid, kind, other, note in rows(
        "SELECT contact_id, kind, other_id, note FROM contact_relation "
        "WHERE contact_id IN ({marks}) ORDER BY contact_id, id"
    ):
        out[cid][0].relations.append(RelationDraft(kind, other, note))
    for cid, mime, data in rows(
        "SELECT contact_id, mime_type, data FROM contact_photo WHERE contact_id IN ({marks})"
    ):
        out[cid][0].photo, out[cid][0].photo_mime = data, mime
    return out
