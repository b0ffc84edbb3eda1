"""Moving every link of a merged-away contact to the contact that stays.

Raw SQL, a statement per kind of link: touches and meetings both took part in
keep one participant row; a relation between the two would become a relation
of the contact with itself and goes; a relation both had to the same person
stays once.
"""

from __future__ import annotations

from sqlmodel import Session

# kind shown to the user -> (table, column holding the contact)
LINKS = {
    "touches": ("touch_participant", "contact_id"),
    "meetings": ("meeting_attendee", "contact_id"),
    "gifts": ("gift", "contact_id"),
    "events": ("event", "contact_id"),
    "article shares": ("article_share", "contact_id"),
    "relations": ("contact_relation", "contact_id"),
    "relations to them": ("contact_relation", "other_id"),
    "referrals": ("contact", "referred_by_id"),
}


def count_links(session: Session, other_id: int) -> dict[str, int]:
    raw = session.connection().exec_driver_sql
    counts = {}
    for kind, (table, column) in LINKS.items():
        counts[kind] = raw(
            f'SELECT count(*) FROM "{table}" WHERE "{column}" = ?', (other_id,)
        ).scalar_one()
    return counts


def move_links(session: Session, *, keep_id: int, other_id: int) -> None:
    raw = session.connection().exec_driver_sql
    k, o = keep_id, other_id
    for table, key in (("touch_participant", "touch_id"), ("meeting_attendee", "meeting_id")):
        raw(
            f'DELETE FROM "{table}" WHERE contact_id = ? AND "{key}" IN'
            f' (SELECT "{key}" FROM "{table}" WHERE contact_id = ?)',
            (o, k),
        )
        raw(f'UPDATE "{table}" SET contact_id = ? WHERE contact_id = ?', (k, o))
    for table in ("gift", "event", "article_share"):
        raw(f'UPDATE "{table}" SET contact_id = ? WHERE contact_id = ?', (k, o))
    raw(
        "DELETE FROM contact_relation WHERE (contact_id = ? AND other_id = ?)"
        " OR (contact_id = ? AND other_id = ?)",
        (o, k, k, o),
    )
    raw("UPDATE contact_relation SET contact_id = ? WHERE contact_id = ?", (k, o))
    raw("UPDATE contact_relation SET other_id = ? WHERE other_id = ?", (k, o))
    raw(
        "DELETE FROM contact_relation WHERE (contact_id = ? OR other_id = ?) AND id NOT IN"
        " (SELECT min(id) FROM contact_relation GROUP BY contact_id, other_id, kind)",
        (k, k),
    )
    raw("UPDATE contact SET referred_by_id = ? WHERE referred_by_id = ? AND id != ?", (k, o, k))
    # Captured proposals waiting for a decision name the person who stays.
    raw("UPDATE capture_proposal_person SET contact_id = ? WHERE contact_id = ?", (k, o))
