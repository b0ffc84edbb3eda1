"""Writing an import plan as one batch, and taking the whole batch back.

``apply_import`` runs inside the caller's transaction (``Store.transaction()``):
it either writes every planned card or, on an error or Cancel, nothing. It
returns what ``undo_import`` needs to put the store back as it was:

- contacts the import **created are purged**, not trashed: after Undo the store
  is exactly as before, so importing the file again plans them as new, with
  their UIDs, instead of finding copies in the trash;
- contacts it **updated are restored** to their earlier draft (values, photo,
  tags), kept vCard lines and ``updated_at``;
- tags it created and nobody uses any more are removed.

Redo is ``apply_import`` of the same plan again: Undo restored the state the
plan was made against, so it applies the same way (new ids for new contacts).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from prm.core import search
from prm.core.clock import Clock
from prm.core.contacts import (
    create_contact,
    draft_from_contact,
    get_contact,
    purge_contacts,
    trash_contacts,
    update_contact,
)
from prm.core.drafts import ContactDraft
from prm.core.errors import KnownError
from prm.core.vcard.bulk import bulk_create, can_bulk_create
from prm.core.vcard.card_touches import delete_touches, write_card_touches
from prm.core.vcard.importer import ImportPlan, extra_lines_of

NEW, UPDATES = "new", "updates"
CHUNK = 500


class ImportCancelled(KnownError):
    def __init__(self) -> None:
        super().__init__("The import was cancelled; nothing was imported.")


@dataclass
class Restore:
    """An updated contact as it was before the import."""

    contact_id: int
    draft: ContactDraft
    extra_lines: list[str]
    updated_at: datetime


@dataclass
class ImportResult:
    created_ids: list[int] = field(default_factory=list)
    restores: list[Restore] = field(default_factory=list)
    created_tag_ids: list[int] = field(default_factory=list)
    touch_ids: list[int] = field(default_factory=list)  # logged on contacts it updated

    @property
    def updated_ids(self) -> list[int]:
        return [r.contact_id for r in self.restores]

    @property
    def count(self) -> int:
        return len(self.created_ids) + len(self.restores)


def apply_import(
    session: Session,
    plan: ImportPlan,
    *,
    clock: Clock,
    include: Collection[str] = (NEW, UPDATES),
    cancelled: Callable[[], bool] = lambda: False,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Write the plan's new and updated cards; raises ImportCancelled (the caller rolls back)."""
    if plan.cancelled:
        raise ImportCancelled()
    conn = session.connection()
    tags_before = {row[0] for row in conn.exec_driver_sql("SELECT id FROM tag")}
    result = ImportResult()
    done = flushed = 0

    def step(count: int = 1) -> None:
        nonlocal done, flushed
        done += count
        if cancelled():
            raise ImportCancelled()
        if done - flushed >= 100:
            flushed = done
            session.flush()
            session.expunge_all()  # everything is flushed: keep the identity map small
            if progress is not None:
                progress(done)

    new = plan.new if NEW in include else []
    for start in range(0, len(new), CHUNK):
        chunk = new[start : start + CHUNK]
        part = [c for c in chunk if can_bulk_create(c.draft)]  # type: ignore[arg-type]
        ids = bulk_create(session, drafts=[(c.uid, c.draft) for c in part], clock=clock)  # type: ignore[misc]
        for card in (c for c in chunk if not can_bulk_create(c.draft)):  # type: ignore[arg-type]
            # a draft linking to other records: the ORM path checks those links
            contact = create_contact(  # the import plan has matched it already
                session,
                draft=card.draft,  # type: ignore[arg-type]
                clock=clock,
                allow_duplicate=True,
            )
            contact.uid = card.uid or contact.uid
            session.flush()
            part.append(card)
            ids.append(contact.id)
        result.created_ids += ids
        _many_lines(session, [(cid, card.extra_lines) for cid, card in zip(ids, part, strict=True)])
        write_card_touches(
            session, [(cid, card.touches) for cid, card in zip(ids, part, strict=True)], clock=clock
        )
        step(len(part))
    for card in plan.updates if UPDATES in include else ():
        assert card.draft is not None and card.contact_id is not None
        contact = get_contact(session, contact_id=card.contact_id)
        before_lines = extra_lines_of(session, [contact.id]).get(contact.id, [])
        result.restores.append(
            Restore(contact.id, draft_from_contact(contact), before_lines, contact.updated_at)
        )
        update_contact(session, contact_id=contact.id, draft=card.draft, clock=clock)
        if card.extra_lines and card.extra_lines != before_lines:
            _replace_lines(session, contact.id, card.extra_lines)
        result.touch_ids += write_card_touches(session, [(contact.id, card.touches)], clock=clock)
        step()
    session.flush()
    search.merge_after_bulk(conn, len(result.created_ids))
    tags_after = {row[0] for row in conn.exec_driver_sql("SELECT id FROM tag")}
    result.created_tag_ids = sorted(tags_after - tags_before)
    if progress is not None:
        progress(done)
    return result


def undo_import(session: Session, result: ImportResult, *, clock: Clock) -> None:
    """Put the store back as it was before ``apply_import`` returned ``result``."""
    delete_touches(session, result.touch_ids)
    trash_contacts(session, ids=result.created_ids, clock=clock)
    purge_contacts(session, ids=result.created_ids)
    for restore in result.restores:
        contact = update_contact(
            session, contact_id=restore.contact_id, draft=restore.draft, clock=clock
        )
        contact.updated_at = restore.updated_at
        _replace_lines(session, restore.contact_id, restore.extra_lines)
    session.flush()
    if result.created_tag_ids:
        marks = ",".join("?" * len(result.created_tag_ids))
        session.connection().exec_driver_sql(
            f"DELETE FROM tag WHERE id IN ({marks}) AND id NOT IN (SELECT tag_id FROM contact_tag)",
            tuple(result.created_tag_ids),
        )


def property_name(line: str) -> str:
    """``item1.X-ABLABEL;TYPE=x:Boss`` -> ``X-ABLABEL``."""
    head = line.split(":", 1)[0].split(";", 1)[0]
    return head.rsplit(".", 1)[-1].strip().upper()


def _insert_lines(session: Session, contact_id: int, lines: list[str]) -> None:
    _many_lines(session, [(contact_id, lines)])


def _many_lines(session: Session, pairs: list[tuple[int, list[str]]]) -> None:
    rows = [
        (cid, i, property_name(line), line) for cid, lines in pairs for i, line in enumerate(lines)
    ]
    if rows:
        session.connection().exec_driver_sql(
            "INSERT INTO contact_vcard_property (contact_id, position, name, line) VALUES (?, ?, ?, ?)",
            rows,
        )


def _replace_lines(session: Session, contact_id: int, lines: list[str]) -> None:
    session.connection().exec_driver_sql(
        "DELETE FROM contact_vcard_property WHERE contact_id = ?", (contact_id,)
    )
    _insert_lines(session, contact_id, lines)
