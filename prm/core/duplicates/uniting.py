"""The multi-valued fields of a merge: emails, phones, addresses, websites,
interests, tags and kept vCard lines, united without repeats (an email equal
ignoring case, a phone equal once normalized, an address equal ignoring case)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sqlmodel import Session, select

from prm.core.models import (
    Contact,
    ContactAddress,
    ContactEmail,
    ContactInterest,
    ContactPhone,
    ContactUrl,
    ContactVCardProperty,
)


def _email_key(value: str) -> str:
    return value.strip().casefold()


def _phone_key(phone: ContactPhone) -> str:
    return phone.normalized or phone.value


def _address_text(a: ContactAddress) -> str:
    return ", ".join(p for p in (a.street, a.locality, a.region, a.postal_code, a.country) if p)


def _vcard_lines(session: Session, contact_id: int) -> list[ContactVCardProperty]:
    return list(
        session.exec(
            select(ContactVCardProperty)
            .where(ContactVCardProperty.contact_id == contact_id)
            .order_by(ContactVCardProperty.position)  # type: ignore[arg-type]
        )
    )


def multi_values(
    session: Session, keep: Contact, other: Contact
) -> Iterator[tuple[str, list[str], list[str], Callable[[str], str]]]:
    """(label, keep's values, other's values, what makes two equal) per multi-valued field."""
    yield "Emails", [e.value for e in keep.emails], [e.value for e in other.emails], _email_key
    yield (
        "Phones",
        [p.value for p in keep.phones],
        [p.value for p in other.phones],
        _phone_normalizer(keep, other),
    )
    yield (
        "Addresses",
        [_address_text(a) for a in keep.addresses],
        [_address_text(a) for a in other.addresses],
        str.casefold,
    )
    yield "Websites", [u.value for u in keep.urls], [u.value for u in other.urls], str.strip
    yield (
        "Interests",
        [i.topic for i in keep.interests],
        [i.topic for i in other.interests],
        str.casefold,
    )
    yield "Tags", [t.name for t in keep.tags], [t.name for t in other.tags], str.casefold
    yield (
        "Other vCard lines",
        [p.line for p in _vcard_lines(session, keep.id)],  # type: ignore[arg-type]
        [p.line for p in _vcard_lines(session, other.id)],  # type: ignore[arg-type]
        str,
    )


def _phone_normalizer(keep: Contact, other: Contact):
    normalized = {p.value: _phone_key(p) for p in (*keep.phones, *other.phones)}
    return lambda value: normalized.get(value, value)


def unite(mine: list[str], theirs: list[str], norm) -> list[str]:
    seen = {norm(v) for v in mine}
    out = list(mine)
    for value in theirs:
        if norm(value) not in seen:
            seen.add(norm(value))
            out.append(value)
    return out


def unite_children(session: Session, keep: Contact, other: Contact) -> None:
    """Copies of the other's values the kept contact lacks (the other keeps its own)."""
    have = {_email_key(e.value) for e in keep.emails}
    for e in other.emails:
        if _email_key(e.value) not in have:
            have.add(_email_key(e.value))
            keep.emails.append(
                ContactEmail(value=e.value, label=e.label, position=len(keep.emails))
            )
    have = {_phone_key(p) for p in keep.phones}
    for p in other.phones:
        if _phone_key(p) not in have:
            have.add(_phone_key(p))
            keep.phones.append(
                ContactPhone(
                    value=p.value, normalized=p.normalized, label=p.label,
                    position=len(keep.phones),
                )
            )  # fmt: skip
    have = {_address_text(a).casefold() for a in keep.addresses}
    for a in other.addresses:
        if _address_text(a).casefold() not in have:
            have.add(_address_text(a).casefold())
            keep.addresses.append(
                ContactAddress(
                    label=a.label, street=a.street, locality=a.locality, region=a.region,
                    postal_code=a.postal_code, country=a.country, position=len(keep.addresses),
                )
            )  # fmt: skip
    have = {u.value.strip() for u in keep.urls}
    for u in other.urls:
        if u.value.strip() not in have:
            have.add(u.value.strip())
            keep.urls.append(ContactUrl(value=u.value, label=u.label, position=len(keep.urls)))
    have = {i.topic.casefold() for i in keep.interests}
    for i in other.interests:
        if i.topic.casefold() not in have:
            have.add(i.topic.casefold())
            keep.interests.append(ContactInterest(topic=i.topic, position=len(keep.interests)))
    names = {t.name.casefold() for t in keep.tags}
    keep.tags.extend(t for t in other.tags if t.name.casefold() not in names)
    lines = _vcard_lines(session, keep.id)  # type: ignore[arg-type]
    have = {p.line for p in lines}
    for number, p in enumerate(_vcard_lines(session, other.id), start=len(lines)):  # type: ignore[arg-type]
        if p.line not in have:
            have.add(p.line)
            session.add(
                ContactVCardProperty(contact_id=keep.id, position=number, name=p.name, line=p.line)
            )
