"""What a committed write changed: the one change channel every screen listens to.

Every transaction (``Store.transaction``) collects, as it flushes, which rows of
which tables it inserted, updated or deleted, and which contacts that touched
(a touch's participants, a gift's person...). Raw SQL writes are caught too, by
table, with their ids unknown. After the commit the store hands the result to
its listeners, whoever started the write: a dialog, undo, an import, a
background sync. Screens then decide for themselves whether to reload.
(Anki's ``OpChanges`` is the model; this is computed, not declared, so no
writer can forget to announce.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from prm.core.sql_ids import id_chunks

# Marks a table some of whose changed rows are unknown (written by raw SQL).
UNKNOWN = -1
ANY = frozenset({UNKNOWN})

# Tables whose rows belong to one contact through a link table, not a column.
_LINKED_CONTACTS = {
    "touch": ("touch_participant", "touch_id"),
    "meeting": ("meeting_attendee", "meeting_id"),
}
_BY_ID = re.compile(r"\bWHERE\s+id\s*=\s*\?\s*$", re.IGNORECASE)
_BY_CONTACT = re.compile(r"\bcontact_id\s*=\s*\?\s*\)?\s*$", re.IGNORECASE)
# Search index and the like: rebuilt from the rows that did change.
DERIVED_TABLES = frozenset(
    {
        "derived_advocacy_value",
        "contact_place",
        "contact_fts",
        "derived_search_term",
        "derived_dup_candidate",
        "derived_dup_name",
        "derived_dup_key",
        "derived_dup_dirty",
        "derived_dup_state",
    }
)
# Columns kept in step with other tables (a touch sets its people's last touch):
# writing only these is news of the rows they follow, not of the row itself.
DERIVED_COLUMNS = {
    "contact": frozenset({"last_touch_at", "cadence_target_days", "cadence_max_days"}),
    "touch": frozenset({"replied_at"}),
    "sync_item": frozenset({"local_dirty"}),  # set by the derived hook on a contact's write
}
_DML = re.compile(
    r"^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)"
    r"\s+[\"'`\[]?(\w+)",
    re.IGNORECASE,
)

CONTACT_TABLES = frozenset(
    {
        "contact",
        "contact_email",
        "contact_phone",
        "contact_address",
        "contact_url",
        "contact_interest",
        "contact_photo",
        "contact_relation",
        "contact_tag",
        "tag",
        "contact_vcard_property",
    }
)
TOUCH_TABLES = frozenset({"touch", "touch_participant"})
MEETING_TABLES = frozenset({"meeting", "agenda_item", "meeting_attendee", "meeting_pause"})
ARTICLE_TABLES = frozenset({"article", "article_topic", "article_share"})


@dataclass(frozen=True)
class Changes:
    rows: Mapping[str, frozenset[int]] = field(default_factory=dict)
    contacts: frozenset[int] = frozenset()
    # Tables written by raw SQL that says nothing of whose rows: anyone's may have changed.
    unscoped: frozenset[str] = frozenset()
    # Everything may differ: another store, a restore, a full import.
    everything: bool = False

    @classmethod
    def all(cls) -> Changes:
        return cls(everything=True)

    def __bool__(self) -> bool:
        return self.everything or bool(self.rows)

    def touched(self, tables: Iterable[str]) -> bool:
        """True if any of ``tables`` changed."""
        return self.everything or any(t in self.rows for t in tables)

    def ids(self, table: str) -> frozenset[int]:
        """The known ids changed in ``table`` (see ``row_changed`` for unknown ones)."""
        return self.rows.get(table, frozenset()) - ANY

    def row_changed(self, table: str, row_id: int) -> bool:
        ids = self.rows.get(table, frozenset())
        return self.everything or row_id in ids or UNKNOWN in ids

    def touched_contact(self, contact_id: int) -> bool:
        """True if ``contact_id``'s data or timeline may have changed."""
        if self.everything or contact_id in self.contacts:
            return True
        # A raw write to a per-contact table may have touched anyone.
        per_contact = (
            *CONTACT_TABLES,
            *TOUCH_TABLES,
            *MEETING_TABLES,
            "gift",
            "event",
            "article_share",
        )
        return any(t in self.unscoped for t in per_contact)

    def __or__(self, other: Changes) -> Changes:
        if self.everything or other.everything:
            return Changes.all()
        rows = {
            t: self.rows.get(t, frozenset()) | other.rows.get(t, frozenset())
            for t in {*self.rows, *other.rows}
        }
        return Changes(
            rows=rows,
            contacts=self.contacts | other.contacts,
            unscoped=self.unscoped | other.unscoped,
        )


