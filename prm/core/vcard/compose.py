"""One contact -> the bytes of one vCard 3.0 or 4.0, written by hand.

Hand-written because it is what makes the export budget (vobject's serialize
is several times slower) and because PRM controls every byte: TEXT escaping,
CRLF, folding at 75 octets without splitting a UTF-8 character. The reader in
this package, vobject and the test suite parse it back.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from datetime import datetime

from prm import __version__
from prm.core.vcard import labels
from prm.core.vcard.convert import convert_line
from prm.core.vcard.values import (
    ADDRESS_PARTS,
    MIME_TO_TYPE,
    escape,
    format_date,
    list_value,
    split_street,
)

PRODID = f"PRODID:-//PRM//PRM {__version__}//EN"
_GROUP = re.compile(r"^([A-Za-z0-9-]+)\.")


@dataclass
class ExportRow:
    """What export needs of one contact, read with plain SQL (no ORM objects)."""

    id: int
    uid: str
    prefix: str
    given_name: str
    middle_name: str
    family_name: str
    suffix: str
    nickname: str
    display_name: str
    organization: str
    department: str
    title: str
    birthday: str  # PRM's ISO form, "" when none
    anniversary: str
    notes: str
    updated_at: datetime | None
    emails: list[tuple[str, str, bool]] = field(default_factory=list)  # value, label, preferred
    phones: list[tuple[str, str, bool]] = field(default_factory=list)
    urls: list[tuple[str, str, bool]] = field(default_factory=list)
    # label, street, locality, region, postal code, country, preferred
    addresses: list[tuple[str, str, str, str, str, str, bool]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    photo: tuple[str, bytes] | None = None  # mime, data
    extra_lines: list[str] = field(default_factory=list)


def compose_card(
    row: ExportRow,
    *,
    version: str = "3.0",
    include_notes: bool = False,
    left_out: list[str] | None = None,
) -> bytes:
    """The card's bytes; what the target version cannot carry is noted in ``left_out``."""
    return _Composer(row, version, left_out).compose(include_notes)


