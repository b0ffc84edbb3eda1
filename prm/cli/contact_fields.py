"""Contact fields as command-line options, shared by ``contacts add`` and ``edit``."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from sqlmodel import Session

from prm.core.contacts import resolve_contact
from prm.core.drafts import AddressDraft, ContactDraft, LabeledValue, RelationDraft
from prm.core.errors import KnownError
from prm.core.infile import read_input
from prm.core.vocab import CHANNELS

# option -> ContactDraft attribute
TEXT_OPTIONS = {
    "prefix": "prefix",
    "given": "given_name",
    "middle": "middle_name",
    "family": "family_name",
    "suffix": "suffix",
    "shown-as": "formatted_name",
    "nickname": "nickname",
    "org": "organization",
    "department": "department",
    "title": "title",
    "birthday": "birthday",
    "anniversary": "anniversary",
    "timezone": "timezone",
    "reach-hours": "reach_hours",
    "channel": "preferred_channel",
    "how-we-met": "how_we_met",
    "coffee": "pref_coffee",
    "food": "pref_food",
    "dietary": "pref_dietary",
    "culture": "pref_culture",
    "notes": "notes",
}
# option -> (attribute, what one value looks like)
LIST_OPTIONS = {
    "email": ("emails", "[LABEL:]ADDRESS"),
    "phone": ("phones", "[LABEL:]NUMBER"),
    "url": ("urls", "[LABEL:]URL"),
    "address": ("addresses", "[LABEL:]STREET;CITY;REGION;POSTCODE;COUNTRY"),
    "tag": ("tags", "TAG"),
    "interest": ("interests", "TOPIC"),
    "relation": ("relations", "KIND:CONTACT"),
}
_LABELLED = re.compile(r"^(?P<label>[A-Za-z][\w .-]{0,30}):(?!//)(?P<value>.+)$")
MAX_PHOTO_BYTES = 10_000_000
_PHOTO_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
}


# option -> (metavar, help); an edit's "'' to clear" is added for every text field.
TEXT_HELP = {
    "prefix": ("TEXT", "name prefix, e.g. Dr."),
    "given": ("TEXT", "given (first) name"),
    "middle": ("TEXT", "middle name"),
    "family": ("TEXT", "family (last) name"),
    "suffix": ("TEXT", "name suffix, e.g. Jr."),
    "shown-as": (
        "TEXT",
        "the name as shown and exported, e.g. 'Kowalski Anna' (default: from the parts)",
    ),
    "nickname": ("TEXT", "what you call them"),
    "org": ("TEXT", "company or organization"),
    "department": ("TEXT", "department in the organization"),
    "title": ("TEXT", "job title"),
    "birthday": ("DATE", "YYYY-MM-DD, or --MM-DD without the year"),
    "anniversary": ("DATE", "YYYY-MM-DD, or --MM-DD without the year"),
    "timezone": ("ZONE", "their IANA time zone, e.g. Europe/Paris"),
    "reach-hours": ("HOURS", "when to call them, their time, e.g. 09:00-18:00 or Mon-Sat 8-20"),
    "channel": ("CHANNEL", "how they prefer to be reached: " + ", ".join(CHANNELS)),
    "how-we-met": ("TEXT", "how you met"),
    "coffee": ("TEXT", "how they take their coffee"),
    "food": ("TEXT", "food they like"),
    "dietary": ("TEXT", "dietary needs"),
    "culture": ("TEXT", "cultural notes worth remembering"),
    "notes": ("TEXT", "free notes"),
}
# option -> what one value is
LIST_HELP = {
    "email": "an email address, e.g. work:ann@example.com",
    "phone": "a phone number, e.g. mobile:+33 6 12 34 56 78",
    "url": "a web address",
    "address": "a postal address, parts separated by ;",
    "tag": "a tag, e.g. client",
    "interest": "a topic they care about",
    "relation": "a link to another contact, e.g. reports_to:#12",
}


def add_field_options(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    names = parser.add_argument_group("fields")
    clear = " ('' to clear)" if editing else ""
    for option, attr in TEXT_OPTIONS.items():
        metavar, text = TEXT_HELP[option]
        names.add_argument(f"--{option}", dest=attr, metavar=metavar, help=text + clear)
    names.add_argument("--referred-by", metavar="CONTACT", help="id, UID or name ('' to clear)")
    names.add_argument("--photo", metavar="FILE", help="JPEG/PNG/GIF ('' to remove)")
    names.add_argument(
        "--tier", metavar="NAME", help="cadence tier ('tags' to follow the tags' tiers)"
    )
    names.add_argument(
        "--cadence-days", metavar="DAYS", help="keep in touch every DAYS ('none' to clear)"
    )
    lists = parser.add_argument_group(
        "repeatable values"
        + (" (--X replaces all, --add-X / --remove-X change one)" if editing else "")
    )
    for option, (attr, shape) in LIST_OPTIONS.items():
        one = LIST_HELP[option]
        lists.add_argument(
            f"--{option}",
            dest=f"set_{attr}",
            action="append",
            metavar=shape,
            help=(f"{one}; replaces all of them" if editing else f"{one} (repeat for more)"),
        )
        if editing:
            lists.add_argument(
                f"--add-{option}",
                dest=f"add_{attr}",
                action="append",
                metavar=shape,
                help=f"add {one}",
            )
            lists.add_argument(
                f"--remove-{option}",
                dest=f"remove_{attr}",
                action="append",
                metavar="VALUE",
                help=f"remove this {option}",
            )


def apply_options(session: Session, draft: ContactDraft, args: argparse.Namespace) -> ContactDraft:
    """Change ``draft`` by what was given on the command line; untouched fields stay."""
    for attr in TEXT_OPTIONS.values():
        value = getattr(args, attr)
        if value is not None:
            setattr(draft, attr, value)
    if args.referred_by is not None:
        draft.referred_by_id = (
            resolve_contact(session, ref=args.referred_by).id if args.referred_by.strip() else None
        )
    if args.tier is not None:
        from prm.core.cadence import tier_named

        tags_decide = args.tier.strip().lower() in ("tags", "")
        draft.cadence_tier_id = None if tags_decide else tier_named(session, name=args.tier).id
    if args.cadence_days is not None:
        text = args.cadence_days.strip().lower()
        if text in ("none", ""):
            draft.cadence_days = None
        elif re.fullmatch(r"[0-9]{1,30}", text):  # ASCII digits: int("²") fails
            draft.cadence_days = int(text)  # the draft checks the range
        else:
            raise KnownError(
                f"--cadence-days takes a number of days or 'none', not “{_short(args.cadence_days)}”."
            )
    if args.photo is not None:
        draft.photo, draft.photo_mime = _read_photo(args.photo) if args.photo else (None, "")
    for option, (attr, _shape) in LIST_OPTIONS.items():
        parse = _PARSERS[attr]
        # Removals see the contact as stored; a full replacement then wins; additions last.
        for text in getattr(args, f"remove_{attr}", None) or []:
            setattr(draft, attr, _without(getattr(draft, attr), text, option))
        replace = getattr(args, f"set_{attr}", None)
        if replace is not None:
            setattr(draft, attr, [parse(session, text) for text in replace])
        for text in getattr(args, f"add_{attr}", None) or []:
            getattr(draft, attr).append(parse(session, text))
    return draft


def _labelled(_session: Session, text: str) -> LabeledValue:
    match = _LABELLED.match(text.strip())
    if match and not match["label"].lower().startswith(("http", "mailto", "tel")):
        return LabeledValue(match["value"].strip(), match["label"].strip().lower())
    return LabeledValue(text.strip())


def _address(session: Session, text: str) -> AddressDraft:
    item = _labelled(session, text)
    parts = [p.strip() for p in item.value.split(";")] + [""] * 5
    return AddressDraft(item.label, *parts[:5])


def _relation(session: Session, text: str) -> RelationDraft:
    kind, _, ref = text.partition(":")
    if not ref:
        raise KnownError(f"“{text}” is not KIND:CONTACT, e.g. reports_to:#12")
    return RelationDraft(kind.strip().lower(), resolve_contact(session, ref=ref).id)


def _word(_session: Session, text: str) -> str:
    return text.strip()


_PARSERS = {
    "emails": _labelled,
    "phones": _labelled,
    "urls": _labelled,
    "addresses": _address,
    "tags": _word,
    "interests": _word,
    "relations": _relation,
}


def _without(items: list, text: str, option: str) -> list:
    needle = text.strip().casefold()

    def key(item) -> str:
        if isinstance(item, str):
            return item.casefold()
        if isinstance(item, AddressDraft):
            return item.street.casefold()
        if isinstance(item, RelationDraft):
            return str(item.other_id)
        return item.value.casefold()

    kept = [item for item in items if key(item) != needle.lstrip("#")]
    if len(kept) == len(items):
        raise KnownError(f"The contact has no {option} “{text}” to remove.")
    return kept


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _read_photo(name: str) -> tuple[bytes, str]:
    path = Path(name).expanduser()
    mime = _PHOTO_TYPES.get(path.suffix.lower())
    if mime is None:
        raise KnownError(f"{path} is not a JPEG, PNG or GIF image.")
    return read_input(path, limit=MAX_PHOTO_BYTES, what="photo"), mime