class ChangeCollector:
    """Attached to one session for one transaction; ``result()`` after the commit."""

    def __init__(self) -> None:
        self._rows: dict[str, set[int]] = {}
        self._contacts: set[int] = set()
        self._unscoped: set[str] = set()
        self._flushing = False
        self._linked: dict[str, set[int]] = {}

    def attach(self, session) -> None:
        from sqlalchemy import event

        event.listen(session, "before_flush", self._before_flush)
        event.listen(session, "after_flush", self._after_flush)
        event.listen(session, "after_flush_postexec", self._after_flush_postexec)
        event.listen(session, "after_begin", self._after_begin)

    # --- ORM writes: exact rows -------------------------------------------------

    def _before_flush(self, session, _context, _instances) -> None:
        self._flushing = True

    def _after_flush(self, session, _context) -> None:
        for obj in (*session.new, *session.dirty, *session.deleted):
            table = getattr(obj, "__tablename__", None)
            row_id = getattr(obj, "id", None)
            if table is None:
                continue
            if table == "contact" and row_id is not None:
                self._contacts.add(row_id)
            contact_id = getattr(obj, "contact_id", None)
            if isinstance(contact_id, int):
                self._contacts.add(contact_id)
            if not isinstance(row_id, int):  # link rows: the table is what counts
                self._rows.setdefault(table, set())
                continue
            self._rows.setdefault(table, set()).add(row_id)
            if table in _LINKED_CONTACTS:
                self._linked.setdefault(table, set()).add(row_id)

    def _after_flush_postexec(self, session, _context) -> None:
        self._flushing = False
        conn = session.connection()
        for table, ids in self._linked.items():
            link, column = _LINKED_CONTACTS[table]
            for part, marks in id_chunks(sorted(ids)):
                rows = conn.exec_driver_sql(
                    f"SELECT contact_id FROM {link} WHERE {column} IN ({marks})", tuple(part)
                )
                self._contacts.update(r[0] for r in rows)
        self._linked.clear()

    # --- raw SQL writes: the table, ids unknown ---------------------------------

    def _after_begin(self, _session, _transaction, connection) -> None:
        from sqlalchemy import event

        if not event.contains(connection, "before_cursor_execute", self._statement):
            event.listen(connection, "before_cursor_execute", self._statement)

    def _statement(self, _conn, _cursor, statement, params, _context, many) -> None:
        if self._flushing:
            return  # the ORM's own statements: after_flush knows their rows exactly
        match = _DML.match(statement)
        if not match or match.group(1).lower() in DERIVED_TABLES:
            return
        table = match.group(1).lower()
        sets = list(params) if many else [params]
        lasts = {p[-1] for p in sets if isinstance(p, (tuple, list)) and p}
        by_id = _BY_ID.search(statement) and all(isinstance(v, int) for v in lasts)
        if _only_derived(table, statement):
            if by_id and table == "contact":
                self._contacts.update(lasts)
            return
        if by_id:
            self._rows.setdefault(table, set()).update(lasts)
            if table == "contact":
                self._contacts.update(lasts)
        elif _BY_CONTACT.search(statement) and all(isinstance(v, int) for v in lasts):
            self._rows.setdefault(table, set()).add(UNKNOWN)  # which rows: unknown; whose: known
            self._contacts.update(lasts)
        else:
            self._rows.setdefault(table, set()).add(UNKNOWN)
            self._unscoped.add(table)

    def detach_connection(self, connection) -> None:
        from sqlalchemy import event

        if event.contains(connection, "before_cursor_execute", self._statement):
            event.remove(connection, "before_cursor_execute", self._statement)

    def result(self) -> Changes:
        rows = {t: frozenset(ids) for t, ids in self._rows.items()}
        return Changes(
            rows=rows, contacts=frozenset(self._contacts), unscoped=frozenset(self._unscoped)
        )


def _only_derived(table: str, statement: str) -> bool:
    """True for an UPDATE that sets nothing but ``DERIVED_COLUMNS`` of ``table``."""
    derived = DERIVED_COLUMNS.get(table)
    head = re.match(r"^\s*UPDATE\s+\S+\s+SET\s+", statement, re.IGNORECASE)
    if derived is None or head is None:
        return False
    columns, depth, start = [], 0, head.end()
    for i, ch in enumerate(statement[start:], start):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and (ch == "," or statement[i : i + 7].upper() == " WHERE "):
            columns.append(statement[start:i])
            start = i + 1
            if ch != ",":
                break
    else:
        columns.append(statement[start:])
    names = {part.split("=", 1)[0].strip().strip('"').lower() for part in columns}
    return bool(names) and names <= derived
