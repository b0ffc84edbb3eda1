"""CSV rows as the cards a vCard file would give: one ``ParsedCard`` per row.

Values that belong together are grouped: an email and its label column by
their number (Google's "E-mail 2 - Value" and "E-mail 2 - Type"), the parts of
an address by their label ("Business City", "Business Street") or number.
What cannot be read is left out with a note on the card, never costing the
card: a birthday "sometime in May" does not lose the person.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from prm.core.csv_contacts.columns import ADDRESS_PARTS, IGNORE, number_of
from prm.core.csv_contacts.table import Table
from prm.core.csv_contacts.values import day_first, label_of, parse_date, split_multi, split_tags
from prm.core.drafts import AddressDraft, ContactDraft, LabeledValue
from prm.core.vcard.card import CardTouch, ParsedCard

LINKEDIN = "Connected on LinkedIn"
_JOINED = {"notes": "\n", "how_we_met": "; "}  # other text fields join with a space
_DATES = ("birthday", "anniversary", "connected_on")


def cards(table: Table, mapping: list[str]) -> Iterator[ParsedCard]:
    """Each non-empty row as a card, read with ``mapping`` (a field key per column)."""
    columns = [
        (i, key, number_of(table.header[i]) if i < len(table.header) else "")
        for i, key in enumerate(mapping)
        if key != IGNORE
    ]
    first = {
        i: day_first([cells[i] for _, cells in table.rows if i < len(cells)])
        for i, key, _ in columns
        if key in _DATES
    }
    for position, (line, cells) in enumerate(table.rows, start=1):
        cells = cells + [""] * (len(mapping) - len(cells))
        values = [(i, k, n, cells[i].strip().replace("\r\n", "\n")) for i, k, n in columns]
        yield _card(position, line, values, first)


def _card(position: int, line: int, cells: list, day_first_in: dict[int, bool]) -> ParsedCard:
    draft = ContactDraft()
    card = ParsedCard(position, line, "", draft)
    texts: dict[str, list[str]] = {}
    labels: dict[tuple[str, str], str] = {}
    values: dict[str, dict[str, list[tuple[str, str]]]] = {"email": {}, "phone": {}, "url": {}}
    addresses: dict[str, dict[str, list[str]]] = {}
    for column, key, number, text in cells:
        if not text:
            continue
        kind, _, label = key.partition(".")
        if kind.endswith("_label"):
            labels[(kind.removesuffix("_label"), number)] = text
        elif kind in values:
            group = values[kind].setdefault(number if not label else f"{number}.{column}", [])
            group += [(v, label) for v in split_multi(text)]
        elif kind in ADDRESS_PARTS:
            group = addresses.setdefault(label or f"#{number}", {})
            group.setdefault(kind, []).append(text)
        elif key in _DATES:
            _date(card, key, text, day_first_in.get(column, False))
        elif key == "tags":
            draft.tags += split_tags(text)
        else:
            texts.setdefault(key, []).append(text)
    for key, parts in texts.items():
        joined = _JOINED.get(key, " ").join(parts)
        if key == "name":
            _full_name(draft, joined)
        else:
            setattr(draft, key, joined)
    for kind, groups in values.items():
        target = getattr(draft, kind + "s")
        for number, items in groups.items():
            given = labels.get((kind, number.split(".")[0]), "")
            for value, label in items:
                target.append(_labelled(kind, value, label, given))
    for label, parts in addresses.items():
        draft.addresses.append(_address(label, parts, labels))
    return card


def _labelled(kind: str, value: str, label: str, given: str) -> LabeledValue:
    preferred = False
    if not label and given:
        label, preferred = label_of(given)
    if kind == "url" and not label and "linkedin.com/" in value.casefold():
        label = "linkedin"
    return LabeledValue(value, label, preferred)


def _address(group: str, parts: dict[str, list[str]], labels: dict) -> AddressDraft:
    if group.startswith("#"):
        label, preferred = label_of(labels.get(("address", group[1:]), ""))
    else:
        label, preferred = group, False
    street = "\n".join(parts.get("street", []))
    if not any(parts.get(p) for p in ("street", "locality", "region", "postal_code", "country")):
        street = "\n".join(parts.get("address", []))  # only Google's "Formatted" was there
    return AddressDraft(
        label=label,
        street=street,
        locality=" ".join(parts.get("locality", [])),
        region=" ".join(parts.get("region", [])),
        postal_code=" ".join(parts.get("postal_code", [])),
        country=" ".join(parts.get("country", [])),
        preferred=preferred,
    )


def _full_name(draft: ContactDraft, name: str) -> None:
    """A single "Name" column counts only when the file has no name parts."""
    if draft.given_name or draft.family_name:
        return
    if "," in name:  # "Ruiz, Ana": family name first, as Outlook files them
        family, given = (p.strip() for p in name.split(",", 1))
    else:
        given, _, family = name.rpartition(" ")
        if not given:
            given, family = family, ""
    draft.given_name, draft.family_name = given, family


def _date(card: ParsedCard, key: str, text: str, first: bool) -> None:
    label = "LinkedIn connection date" if key == "connected_on" else key
    try:
        parsed = parse_date(text, day_first=first)
    except ValueError as exc:
        card.warnings.append(f"{label} left out: {exc}")
        return
    if parsed is None:
        return
    if key != "connected_on":
        setattr(card.draft, key, parsed.iso())
    elif parsed.year is None:
        card.warnings.append(f"{label} left out: “{text}” has no year")
    else:
        card.draft.how_we_met = card.draft.how_we_met or LINKEDIN
        card.touches.append(
            CardTouch(date(parsed.year, parsed.month, parsed.day), "social", LINKEDIN)
        )
