"""Merging an incoming card into a contact the user already has, without losing anything.

The rule: an empty field is filled, a value the contact lacks is added (emails,
phones, web addresses, addresses, tags, compared normalized), and a value the
user already has is **never overwritten**. Where the card says something else,
the difference is a *conflict*: listed for the preview, left as the user had it.

Both drafts are cleaned (``ContactDraft.cleaned``) before they get here, so
comparisons see the same normal forms the store holds.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache

from prm.core.dates import PartialDate
from prm.core.drafts import AddressDraft, ContactDraft, LabeledValue, field_label
from prm.core.validation import normalize_phone

# The single-valued fields a vCard carries, in the order the preview lists them.
SCALARS = [
    "prefix",
    "given_name",
    "middle_name",
    "family_name",
    "suffix",
    "formatted_name",
    "nickname",
    "organization",
    "department",
    "title",
    "birthday",
    "anniversary",
    "notes",
]

FILL, ADD, CONFLICT = "fill", "add", "conflict"


@dataclass(frozen=True)
class FieldChange:
    field: str  # draft field name: "title", "emails", "photo", "vcard"...
    kind: str  # FILL (was empty) | ADD (a new list item) | CONFLICT (kept the user's)
    old: str  # what the user has, as shown ("" when empty)
    new: str  # what the card brings, as shown

    @property
    def label(self) -> str:
        """How the preview names the field: "Phone", "Web address", "Other vCard fields"."""
        special = {"vcard": "other vCard fields", "addresses": "address", "tags": "tag"}
        text = special.get(self.field) or field_label(self.field)
        return text[:1].upper() + text[1:]


@dataclass
class FieldChanges:
    merged: ContactDraft  # what the contact becomes; equal to the existing draft if nothing changes
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def writes(self) -> list[FieldChange]:
        return [c for c in self.changes if c.kind != CONFLICT]

    @property
    def conflicts(self) -> list[FieldChange]:
        return [c for c in self.changes if c.kind == CONFLICT]

    @property
    def changed(self) -> bool:
        return bool(self.writes)


def plan_merge(existing: ContactDraft, incoming: ContactDraft) -> FieldChanges:
    # Lists copied, items shared: merging appends copies and never edits an item in place.
    merged = dataclasses.replace(
        existing,
        emails=list(existing.emails),
        phones=list(existing.phones),
        urls=list(existing.urls),
        addresses=list(existing.addresses),
        tags=list(existing.tags),
        interests=list(existing.interests),
        relations=list(existing.relations),
    )
    out = FieldChanges(merged)
    for name in SCALARS:
        _merge_scalar(out, name, getattr(existing, name), getattr(incoming, name))
    _merge_photo(out, existing, incoming)
    _merge_values(out, "emails", existing.emails, incoming.emails, lambda v: v.value.casefold())
    _merge_values(out, "phones", existing.phones, incoming.phones, lambda v: phone_key(v.value))
    _merge_values(out, "urls", existing.urls, incoming.urls, lambda v: url_key(v.value))
    _merge_values(out, "addresses", existing.addresses, incoming.addresses, address_key)
    known = {t.casefold() for t in existing.tags}
    for tag in incoming.tags:
        if tag.casefold() not in known:
            known.add(tag.casefold())
            merged.tags.append(tag)
            out.changes.append(FieldChange("tags", ADD, "", tag))
    return out


def _merge_scalar(out: FieldChanges, name: str, old: str, new: str) -> None:
    if not new or _same_text(old, new):
        return
    if not old:
        setattr(out.merged, name, new)
        out.changes.append(FieldChange(name, FILL, "", new))
    elif name in ("birthday", "anniversary") and _adds_year(old, new):
        setattr(out.merged, name, new)  # "--03-14" + "1980-03-14": the card only adds the year
        out.changes.append(FieldChange(name, FILL, old, new))
    else:
        out.changes.append(FieldChange(name, CONFLICT, old, new))


def _merge_photo(out: FieldChanges, existing: ContactDraft, incoming: ContactDraft) -> None:
    if not incoming.photo or incoming.photo == existing.photo:
        return
    if not existing.photo:
        out.merged.photo, out.merged.photo_mime = incoming.photo, incoming.photo_mime
        out.changes.append(FieldChange("photo", FILL, "", describe_photo(incoming)))
    else:
        out.changes.append(
            FieldChange("photo", CONFLICT, describe_photo(existing), describe_photo(incoming))
        )


def _merge_values(out: FieldChanges, name: str, old: list, new: list, key) -> None:
    known = {key(v) for v in old}
    target = getattr(out.merged, name)
    has_preferred = any(v.preferred for v in old)
    for value in new:
        k = key(value)
        if k in known:
            continue
        known.add(k)
        value = copy.copy(value)
        if has_preferred:  # the user's preferred value stays the preferred one
            value.preferred = False
        target.append(value)
        out.changes.append(FieldChange(name, ADD, "", describe_value(value)))


@lru_cache(maxsize=8192)
def phone_key(value: str) -> str:
    """Parsing a number costs ~60 µs; an import compares each one several times."""
    return normalize_phone(value)


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _adds_year(old: str, new: str) -> bool:
    try:
        before, after = PartialDate.parse(old), PartialDate.parse(new)
    except ValueError:
        return False
    return (
        before.year is None
        and after.year is not None
        and (before.month, before.day) == (after.month, after.day)
    )


def url_key(value: str) -> str:
    """``https://Example.com/a/`` and ``http://example.com/a`` are the same page."""
    text = value.strip()
    _scheme, sep, rest = text.partition("://")
    if not sep:
        rest = text
    host, slash, path = rest.partition("/")
    return f"{host.lower().removeprefix('www.')}{slash}{path}".rstrip("/")


def address_key(a: AddressDraft) -> tuple[str, ...]:
    return tuple(
        " ".join(p.split()).casefold()
        for p in (a.street, a.locality, a.region, a.postal_code, a.country)
    )


def describe_value(value: LabeledValue | AddressDraft) -> str:
    if isinstance(value, AddressDraft):
        text = ", ".join(
            p
            for p in (
                value.street.replace("\n", ", "),
                value.locality,
                value.region,
                value.postal_code,
                value.country,
            )
            if p
        )
    else:
        text = value.value
    return f"{text} ({value.label})" if value.label else text


def describe_photo(draft: ContactDraft) -> str:
    size = len(draft.photo or b"")
    kind = (draft.photo_mime or "image").split("/")[-1].upper()
    return f"{kind} photo, {size / 1024:.0f} KB" if size >= 1024 else f"{kind} photo, {size} bytes"
