"""Import a vCard text into the store the way a user does, export it, read it again."""

from __future__ import annotations

from pathlib import Path

from prm.core.vcard.apply import apply_import
from prm.core.vcard.card import ParsedCard
from prm.core.vcard.importer import plan_import
from prm.core.vcard.read import read_vcards
from prm.core.vcard.write import export_vcards


def card_text(body: str, version: str) -> bytes:
    return f"BEGIN:VCARD\r\nVERSION:{version}\r\n{body.strip()}\r\nEND:VCARD\r\n".encode()


def import_bytes(store, clock, data: bytes) -> list[int]:
    with store.reading() as session:
        plan = plan_import(session, read_vcards(data))
    with store.transaction() as session:
        apply_import(session, plan, clock=clock)
        rows = session.connection().exec_driver_sql("SELECT id FROM contact ORDER BY id")
        return [r[0] for r in rows]


def export_text(store, clock, folder: Path, version: str, name: str = "out") -> tuple[str, list]:
    """(the exported file's text, what the export left out)."""
    out = folder / f"{name}-{version}.vcf"
    with store.reading() as session:
        result = export_vcards(session, out=out, version=version, include_notes=True, clock=clock)
    return out.read_bytes().decode("utf-8"), result.left_out


def unfold(text: str) -> str:
    """The exported text with folded lines joined (what to search for a whole line in)."""
    return text.replace("\r\n ", "")


def read_one(text: str) -> ParsedCard:
    [card] = list(read_vcards(text.encode("utf-8")))
    assert isinstance(card, ParsedCard), card
    return card
