"""What a LinkedIn row adds to a contact you already have: the connection date.

``plan_import`` merges a row into its match like any card, but how-we-met and
touches are PRM's own, beyond what a vCard carries. This step, run after
planning, keeps a matched row's touches only where the contact has no touch
with that summary around that day (importing the file twice logs nothing
twice), fills an empty how-we-met, and so turns an "unchanged" match into an
update when it brings either.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from prm.core.vcard.bulk import load_drafts
from prm.core.vcard.importer import CardPlan, ImportPlan
from prm.core.vcard.merge import ADD, FILL, FieldChange


def enrich_matches(session: Session, plan: ImportPlan) -> None:
    """Keep matched rows' new touches and how-we-met in the plan; call after ``plan_import``."""
    entries = [e for e in (*plan.updates, *plan.unchanged) if e.touches]
    if not entries:
        return
    drafts = load_drafts(session, ids=[e.contact_id for e in entries if e.draft is None])  # type: ignore[misc]
    conn = session.connection()
    moved: list[CardPlan] = []
    for entry in entries:
        entry.touches = [
            t
            for t in entry.touches
            if conn.exec_driver_sql(
                "SELECT 1 FROM touch t JOIN touch_participant p ON p.touch_id = t.id"
                " WHERE p.contact_id = ? AND t.summary = ? AND t.deleted_at IS NULL"
                " AND t.occurred_at >= ? AND t.occurred_at < ? LIMIT 1",
                (
                    entry.contact_id,
                    t.summary,
                    str(t.on - timedelta(days=1)),
                    str(t.on + timedelta(days=2)),
                ),
            ).first()
            is None
        ]
        draft = entry.draft if entry.draft is not None else drafts[entry.contact_id][0]  # type: ignore[index]
        changes = [
            FieldChange("touch", ADD, "", f"{t.on:%d %b %Y}: {t.summary}") for t in entry.touches
        ]
        if entry.touches and not draft.how_we_met:
            draft.how_we_met = entry.touches[0].summary
            changes.insert(0, FieldChange("how_we_met", FILL, "", draft.how_we_met))
        if changes and entry.draft is None:
            entry.draft = draft
            moved.append(entry)
        entry.changes += changes
    for entry in moved:
        plan.unchanged.remove(entry)
        plan.updates.append(entry)
