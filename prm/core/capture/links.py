"""Waiting proposals follow the address book: someone who was unknown when their
mail or invitation was read is linked as soon as a live contact has that address
(added from "New contacts?", typed in, imported, or an email added to someone).

Raw SQL on the write's own connection, called for every write that touches
contacts or their emails (``prm.core.derived``): no ORM, no capture imports.
"""

from __future__ import annotations

RELINK = (
    "UPDATE capture_proposal_person SET contact_id = ("
    " SELECT e.contact_id FROM contact_email e JOIN contact c ON c.id = e.contact_id"
    " WHERE lower(e.value) = capture_proposal_person.email AND c.deleted_at IS NULL"
    " ORDER BY e.contact_id LIMIT 1)"
    " WHERE contact_id IS NULL AND email != '' AND proposal_id IN"
    " (SELECT id FROM capture_proposal WHERE status = 'pending')"
)


def relink_unknown_people(raw) -> None:
    """``raw``: the connection's ``exec_driver_sql``."""
    raw(RELINK)
