"""What the editor and the CLI hand to the contact services: plain values, as typed.

A draft is validated as a whole so the user sees every problem at once, each
under its field; nothing is written until the draft is clean.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

from prm.core import validation
from prm.core.dates import parse_optional
from prm.core.errors import ValidationError
from prm.core.travel.hours import clean_hours
from prm.core.vocab import CHANNELS, RELATION_KINDS

_FIELD_NAMES = {
    "emails": "email",
    "phones": "phone",
    "urls": "web address",
    "relations": "relationship",
    "referred_by_id": "referred by",
    "cadence_days": "cadence",
    "cadence_tier_id": "cadence tier",
    "preferred_channel": "preferred channel",
    "on_date": "date",
    "contact_id": "contact",
    "formatted_name": "shown as",
}


def field_label(key: str) -> str:
    """``emails[1]`` -> ``email 2``: error keys as a person would name the field."""
    base, _, index = key.partition("[")
    name = _FIELD_NAMES.get(base, base.replace("_", " "))
    return f"{name} {int(index.rstrip(']')) + 1}" if index else name


@dataclass
class LabeledValue:
    value: str
    label: str = ""
    preferred: bool = False


@dataclass
class AddressDraft:
    label: str = ""
    street: str = ""
    locality: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""
    preferred: bool = False

    def is_empty(self) -> bool:
        return not any((self.street, self.locality, self.region, self.postal_code, self.country))


@dataclass
class RelationDraft:
    kind: str
    other_id: int
    note: str = ""


@dataclass
class ContactDraft:
    prefix: str = ""
    given_name: str = ""
    middle_name: str = ""
    family_name: str = ""
    suffix: str = ""
    formatted_name: str = ""  # "Shown as": "" = derived from the parts (drafts.derived_name)
    nickname: str = ""
    organization: str = ""
    department: str = ""
    title: str = ""
    birthday: str = ""  # YYYY-MM-DD or --MM-DD (no year)
    anniversary: str = ""
    timezone: str = ""
    reach_hours: str = ""  # "09:00-18:00", "Mon-Sat 08:00-20:00"; "" = weekdays 09-18
    preferred_channel: str = ""
    how_we_met: str = ""
    referred_by_id: int | None = None
    pref_coffee: str = ""
    pref_food: str = ""
    pref_dietary: str = ""
    pref_culture: str = ""
    notes: str = ""
    emails: list[LabeledValue] = field(default_factory=list)
    phones: list[LabeledValue] = field(default_factory=list)
    addresses: list[AddressDraft] = field(default_factory=list)
    urls: list[LabeledValue] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    interests: list[str] = field(default_factory=list)
    relations: list[RelationDraft] = field(default_factory=list)
    cadence_tier_id: int | None = None  # None: follow the tags' tiers
    cadence_days: int | None = None  # overrides any tier
    photo: bytes | None = None
    photo_mime: str = ""

    TEXT_FIELDS = (  # noqa: SIM905 - one readable line of names
        "prefix given_name middle_name family_name suffix formatted_name nickname organization "
        "department "
        "title timezone reach_hours preferred_channel how_we_met pref_coffee pref_food pref_dietary "
        "pref_culture notes"
    ).split()

    def cleaned(self, *, today: date | None = None) -> ContactDraft:
        """A validated copy with normalized values, or ValidationError listing every problem.

        ``today`` is the user's date (``dates.today_in``): a birthday with a year
        cannot come after it. Omitted, it is the computer's date in its own zone.
        """
        errors: dict[str, str] = {}
        out = ContactDraft(**{f.name: getattr(self, f.name) for f in fields(self)})
        for name in self.TEXT_FIELDS:
            setattr(out, name, getattr(self, name).strip())

        out.formatted_name = " ".join(out.formatted_name.split())
        if not any(
            (
                out.given_name,
                out.family_name,
                out.formatted_name,
                out.nickname,
                out.organization,
                self.emails,
            )
        ):
            errors["name"] = "Give the contact a name, an organization or an email address."
        for name in ("birthday", "anniversary"):
            try:
                parsed = parse_optional(getattr(self, name))
                setattr(out, name, parsed.iso() if parsed else "")
            except ValueError as exc:
                errors[name] = str(exc)
                continue
            if name == "birthday" and parsed is not None and parsed.year is not None:
                born = date(parsed.year, parsed.month, parsed.day)
                if born > (today or _today()):
                    errors[name] = (
                        f"{parsed.display()} is in the future; "
                        "leave out the year if you do not know it"
                    )
        try:
            out.timezone = validation.clean_timezone(self.timezone)
        except ValueError as exc:
            errors["timezone"] = str(exc)
        try:
            out.reach_hours = clean_hours(self.reach_hours)
        except ValueError as exc:
            errors["reach_hours"] = str(exc)
        if out.preferred_channel and out.preferred_channel not in CHANNELS:
            errors["preferred_channel"] = (
                f"“{out.preferred_channel}” is not a channel; choose one of " + ", ".join(CHANNELS)
            )
        out.emails = _clean_values(self.emails, validation.clean_email, "emails", errors)
        out.phones = _clean_values(self.phones, validation.clean_phone, "phones", errors)
        out.urls = _clean_values(self.urls, validation.clean_url, "urls", errors)
        out.addresses = [a for a in self.addresses if not a.is_empty()]
        out.tags = _unique_words(self.tags, "tags", errors)
        out.interests = _unique_words(self.interests, "interests", errors)
        if (
            self.cadence_days is not None
            and not 1 <= self.cadence_days <= validation.MAX_CADENCE_DAYS
        ):
            errors["cadence_days"] = f"Keep in touch every 1 to {validation.MAX_CADENCE_DAYS} days."
        for i, rel in enumerate(self.relations):
            if rel.kind not in RELATION_KINDS:
                errors[f"relations[{i}]"] = f"“{rel.kind}” is not a kind of relationship"
        if errors:
            raise ValidationError(errors)
        if out.formatted_name:
            first_email = out.emails[0].value if out.emails else ""
            derived = " ".join(derived_name(out, first_email).split())
            if out.formatted_name.casefold() == derived.casefold():
                out.formatted_name = ""  # only a name PRM would not derive is stored
        return out


def derived_name(c, first_email: str = "") -> str:
    """The name PRM makes of a contact's or draft's parts, in Western order: what
    is shown when "Shown as" (``formatted_name``) is empty, and its placeholder."""
    name = " ".join(
        p for p in (c.prefix, c.given_name, c.middle_name, c.family_name, c.suffix) if p
    )
    return name or c.nickname or c.organization or first_email or "(no name)"


def _today() -> date:
    from prm.core.clock import SystemClock
    from prm.core.context import local_zone
    from prm.core.dates import today_in

    return today_in(local_zone(), SystemClock())


def _clean_values(values, cleaner, name: str, errors: dict[str, str]) -> list[LabeledValue]:
    cleaned = []
    for i, item in enumerate(values):
        if not item.value.strip():
            continue
        try:
            cleaned.append(LabeledValue(cleaner(item.value), item.label.strip(), item.preferred))
        except ValueError as exc:
            errors[f"{name}[{i}]"] = str(exc)
    return cleaned


def _unique_words(words: list[str], name: str, errors: dict[str, str]) -> list[str]:
    seen: dict[str, str] = {}
    for word in words:
        word = " ".join(word.split())
        if not word:
            continue
        if "," in word:
            errors[name] = f"“{word}”: use separate entries instead of commas"
            continue
        seen.setdefault(word.casefold(), word)
    return list(seen.values())
