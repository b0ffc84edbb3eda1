"""vCard 2.1 / 3.0 / 4.0 bytes -> ``ParsedCard`` (or ``CardError``), one card at a time.

``clean.py`` settles bytes, ``props.py`` splits each line with vobject's line
grammar; this module maps properties onto a ``ContactDraft``. The draft it
hands over passes ``ContactDraft.cleaned()``: a value PRM cannot hold (a phone
with letters, an ftp: link, a date in words) is not dropped but kept verbatim
in ``extra_lines``, so export writes it back out unchanged.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import BinaryIO

from prm.core import validation
from prm.core.drafts import AddressDraft, ContactDraft, LabeledValue
from prm.core.vcard import labels
from prm.core.vcard.card import CardError, ParsedCard
from prm.core.vcard.clean import RawCard, iter_raw_cards
from prm.core.vcard.props import Prop, parse_prop
from prm.core.vcard.values import (
    TYPE_TO_MIME,
    address_parts_line,
    decode_base64,
    decode_data_uri,
    parse_date,
    sniff_mime,
    split_unescaped,
    unescape,
)

log = logging.getLogger(__name__)

# Dropped: PRM writes its own (VERSION, PRODID, REV, FN) or derives it (X-ABSHOWAS);
# PROFILE:VCARD only repeats what BEGIN says, and vobject refuses it.
_DROPPED = {"VERSION", "PRODID", "REV", "X-ABSHOWAS", "PROFILE"}
_ANNIVERSARIES = {
    "ANNIVERSARY",
    "X-ANNIVERSARY",
    "X-MS-ANNIVERSARY",
    "X-EVOLUTION-ANNIVERSARY",
    "X-KADDRESSBOOK-X-ANNIVERSARY",
}
# The same rule email_validator applies to plain ASCII addresses, without its cost.
_EMAIL = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]$"
)
# Domains email_validator refuses (RFC 6761 special-use names).
_SPECIAL_USE = re.compile(r"\.(?:arpa|invalid|local|localhost|onion|test)$", re.IGNORECASE)
_ANGLE_ADDRESS = re.compile(r"<([^<>\s]+@[^<>\s]+)>")


def read_vcards(source: BinaryIO | bytes, *, name: str = "") -> Iterator[ParsedCard | CardError]:
    """Every card in a file, in order; a bad card never stops the ones after it.

    ``name`` is only for the log; the importer names the file to the user.
    """
    for raw in iter_raw_cards(source):
        item = raw if isinstance(raw, CardError) else read_card(raw)
        if isinstance(item, CardError):
            log.info("%s: %s", name or "vCard data", item)
        yield item


def read_card(raw: RawCard) -> ParsedCard | CardError:
    props: list[Prop] = []
    warnings = list(raw.warnings)
    for number, text in raw.lines:
        prop = parse_prop(text, number)
        if prop is None:
            shown = text if len(text) <= 40 else text[:40] + "…"
            warnings.append(f"line {number} is not a vCard property and was skipped: “{shown}”")
        else:
            props.append(prop)
    return _CardReader(raw, props, warnings).read()


class _CardReader:
    def __init__(self, raw: RawCard, props: list[Prop], warnings: list[str]) -> None:
        self.raw, self.props, self.warnings = raw, props, warnings
        self.draft = ContactDraft()
        self.uid = ""
        self.fn = ""
        self.has_n = False
        self.extra: list[Prop] = []
        self.used_groups: set[str] = set()
        self.group_labels = {
            p.group: unescape(p.decoded()) for p in props if p.name == "X-ABLABEL" and p.group
        }
        self.notes: list[str] = []
        self.nicknames: list[str] = []
        self.address_parts: list[str] = []

    def read(self) -> ParsedCard | CardError:
        for prop in self.props:
            handler = _HANDLERS.get(prop.name)
            if prop.name in _DROPPED:
                continue
            if prop.name in _ANNIVERSARIES:
                handler = _CardReader.anniversary
            if handler is None or handler(self, prop) is False:
                self.extra.append(prop)
            if kind := _group_kind(prop):
                return CardError(self.raw.position, self.raw.line, kind)
        return self.finish()

    # -- names and organisation ---------------------------------------------------

    def n(self, prop: Prop) -> bool | None:
        if self.has_n:
            return None  # a second N (ALTID, another script): PRM keeps one
        # Each component may be a list (two additional names, "Jr.,M.D."): PRM keeps
        # "a, b", which export writes back as a list (values.list_value).
        parts = [
            ", ".join(
                item for item in (unescape(v).strip() for v in split_unescaped(p, ",")) if item
            )
            for p in split_unescaped(prop.decoded(), ";")
        ] + [""] * 5
        d = self.draft
        d.family_name, d.given_name, d.middle_name, d.prefix, d.suffix = parts[:5]
        self.has_n = True
        return None

    def fn_(self, prop: Prop) -> None:
        self.fn = self.fn or unescape(prop.decoded()).strip()

    def nickname(self, prop: Prop) -> None:
        self.nicknames += [unescape(p).strip() for p in split_unescaped(prop.decoded(), ",")]

    def android_custom(self, prop: Prop) -> bool:
        """Android 2.1 puts nicknames in X-ANDROID-CUSTOM rows; other rows stay as they are."""
        parts = [unescape(p).strip() for p in split_unescaped(prop.decoded(), ";")]
        if parts[0] == "vnd.android.cursor.item/nickname" and len(parts) > 1 and parts[1]:
            self.nicknames.append(parts[1])
            return True
        return False

    def org(self, prop: Prop) -> bool:
        if self.draft.organization or self.draft.department:
            return False
        parts = [unescape(p).strip() for p in split_unescaped(prop.decoded(), ";")]
        self.draft.organization = parts[0]
        self.draft.department = ", ".join(p for p in parts[1:] if p)
        return True

    def title(self, prop: Prop) -> bool:
        if self.draft.title:
            return False
        self.draft.title = unescape(prop.decoded()).strip()
        return True

    # -- values with labels -------------------------------------------------------------

    def _label(self, prop: Prop) -> str:
        if prop.group and prop.group in self.group_labels:
            return labels.from_ablabel(prop.name, self.group_labels[prop.group])
        return labels.from_types(prop.name, prop.types)

    def _add(self, target: list, prop: Prop, value: str, label: str | None = None) -> None:
        target.append(
            LabeledValue(value, self._label(prop) if label is None else label, prop.preferred)
        )
        self.used_groups.add(prop.group)

    def email(self, prop: Prop) -> bool:
        value = unescape(prop.decoded()).strip()
        if match := _ANGLE_ADDRESS.search(value):
            value = match.group(1)
        if value.lower().startswith("mailto:"):
            value = value[7:]
        if not value:
            return True
        if not _EMAIL.match(value) or _SPECIAL_USE.search(value):
            try:
                value = validation.clean_email(value)
            except ValueError:
                self.warnings.append(
                    f"line {prop.line}: “{value}” is not an email address PRM can use; "
                    "kept unchanged for export"
                )
                return False
        self._add(self.draft.emails, prop, value)
        return True

    def tel(self, prop: Prop) -> bool:
        value = unescape(prop.decoded()).strip()
        if value.lower().startswith("tel:"):
            value, _, rest = value[4:].partition(";")
            ext = re.search(r"ext=(\d+)", rest)
            value += f" ext. {ext.group(1)}" if ext else ""
        if not value:
            return True
        try:
            value = validation.clean_phone(value)
        except ValueError:
            self.warnings.append(
                f"line {prop.line}: “{value}” is not a phone number PRM can use; "
                "kept unchanged for export"
            )
            return False
        self._add(self.draft.phones, prop, value)
        return True

    def url(self, prop: Prop, label: str | None = None) -> bool:
        value = unescape(prop.decoded()).strip()
        if not value:
            return True
        try:
            value = validation.clean_url(value)
        except ValueError:
            return False  # ftp:, x-apple:, a relative path: kept as the card had it
        self._add(self.draft.urls, prop, value, label)
        return True

    def social(self, prop: Prop) -> bool:
        kind = next(iter(sorted(prop.types - {"pref"})), "")
        return self.url(prop, labels.SOCIAL_TYPES.get(kind, kind))

    def adr(self, prop: Prop) -> bool:
        parts = [unescape(p).strip() for p in split_unescaped(prop.decoded(), ";")] + [""] * 7
        box, extended, street, locality, region, code, country = parts[:7]
        address = AddressDraft(
            self._label(prop),
            "\n".join(p for p in (street, extended, box) if p),
            locality,
            region,
            code,
            country,
            prop.preferred,
        )
        if not address.is_empty():
            self.draft.addresses.append(address)
            if box or extended:  # PRM shows them as street lines; export puts them back
                self.address_parts.append(address_parts_line(box, extended))
        self.used_groups.add(prop.group)
        return True

    # -- dates, photo, the rest -------------------------------------------------------

    def _date(self, prop: Prop, field_name: str) -> bool | None:
        if prop.params.get("VALUE", [""])[0].lower() == "text":
            return False
        omit = prop.params.get("X-APPLE-OMIT-YEAR", [""])[0]
        iso, note = parse_date(unescape(prop.decoded()), omit)
        if had := getattr(self.draft, field_name):
            # The same date again (an ALTID twin, a second convention) says nothing
            # new; a different one is kept for export, not dropped unseen.
            return None if iso == had else False
        if not iso:
            self.warnings.append(f"line {prop.line}: {note}; kept unchanged for export")
            return False
        if note:
            self.warnings.append(f"line {prop.line}: {note}")
        setattr(self.draft, field_name, iso)
        self.used_groups.add(prop.group)
        return True

    def bday(self, prop: Prop) -> bool | None:
        return self._date(prop, "birthday")

    def anniversary(self, prop: Prop) -> bool | None:
        return self._date(prop, "anniversary")

    def abdate(self, prop: Prop) -> bool | None:
        label = self.group_labels.get(prop.group, "") if prop.group else ""
        if "anniversary" not in label.lower():
            return False
        return self._date(prop, "anniversary")

    def photo(self, prop: Prop) -> bool:
        if self.draft.photo:
            return False
        value = prop.value.strip()
        if not value:
            return True
        if value.lower().startswith("data:"):
            decoded = decode_data_uri(value)
            data, mime = decoded if decoded else (None, "")
        elif prop.encoding == "b" or prop.params.get("VALUE", ["binary"])[0].lower() == "binary":
            data = decode_base64(value)
            mime = ""
            if prop.encoding != "b" and not (data and sniff_mime(data)):
                return False  # a URL or something else without ENCODING: keep it as it was
        else:
            return False  # PHOTO;VALUE=uri:https://…: PRM works offline; written back unchanged
        if not data:
            self.warnings.append(f"line {prop.line}: the photo is not valid base64; skipped")
            return True
        type_mime = next((TYPE_TO_MIME[t] for t in prop.types if t in TYPE_TO_MIME), "")
        self.draft.photo = data
        self.draft.photo_mime = sniff_mime(data) or mime or type_mime or "image/jpeg"
        return True

    def categories(self, prop: Prop) -> None:
        for part in split_unescaped(prop.decoded(), ","):
            # an escaped comma inside a category: PRM tags cannot hold one, so it splits
            self.draft.tags += [t.strip() for t in unescape(part).split(",") if t.strip()]

    def note(self, prop: Prop) -> None:
        text = unescape(prop.decoded()).strip()
        if text:
            self.notes.append(text)

    def uid_(self, prop: Prop) -> None:
        self.uid = self.uid or unescape(prop.value).strip()

    def finish(self) -> ParsedCard | CardError:
        d = self.draft
        d.nickname = ", ".join(n for n in self.nicknames if n)
        d.notes = "\n\n".join(self.notes)
        names = (d.given_name, d.family_name, d.middle_name, d.prefix, d.suffix)
        taken = (d.organization, d.nickname, *(e.value for e in d.emails))
        if self.fn and not any(names) and self.fn not in taken:
            # No N: the formatted name is all there is; its last word is the family name.
            given, _, family = self.fn.rpartition(" ")
            d.given_name, d.family_name = (given, family) if given else (family, "")
        # FN is the name shown; the draft's cleaning drops it when it is what PRM would
        # derive from N anyway, so only a different one ("Studio Nord") is stored.
        d.formatted_name = self.fn
        if not any((d.given_name, d.family_name, d.nickname, d.organization, d.emails)):
            return CardError(self.raw.position, self.raw.line, _no_identity(d))
        has_adr = bool(d.addresses)
        extra = [
            p.verbatim()
            for p in self.extra
            if not (p.group in self.used_groups and p.group and p.name.startswith("X-AB"))
            and not (p.name == "LABEL" and has_adr)
        ]
        extra += self.address_parts
        return ParsedCard(self.raw.position, self.raw.line, self.uid, d, extra, self.warnings)


def _group_kind(prop: Prop) -> str:
    if prop.name in ("KIND", "X-ADDRESSBOOKSERVER-KIND") and prop.value.strip().lower() == "group":
        return "the card is a contact group, not a person; PRM does not import groups"
    return ""


def _no_identity(d: ContactDraft) -> str:
    has = [
        what
        for what, present in (
            ("a phone number", d.phones),
            ("an address", d.addresses),
            ("a web address", d.urls),
        )
        if present
    ]
    tail = f" (it only has {' and '.join(has)})" if has else ""
    return f"the card has no name, organization or email address{tail}"


_HANDLERS = {
    "N": _CardReader.n,
    "FN": _CardReader.fn_,
    "NICKNAME": _CardReader.nickname,
    "ORG": _CardReader.org,
    "X-ANDROID-CUSTOM": _CardReader.android_custom,
    "TITLE": _CardReader.title,
    "EMAIL": _CardReader.email,
    "TEL": _CardReader.tel,
    "URL": _CardReader.url,
    "X-SOCIALPROFILE": _CardReader.social,
    "ADR": _CardReader.adr,
    "BDAY": _CardReader.bday,
    "X-ABDATE": _CardReader.abdate,
    "PHOTO": _CardReader.photo,
    "CATEGORIES": _CardReader.categories,
    "NOTE": _CardReader.note,
    "UID": _CardReader.uid_,
    # A grouped label stays with its group (finish() drops it if PRM took the value).
    "X-ABLABEL": lambda reader, prop: not prop.group,
}
