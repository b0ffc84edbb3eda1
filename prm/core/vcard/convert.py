"""Kept-verbatim lines -> the grammar of the vCard version being written.

A line PRM does not model is stored as the card had it (2.1, 3.0 or 4.0) and
written back on export. Re-emitted unchanged, one 2.1 line (``TEL;HOME;VOICE:``),
a date in words or ``TZ:GMT+1`` makes strict readers (ical.js, inside
Thunderbird and Nextcloud) reject the whole file. So each line is rebuilt for
the target version: bare 2.1 types become ``TYPE=``, empty values go, dates
and offsets are normalised or marked as text, ``ENCODING`` becomes a ``data:``
URI in 4.0, and a property the target version lacks is renamed to its ``X-``
form or, when it means nothing there, left out with a note for the summary.
"""

from __future__ import annotations

import base64
import re

from prm.core.vcard.props import BINARY, Prop, parse_prop
from prm.core.vcard.values import (
    MIME_TO_TYPE,
    TYPE_TO_MIME,
    decode_base64,
    decode_data_uri,
    format_date,
    parse_date,
    sniff_mime,
)

_TOKEN = re.compile(r"^[A-Za-z0-9-]+$")
# Lines that need no rebuilding: a plain name or X- name, no parameters.
_PLAIN = re.compile(r"^(?:[A-Za-z0-9-]+\.)?(X-[A-Za-z0-9-]+|[A-Z]+):(.*\S.*)$")
_TYPED_ANYWAY = {"BDAY", "ANNIVERSARY", "DEATHDATE", "TZ", "GEO", "TEL", "REV", "LANG"}
_DATE_PROPS = {"BDAY", "ANNIVERSARY", "DEATHDATE", "REV"}
# A date PRM could not read travels in 3.0 (which has no text dates) under this prefix.
TEXT_DATE_PREFIX = "X-PRM-TEXT-"
_ONLY_4 = {
    "ANNIVERSARY", "GENDER", "RELATED", "LANG", "CALADRURI", "CALURI", "BIRTHPLACE",
    "DEATHPLACE", "DEATHDATE", "EXPERTISE", "HOBBY", "INTEREST", "ORG-DIRECTORY",
    "CONTACT-URI", "CREATED", "GRAMGENDER", "LANGUAGE", "PRONOUNS", "SOCIALPROFILE",
}  # fmt: skip
_ONLY_4_MEANINGLESS = {"KIND", "XML", "CLIENTPIDMAP", "MEMBER", "JSPROP"}
_ONLY_3 = {"LABEL", "CLASS", "SORT-STRING", "AGENT"}
_ONLY_3_MEANINGLESS = {"NAME", "MAILER", "PROFILE"}
_NOT_PLAIN = BINARY | _TYPED_ANYWAY | _ONLY_4 | _ONLY_4_MEANINGLESS | _ONLY_3 | _ONLY_3_MEANINGLESS
# A parameter without "=" (2.1's TEL;HOME;VOICE), which 3.0 and 4.0 readers reject.
_BARE = re.compile(r";\s*[^=;:]*(?=[;:])")
_DATE_OK = re.compile(r"^(?:\d{4}|--)-?\d{2}-?\d{2}$")
_DATE_TIME = re.compile(r"^\d{4}-?\d{2}-?\d{2}T\d{2}(?::?\d{2}){0,2}(?:Z|[+-]\d{2}(?::?\d{2})?)?$")
_OFFSET = re.compile(r"^(?:GMT|UTC|Z)?\s*([+-])\s*(\d{1,2})(?:[:.h]?(\d{2}))?$", re.IGNORECASE)
_GEO_URI = re.compile(r"^geo:\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)", re.IGNORECASE)
_GEO_PAIR = re.compile(r"^\s*(-?[\d.]+)\s*[;,]\s*(-?[\d.]+)\s*$")
# TYPE values that name the data's format (2.1/3.0), which 4.0 says in the data: URI.
_FORMATS = TYPE_TO_MIME | {"pgp": "application/pgp-keys", "x509": "application/pkix-cert"}
_TYPE_OF = MIME_TO_TYPE | {"application/pgp-keys": "PGP", "application/pkix-cert": "X509"}
_SIMPLE_VALUES = {
    "integer": re.compile(r"^[+-]?\d+$"),
    "float": re.compile(r"^[+-]?\d+(?:\.\d+)?$"),
    "boolean": re.compile(r"^(?:TRUE|FALSE)$", re.IGNORECASE),
}


