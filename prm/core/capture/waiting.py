"""How many capture proposals wait for the user: one raw count, apart from the queue
(which builds the ORM models) so Home's first screen and the badge stay light."""

from __future__ import annotations

from sqlmodel import Session

# Someone in the address book is on it: the others wait under "New contacts?".
_PENDING = (
    "SELECT count(*) FROM capture_proposal p WHERE p.status = 'pending' AND EXISTS"
    " (SELECT 1 FROM capture_proposal_person pp WHERE pp.proposal_id = p.id"
    " AND pp.contact_id IS NOT NULL)"
)


def pending_count(session: Session) -> int:
    return session.connection().exec_driver_sql(_PENDING).scalar_one()
