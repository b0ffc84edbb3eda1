"""The contact page's read model: the contact with the people it links to, named and
labelled from this contact's side, and their open gift ideas."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlmodel import Session

from prm.core import gifts, orm
from prm.core.contacts import get_contact, incoming_relations, referrals
from prm.core.vocab import RELATION_KINDS

if TYPE_CHECKING:  # built on first use (prm.core.orm)
    from prm.core.advocacy.profile import ContactAdvocacy
    from prm.core.models import Contact
    from prm.core.travel.places import PlaceView


@dataclass(frozen=True)
class LinkedContact:
    """Another contact as shown on a card: how they relate, and where to jump."""

    label: str
    contact_id: int
    name: str


@dataclass(frozen=True)
class ContactCard:
    contact: Contact
    referred_by: LinkedContact | None
    referrals: list[LinkedContact]
    relations: list[LinkedContact]  # both directions, labelled from this contact's side
    gift_ideas: tuple = ()  # prm.core.gifts.GiftRow: shown beside their preferences
    # prm.core.advocacy.profile.ContactAdvocacy: referrals, introductions, value breakdown
    advocacy: ContactAdvocacy | None = None
    place: PlaceView | None = None  # their city or country (travel): their local time


def contact_card(session: Session, *, contact_id: int, today: date | None = None) -> ContactCard:
    """``today``: the user's date (for the value's recency and load); None: the machine's."""
    from prm.core.advocacy.profile import contact_advocacy
    from prm.core.travel.places import place_of

    contact = get_contact(session, contact_id=contact_id)
    referred_by = None
    if contact.referred_by_id is not None:
        referrer = session.get(orm.Contact, contact.referred_by_id)
        if referrer is not None:
            referred_by = LinkedContact("Referred by", referrer.id, referrer.display_name)
    relations = [
        LinkedContact(
            RELATION_KINDS.get(r.kind, ("Related to", ""))[0], r.other_id, r.other.display_name
        )
        for r in contact.relations
    ]
    relations += [
        LinkedContact(
            RELATION_KINDS.get(r.kind, ("", "Related to"))[1], r.contact_id, r.contact.display_name
        )
        for r in incoming_relations(session, contact_id=contact_id)
    ]
    return ContactCard(
        contact=contact,
        referred_by=referred_by,
        referrals=[
            LinkedContact("Referred", c.id, c.display_name)
            for c in referrals(session, contact_id=contact_id)
        ],
        relations=relations,
        gift_ideas=tuple(gifts.open_ideas(session, contact_id=contact_id)),
        advocacy=contact_advocacy(session, contact_id=contact_id, today=today or date.today()),
        place=place_of(session, contact_id),
    )
