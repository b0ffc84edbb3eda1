"""Waiting proposals follow the address book: someone who was unknown when their
mail or invitation was read is linked as soon as a live contact has that address
(added from "New contacts?", typed in, imported, or an email added to someone).

Raw SQL on the write's own connection, called for every write that touches
contacts or their emails (``prm.core.derived``): no ORM, no capture imports.
"""

from __future__ import annotations

_MATCH = (
    "UPDATE capture_proposal_person SET contact_id = ("
    " SELECT e.contact_id FROM contact_email e JOIN contact c ON c.id = e.contact_id"
    " WHERE lower(e.value) = capture_proposal_person.email AND c.deleted_at IS NULL{among}"
    " ORDER BY e.contact_id LIMIT 1)"
    " WHERE contact_id IS NULL AND email != '' AND email IN"
    " (SELECT lower(e.value) FROM contact_email e WHERE 1 = 1{among})"
    " AND proposal_id IN (SELECT id FROM capture_proposal WHERE status = 'pending')"
)
CHUNK = 500  # contact ids per statement: far below SQLite's limit on bound values


def relink_unknown_people(raw, contact_ids: list[int] | None) -> None:
    """``raw``: the connection's ``exec_driver_sql``; ``contact_ids``: the contacts
    this write touched (their addresses are all that can newly match), or None
    after a write whose rows are unknown (an import of everything)."""
    if contact_ids is None:
        raw(_MATCH.format(among=""))
        return
    for start in range(0, len(contact_ids), CHUNK):
        part = tuple(contact_ids[start : start + CHUNK])
        among = f" AND e.contact_id IN ({', '.join('?' * len(part))})"
        raw(_MATCH.format(among=among), part + part)
