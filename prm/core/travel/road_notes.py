"""Road notes back into PRM: touches typed on a phone during a trip, as text or CSV.

``read_road_notes`` reads the file (any encoding a spreadsheet or phone writes,
decoded as CSV contact imports are), parses every line (``road_note_lines``) and
matches each person by the rules capture and import use: an email address, the
exact display name (case and accents aside), else the nickname; ``#12`` is
contact 12; "Anna Schmidt & Bob Lee" is one touch with both, when each is someone. A name that fits several contacts, or none, or only someone in the
trash, is listed with the reason and never guessed. A note already logged (same
person, day, channel and summary: the file imported twice) is listed too.
Nothing is written until ``apply_road_notes``, which logs them all in the
caller's one transaction; ``undo_road_notes`` / ``redo_road_notes`` are the
undo step (to the trash and back, as capture's accept).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path

from sqlmodel import Session

from prm.core.clock import Clock
from prm.core.db_time import db_timestamp
from prm.core.errors import KnownError
from prm.core.text_fold import words
from prm.core.travel.road_note_lines import (
    NoteLine,
    Problem,
    csv_columns,
    parse_csv,
    parse_text,
    resolver,
    summary_and_notes,
)
from prm.core.vocab import TOUCH_CHANNELS

MAX_NOTES_BYTES = 16 << 20  # a trip's notes are kilobytes; for callers reading a file


@dataclass(frozen=True)
class RoadNote:
    """One touch to log: the line it came from and who it is with."""

    line: int
    on: date
    contact_ids: tuple[int, ...]  # one touch with everyone named ("Anna & Bob: lunch")
    names: tuple[str, ...]  # their display names, for the preview
    channel: str
    summary: str
    notes: str = ""
    at: time | None = None  # the hour the line gave; else the touch is logged at noon

    @property
    def name(self) -> str:
        return " & ".join(self.names)

    @property
    def channel_label(self) -> str:
        return TOUCH_CHANNELS.get(self.channel, self.channel)


@dataclass
class RoadNotes:
    rows: list[RoadNote] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # by line number
    format: str = "text"  # "text" | "csv"
    encoding: str = "utf-8"


def read_road_notes(
    session: Session,
    data: bytes,
    *,
    today: date,
    trip: tuple[date, date] | None = None,
    name: str = "",
) -> RoadNotes:
    """The notes in ``data`` matched to contacts; KnownError only when the whole file is
    unreadable (empty, binary). ``trip`` (first, last day) gives a date without a year
    its year; ``name`` names the file in messages."""
    from prm.core.csv_contacts.table import decode

    where = f"{name}: " if name else ""
    if b"\0" in data[:4096] and not _utf16(data):
        raise KnownError(f"{where}this is a binary file, not road notes (text or CSV).")
    text, encoding = decode(data)
    if not text.strip():
        raise KnownError(f"{where}the file is empty.")
    resolve = resolver(today=today, trip=trip)
    found = csv_columns(text)
    if found is not None:
        lines, problems = parse_csv(text, *found, resolve=resolve)
    else:
        lines, problems = parse_text(text, resolve=resolve)
    notes = RoadNotes(format="csv" if found else "text", encoding=encoding)
    people = _People(session)
    for line in lines:
        try:
            notes.rows.append(_matched(line, people, today))
        except _Unmatched as exc:
            problems.append(Problem(line.line, f"{line.on} {line.person}: {line.note}", str(exc)))
    _drop_logged_before(session, notes, problems)
    notes.problems = sorted(problems, key=lambda p: p.line)
    return notes


class _Unmatched(Exception):
    pass


def _matched(line: NoteLine, people: _People, today: date) -> RoadNote:
    if line.on > today:
        raise _Unmatched(f"{line.on} is in the future; log it once it has happened")
    found = people.find_all(line.person)
    ids = tuple(dict.fromkeys(cid for cid, _ in found))
    names = tuple(dict(found)[cid] for cid in ids)
    summary, notes = summary_and_notes(line.note)
    return RoadNote(line.line, line.on, ids, names, line.channel, summary, notes, line.at)


_JOINS = re.compile(r"\s*(?:,|&|\+|\band\b|\bund\b)\s*", re.IGNORECASE)


class _People:
    """The live contacts by folded display name and nickname; read once per file."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._names: dict[tuple[str, ...], list[int]] | None = None
        self._nicknames: dict[tuple[str, ...], list[int]] = {}
        self._trashed: dict[tuple[str, ...], int] = {}
        self._shown: dict[int, str] = {}

    def _load(self) -> dict[tuple[str, ...], list[int]]:
        if self._names is None:
            self._names = {}
            rows = self._session.connection().exec_driver_sql(
                "SELECT id, display_name, nickname, deleted_at IS NOT NULL FROM contact ORDER BY id"
            )
            for cid, display, nickname, trashed in rows:
                if trashed:
                    self._trashed.setdefault(words(display or ""), cid)
                    continue
                self._shown[cid] = display
                self._names.setdefault(words(display or ""), []).append(cid)
                if nickname and words(nickname):
                    self._nicknames.setdefault(words(nickname), []).append(cid)
        return self._names

    def find_all(self, person: str) -> list[tuple[int, str]]:
        """Everyone ``person`` names: one contact, or several joined by "&", "and", "+"
        or "," when the whole is nobody's name and every part is someone's."""
        try:
            return [self.find(person)]
        except _Unmatched as whole:
            parts = [p for p in _JOINS.split(person) if p.strip()]
            if len(parts) < 2:
                raise
            found, failed = [], None
            for part in parts:
                try:
                    found.append(self.find(part))
                except _Unmatched as exc:
                    failed = failed or exc
            if failed is not None:
                raise (failed if found else whole) from None
            return found

    def find(self, person: str) -> tuple[int, str]:
        """(id, display name) of the one contact ``person`` names; _Unmatched says why not."""
        names = self._load()
        text = person.strip()
        if text.startswith("#") and text[1:].isdigit():
            ids = [int(text[1:])] if int(text[1:]) in self._shown else []
            how = "number"
        elif "@" in text:
            ids = self._by_email(text)
            how = "email address"
        else:
            key = words(text)
            ids = names.get(key, []) or self._nicknames.get(key, [])
            how = "name or nickname"
            if not ids and key in self._trashed:
                raise _Unmatched(
                    f"“{text}” is in the trash (#{self._trashed[key]}); restore them first"
                )
        if not ids:
            raise _Unmatched(f"no contact has the {how} “{text}”")
        if len(ids) > 1:
            listed = ", ".join(f"#{i} {self._shown[i]}" for i in ids[:5])
            raise _Unmatched(
                f"“{text}” fits {len(ids)} contacts ({listed}); write the full name, "
                "their email or #number"
            )
        return ids[0], self._shown[ids[0]]

    def _by_email(self, address: str) -> list[int]:
        found = self._session.connection().exec_driver_sql(
            "SELECT DISTINCT e.contact_id FROM contact_email e JOIN contact c ON c.id = e.contact_id"
            " WHERE lower(e.value) = ? AND c.deleted_at IS NULL ORDER BY e.contact_id",
            (address.lower(),),
        )
        return [cid for (cid,) in found if cid in self._shown]


