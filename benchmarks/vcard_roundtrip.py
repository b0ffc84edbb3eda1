"""Store a read card the plain way (no matching), export it, read it back.

Shared by the conformance script and the benchmark; the real importer
(match, merge, undo) lives in prm/core/vcard/importer.py.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from sqlmodel import Session, select

from prm.core.clock import Clock
from prm.core.contacts import create_contact
from prm.core.models import Contact, ContactVCardProperty
from prm.core.vcard.card import ParsedCard, carried
from prm.core.vcard.convert import convert_line
from prm.core.vcard.read import read_vcards
from prm.core.vcard.write import export_vcards


def save_parsed(session: Session, card: ParsedCard, clock: Clock) -> Contact:
    # one store holds many cards: the same person may come back from another file
    contact = create_contact(session, draft=card.draft, clock=clock, allow_duplicate=True)
    if card.uid and session.exec(select(Contact.id).where(Contact.uid == card.uid)).first() is None:
        contact.uid = card.uid
    for i, line in enumerate(card.extra_lines):
        name = line.split(":", 1)[0].split(";", 1)[0].rsplit(".", 1)[-1].upper()
        session.add(ContactVCardProperty(contact_id=contact.id, position=i, name=name, line=line))
    session.flush()
    return contact


def export_one(session: Session, contact_id: int, version: str, clock: Clock) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "one.vcf"
        export_vcards(
            session,
            out=out,
            version=version,
            contact_ids=[contact_id],
            include_notes=True,
            clock=clock,
        )
        return out.read_bytes()


def round_trip_problems(session: Session, card: ParsedCard, clock: Clock) -> list[str]:
    """What a card loses on store -> export (3.0 and 4.0) -> read; [] when nothing."""
    expected = carried(card.draft.cleaned())
    contact = save_parsed(session, card, clock)
    problems = []
    for version in ("3.0", "4.0"):
        data = export_one(session, contact.id, version, clock)
        items = list(read_vcards(io.BytesIO(data)))
        if len(items) != 1 or not isinstance(items[0], ParsedCard):
            problems.append(f"{version}: exported card reads back as {items}")
            continue
        again = items[0]
        got = carried(again.draft.cleaned())
        for key in expected:
            if expected[key] != got[key]:
                problems.append(f"{version}: {key} {expected[key]!r:.80} became {got[key]!r:.80}")
        # Kept lines go out in the target version's grammar (convert.py), and come back so.
        sent = [line for line in (convert_line(x, version)[0] for x in card.extra_lines) if line]
        if again.extra_lines != sent:
            problems.append(f"{version}: kept lines changed: {sent} -> {again.extra_lines}")
        if again.uid != contact.uid:
            problems.append(f"{version}: UID {contact.uid} became {again.uid}")
    return problems