def convert_line(line: str, version: str) -> tuple[str | None, str]:
    """(the line for ``version`` or None when it is left out, a note for the summary or "")."""
    plain = _PLAIN.match(line)
    name = plain.group(1).upper() if plain else ""
    if name and name not in _NOT_PLAIN and not name.startswith(TEXT_DATE_PREFIX):
        return line, ""
    prop = parse_prop(line, 0)
    if prop is None or not _TOKEN.match(prop.name):
        return None, f"“{_short(line)}” left out: it is not a vCard property"
    converted = _Line(prop, version, prop.text != line)
    built, note = converted.build()
    # Nothing to fix: the line goes out exactly as the card had it.
    return (line if built is not None and not converted.changed else built), note


class _Line:
    def __init__(self, prop: Prop, version: str, repaired: bool) -> None:
        self.prop, self.version, self.v4 = prop, version, version == "4.0"
        head = prop.text[: len(prop.text) - len(prop.value)]
        self.changed = bool(repaired or prop.encoding or prop.charset or _BARE.search(head))
        self.name = prop.name
        self.types = sorted(prop.types)
        self.params = {k: list(v) for k, v in prop.params.items() if _TOKEN.match(k)}
        self.value = prop.verbatim_value()

    def build(self) -> tuple[str | None, str]:
        prop, name = self.prop, self.name
        if not self.value.replace(";", "").replace(",", "").strip():
            return None, ""  # an empty value says nothing and strict readers reject some
        if name.startswith(TEXT_DATE_PREFIX) and self.v4:
            self.changed = True
            self.name = name[len(TEXT_DATE_PREFIX) :]
            self.params["VALUE"] = ["text"]
        if name == "PROFILE":
            return None, ""  # repeats BEGIN:VCARD; kept by older PRM, refused by vobject
        dropped = _ONLY_3_MEANINGLESS if self.v4 else _ONLY_4_MEANINGLESS
        if name in dropped:
            return None, f"“{_short(prop.text)}” left out: vCard {self.version} has no {name}"
        if name in (_ONLY_3 if self.v4 else _ONLY_4):
            self.name, self.changed = f"X-{name}", True
        binary = prop.encoding == "b" and not prop.text_encoded
        if binary or (name in BINARY and self.value.lower().startswith("data:")):
            self._binary()
        else:
            self.params.pop("ENCODING", None)
        kind = self.params.get("VALUE", [""])[0].strip().lower()
        if name in _DATE_PROPS or kind in ("date", "date-time", "date-and-or-time", "timestamp"):
            self._date(kind)
        elif name == "TZ" or kind == "utc-offset":
            self._offset()
        elif name == "GEO":
            self._geo()
        elif kind in _SIMPLE_VALUES and not _SIMPLE_VALUES[kind].match(self.value.strip()):
            self.params["VALUE"], self.changed = ["text"], True
        elif kind == "url":
            self.params["VALUE"], self.changed = ["uri"], True
        tel_text = name == "TEL" and not self.value.lower().startswith("tel:")
        if self.v4 and tel_text and kind not in ("text", "uri"):
            self.params["VALUE"], self.changed = ["text"], True  # 4.0's TEL is a URI by default
        return self._line(), ""

    # -- values ---------------------------------------------------------------------

    def _binary(self) -> None:
        """Inline data: ``ENCODING=b`` in 3.0, a ``data:`` URI in 4.0."""
        format_types = [t for t in self.types if t in _FORMATS]
        self.params.pop("ENCODING", None)
        if self.value.lower().startswith("data:"):
            decoded = decode_data_uri(self.value)
            if self.v4 or not decoded:
                return
            data, mime = decoded
            self.changed = True
        else:
            data = decode_base64(self.value) or b""
            mime = sniff_mime(data) or next((_FORMATS[t] for t in format_types), "")
            if not self.v4:
                self.params["ENCODING"] = ["b"]
                self.value = "".join(self.value.split())
                return
        self.types = [t for t in self.types if t not in _FORMATS]
        self.params.pop("VALUE", None)
        if self.v4:
            mime = mime or "application/octet-stream"
            self.value = f"data:{mime};base64,{''.join(self.value.split())}"
            return
        self.params["ENCODING"] = ["b"]
        kind = _TYPE_OF.get(mime) or mime.rpartition("/")[2].upper()
        if kind:
            self.types.append(kind.lower())
        self.value = base64.b64encode(data).decode("ascii")

    def _date(self, kind: str) -> None:
        text = self.value.strip()
        if kind == "text" and self.v4:
            return
        if _DATE_TIME.match(text) and kind != "date" or _DATE_OK.match(text):
            return
        self.changed = True
        iso, _ = parse_date(text, self.params.get("X-APPLE-OMIT-YEAR", [""])[0])
        if iso and "T" not in text:
            params, self.value = format_date(iso, self.version)
            self.params.pop("X-APPLE-OMIT-YEAR", None)
            if params:
                key, _, val = params.lstrip(";").partition("=")
                self.params[key] = [val]
            if kind in ("text", ""):
                self.params.pop("VALUE", None)
            return
        # A date in words: 4.0 has text dates, 3.0 does not (readers reject BDAY:17 juillet).
        if self.v4 or self.name.startswith("X-"):
            self.params["VALUE"] = ["text"]
        else:
            self.params.pop("VALUE", None)
            self.name = TEXT_DATE_PREFIX + self.name

    def _offset(self) -> None:
        kind = self.params.get("VALUE", [""])[0].lower()
        if kind in ("text", "uri") or re.match(r"^[+-]\d{2}:?\d{2}$", self.value.strip()):
            return
        if self.v4 and not kind and not _OFFSET.match(self.value.strip()):
            return  # 4.0's TZ is text by default: "Europe/Paris" stays as it is
        self.changed = True
        match = _OFFSET.match(self.value.strip())
        if match:
            sign, hours, minutes = match.group(1), int(match.group(2)), match.group(3) or "00"
            if hours <= 14:
                sep = "" if self.v4 else ":"
                self.value = f"{sign}{hours:02d}{sep}{minutes}"
                self.params["VALUE"] = ["utc-offset"]
                return
        if self.params.get("VALUE", [""])[0].lower() != "uri":
            self.params["VALUE"] = ["text"]  # Europe/Paris or a name: text in both versions

    def _geo(self) -> None:
        text = self.value.replace("\\;", ";").replace("\\,", ",")
        pair = _GEO_URI.match(text) or _GEO_PAIR.match(text)
        if pair is None:
            self.name, self.changed = "X-GEO", True  # not a position any reader can use
            return
        lat, lon = pair.groups()
        value = f"geo:{lat},{lon}" if self.v4 else f"{lat};{lon}"
        if value != self.value:
            self.value, self.changed = value, True
            self.params.pop("VALUE", None)

    # -- the line -------------------------------------------------------------------

    def _line(self) -> str:
        head = f"{self.prop.group}." if self.prop.group and _TOKEN.match(self.prop.group) else ""
        params = []
        types = self.types
        if self.v4 and "pref" in types:
            types = [t for t in types if t != "pref"]
            self.params.setdefault("PREF", ["1"])
        types = [t for t in types if _TOKEN.match(t)]
        if types:
            params.append("TYPE=" + ",".join(t.upper() if not self.v4 else t for t in types))
        for key, values in self.params.items():
            cleaned = [_param_value(v) for v in values]
            if any(cleaned):
                params.append(f"{key}={','.join(c for c in cleaned if c)}")
        return head + self.name + "".join(f";{p}" for p in params) + ":" + self.value


def _param_value(value: str) -> str:
    value = re.sub(r'[\x00-\x1f\x7f"]', "", value).strip()
    return f'"{value}"' if any(ch in value for ch in ";:,") else value


def _short(line: str) -> str:
    return line if len(line) <= 50 else line[:50] + "…"