def _drop_logged_before(session: Session, notes: RoadNotes, problems: list[Problem]) -> None:
    """Notes already in the store (the same file imported twice), or twice in the file,
    become problems."""
    conn = session.connection()
    keep = []
    first: dict[tuple, int] = {}
    for row in notes.rows:
        key = (row.contact_ids, row.on, row.at, row.channel, row.summary, row.notes)
        if key in first:
            problems.append(
                Problem(row.line, f"{row.on} {row.name}: {row.summary}",
                        f"the same note as line {first[key]}; logged once")
            )  # fmt: skip
            continue
        first[key] = row.line
        # a day either side: the zone it was logged in need not be this one
        start = db_timestamp(datetime.combine(row.on - timedelta(days=1), time(0), tzinfo=UTC))
        end = db_timestamp(datetime.combine(row.on + timedelta(days=2), time(0), tzinfo=UTC))
        same = conn.exec_driver_sql(
            "SELECT 1 FROM touch_participant p JOIN touch t ON t.id = p.touch_id"
            " WHERE p.contact_id = ? AND t.deleted_at IS NULL AND t.channel = ?"
            " AND t.summary = ? AND t.occurred_at >= ? AND t.occurred_at < ? LIMIT 1",
            (row.contact_ids[0], row.channel, row.summary, start, end),
        ).first()
        if same:
            problems.append(
                Problem(
                    row.line,
                    f"{row.on} {row.name}: {row.summary}",
                    "already logged (the same touch on that day); not logged again",
                )
            )
        else:
            keep.append(row)
    notes.rows = keep


def load_road_notes(
    session: Session, path: Path, *, today: date, trip: tuple[date, date] | None = None
) -> RoadNotes:
    """``read_road_notes`` of a file the user named (regular files only, size-capped)."""
    from prm.core.infile import read_input

    data = read_input(path, limit=MAX_NOTES_BYTES, what="road notes file")
    return read_road_notes(session, data, today=today, trip=trip, name=str(path))


def preview(notes: RoadNotes) -> list[str]:
    """What would be logged and what was left out, one line each, in file order:
    ``line 3: 3 Dec 2026, Anna Schmidt, In person — coffee, talked about Q1`` /
    ``line 4 left out: “Anna” — no contact has the name or nickname “Anna”``."""
    out = [
        (r.line, f"line {r.line}: {r.on:%d %b %Y}{r.at and f' {r.at:%H:%M}' or ''}, {r.name}, "
         f"{r.channel_label}" + (f" — {r.summary}" if r.summary else ""))
        for r in notes.rows
    ]  # fmt: skip
    out += [(p.line, f"line {p.line} left out: {p.text} — {p.reason}") for p in notes.problems]
    return [text for _, text in sorted(out, key=lambda pair: pair[0])]


def apply_road_notes(
    session: Session, rows: list[RoadNote], clock: Clock, *, zone: tzinfo | None = None
) -> list[int]:
    """Log every note as a touch (at its hour, else noon, in ``zone``, default the computer's),
    in the caller's transaction: all or none. The new touches' ids, for undo."""
    from prm.core.touches import TouchDraft, log_touch

    if zone is None:
        from prm.core.context import local_zone

        zone = local_zone()
    ids = []
    for row in rows:
        draft = TouchDraft(
            contact_ids=list(row.contact_ids),
            channel=row.channel,
            direction="out",
            occurred_at=datetime.combine(row.on, row.at or time(12), tzinfo=zone),
            summary=row.summary,
            notes=row.notes,
        )
        ids.append(log_touch(session, draft=draft, clock=clock).id)
    return ids


def undo_road_notes(session: Session, touch_ids: list[int], *, clock: Clock) -> list[int]:
    """The undo step: the imported touches go to the trash (as capture's accept undoes)."""
    from prm.core.touches import trash_touches

    return trash_touches(session, ids=touch_ids, clock=clock)


def redo_road_notes(session: Session, touch_ids: list[int]) -> list[int]:
    from prm.core.touches import restore_touches

    return restore_touches(session, ids=touch_ids)


def _utf16(data: bytes) -> bool:
    head = data[:4096]
    return head.startswith((b"\xff\xfe", b"\xfe\xff")) or head.count(0) * 3 > len(head)