class _Composer:
    def __init__(self, row: ExportRow, version: str, left_out: list[str] | None) -> None:
        self.row, self.version, self.v4 = row, version, version == "4.0"
        self.left_out = left_out
        self.lines: list[str] = ["BEGIN:VCARD", f"VERSION:{version}", PRODID]
        taken = {m.group(1).lower() for line in row.extra_lines if (m := _GROUP.match(line))}
        self._taken, self._item = taken, 0

    def _group(self) -> str:
        self._item += 1
        while f"item{self._item}" in self._taken:
            self._item += 1
        return f"item{self._item}."

    def _typed(
        self, name: str, label: str, preferred: bool, value: str, extra_types: tuple = ()
    ) -> None:
        types, ablabel = labels.to_vcard(name, label, self.version)
        if self.v4:
            params = f";TYPE={','.join(types)}" if types else ""
            params += ";PREF=1" if preferred else ""
        else:
            every = [*extra_types, *(t.upper() for t in types)] + (["pref"] if preferred else [])
            params = f";TYPE={','.join(every)}" if every else ""
        if ablabel:
            group = self._group()
            self.lines.append(f"{group}{name}{params}:{value}")
            self.lines.append(f"{group}X-ABLabel:{escape(ablabel)}")
        else:
            self.lines.append(f"{name}{params}:{value}")

    def compose(self, include_notes: bool) -> bytes:
        r, add = self.row, self.lines.append
        add(f"UID:{escape(r.uid)}")
        names = (r.family_name, r.given_name, r.middle_name, r.prefix, r.suffix)
        add("N:" + ";".join(list_value(n, ",") for n in names))
        add(f"FN:{escape(r.display_name or r.organization or '(no name)')}")
        if r.nickname:
            add(f"NICKNAME:{list_value(r.nickname, ',')}")
        if r.organization or r.department:
            add(
                f"ORG:{escape(r.organization)}"
                + (f";{list_value(r.department, ';')}" if r.department else "")
            )
            if not any(names) and not r.nickname:
                add("X-ABShowAs:COMPANY")  # Apple lists a company card by its organization
        if r.title:
            add(f"TITLE:{escape(r.title)}")
        for value, label, preferred in r.emails:
            self._typed("EMAIL", label, preferred, escape(value), ("INTERNET",))
        for value, label, preferred in r.phones:
            self._typed("TEL", label, preferred, escape(value))
        hints = [x.partition(":")[2] for x in r.extra_lines if x.startswith(f"{ADDRESS_PARTS}:")]
        for label, street, locality, region, code, country, preferred in r.addresses:
            parts = (*split_street(street, hints), locality, region, code, country)
            self._typed("ADR", label, preferred, ";".join(escape(p) for p in parts))
        for value, label, preferred in r.urls:
            self._typed("URL", label, preferred, uri_value(value))
        self._dates()
        if r.tags:
            add("CATEGORIES:" + ",".join(escape(t) for t in r.tags))
        if r.photo:
            self._photo(*r.photo)
        if include_notes and r.notes:
            add(f"NOTE:{escape(r.notes)}")
        if r.updated_at:
            add(
                "REV:"
                + r.updated_at.strftime("%Y%m%dT%H%M%SZ" if self.v4 else "%Y-%m-%dT%H:%M:%SZ")
            )
        self._extra_lines()
        add("END:VCARD")
        return b"\r\n".join(fold(line.encode("utf-8")) for line in self.lines) + b"\r\n"

    def _extra_lines(self) -> None:
        """Kept lines, rebuilt in the target version's grammar (see convert.py)."""
        for line in self.row.extra_lines:
            if line.startswith(f"{ADDRESS_PARTS}:"):
                continue  # used by the addresses, not a line of its own
            converted, note = convert_line(line, self.version)
            if converted is not None:
                self.lines.append(converted)
            if note and self.left_out is not None:
                who = self.row.display_name or self.row.organization or f"contact {self.row.id}"
                self.left_out.append(f"{who}: {note}")

    def _dates(self) -> None:
        r, add = self.row, self.lines.append
        if r.birthday:
            params, value = format_date(r.birthday, self.version)
            add(f"BDAY{params}:{value}")
        if not r.anniversary:
            return
        params, value = format_date(r.anniversary, self.version)
        if self.v4:
            add(f"ANNIVERSARY:{value}")
            return
        # 3.0 has no ANNIVERSARY: Apple and Google read X-ABDATE with their label,
        # Evolution, KDE and Thunderbird read X-ANNIVERSARY.
        group = self._group()
        add(f"{group}X-ABDATE{params}:{value}")
        add(f"{group}X-ABLabel:_$!<Anniversary>!$_")
        if not params:
            add(f"X-ANNIVERSARY:{value}")

    def _photo(self, mime: str, data: bytes) -> None:
        encoded = base64.b64encode(data).decode("ascii")
        if self.v4:
            self.lines.append(f"PHOTO:data:{mime};base64,{encoded}")
        else:
            kind = MIME_TO_TYPE.get(mime) or mime.rpartition("/")[2].upper() or "JPEG"
            self.lines.append(f"PHOTO;ENCODING=b;TYPE={kind}:{encoded}")


def uri_value(value: str) -> str:
    """A URI is not TEXT: commas and semicolons stay as they are (no ``a\\,b``);
    only a line break, which no URI holds, is percent-encoded."""
    return value.replace("\r", "%0D").replace("\n", "%0A")


def fold(line: bytes) -> bytes:
    """Fold at 75 octets (RFC 6350 3.2), never inside a UTF-8 character."""
    if len(line) <= 75:
        return line
    parts, start, limit, end = [], 0, 75, len(line)
    while end - start > limit:
        cut = start + limit
        while line[cut] & 0xC0 == 0x80:  # a continuation byte: step back to the character's start
            cut -= 1
        parts.append(line[start:cut])
        start, limit = cut, 74  # continuation lines begin with a space
    parts.append(line[start:])
    return b"\r\n ".join(parts)
