"""What a vCard brought in that PRM does not model, kept to be written back out.

(No ``from __future__ import annotations`` in model modules.)
"""

from sqlmodel import Field, SQLModel


class ContactVCardProperty(SQLModel, table=True):
    """One unfolded content line, verbatim (group, parameters and value), e.g.
    ``item3.X-ABRELATEDNAMES;TYPE=pref:Jane`` or ``X-SIP:sip:ann@example.com``."""

    __tablename__ = "contact_vcard_property"
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    position: int = 0
    name: str  # upper-case property name without group, for filtering
    line: str
