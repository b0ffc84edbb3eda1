"""One content line -> a property PRM can reason about, through vobject's line grammar.

vobject's ``parseLine`` splits group, name, parameters and value. Its
component layer (``readComponents`` and the behaviours) is skipped on purpose:
that is where vCard 4.0 data: URIs are truncated, quoted TYPE lists stay one
string, dates stay raw and 2.1 BASE64 photos break, and it costs most of the
parse time. What vobject leaves raw is decoded here: 2.1 bare parameters,
comma lists inside quotes, quoted-printable with its CHARSET.
"""

from __future__ import annotations

import quopri
import re
from dataclasses import dataclass, field

from vobject.base import ParseError, parseLine

from prm.core.vcard.charsets import legacy_decode
from prm.core.vcard.values import decode_base64

# Properties whose base64 is binary data; on any other property it is encoded text.
BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}

_ENCODINGS = {
    "QUOTED-PRINTABLE": "quoted-printable",
    "BASE64": "b",
    "B": "b",
    "8BIT": "",
    "7BIT": "",
}
# Transfer details that stop being true once a line is stored as text: CHARSET
# (PRM writes UTF-8), quoted-printable (not allowed in 3.0 and 4.0) and base64
# on a text property (decoded).
_TRANSFER_PARAM = re.compile(
    r";\s*(?:CHARSET\s*=\s*\"?[A-Za-z0-9_.+-]+\"?|ENCODING\s*=\s*QUOTED-PRINTABLE"
    r"|QUOTED-PRINTABLE|ENCODING\s*=\s*(?:BASE64|B)|BASE64)(?=[;:])",
    re.IGNORECASE,
)
# Outlook writes an empty parameter (``ADR;HOME;PREF;:``), which the line grammar refuses.
_EMPTY_PARAM = re.compile(r'^((?:[^":]|"[^"]*")*?);+(?=[:;])')


@dataclass
class Prop:
    name: str  # upper case, without group
    group: str  # lower case, "" when none
    value: str  # raw: still escaped, still encoded
    text: str  # the whole unfolded line, verbatim
    line: int
    types: set[str] = field(default_factory=set)  # lower case TYPE values (2.1 bare ones too)
    params: dict[str, list[str]] = field(default_factory=dict)  # other parameters, upper-case keys
    encoding: str = ""  # "", "b" or "quoted-printable"
    charset: str = ""

    @property
    def preferred(self) -> bool:
        return "pref" in self.types or self.params.get("PREF", [""])[0].strip() == "1"

    @property
    def text_encoded(self) -> bool:
        """Quoted-printable, or base64 on a text property (2.1 ``FN;ENCODING=BASE64``)."""
        return self.encoding == "quoted-printable" or self._base64_text() is not None

    def _base64_text(self) -> str | None:
        """The text a base64 value holds; None for binary data (a photo under any name)."""
        if self.encoding != "b" or self.name in BINARY:
            return None
        data = decode_base64(self.value)
        if data is None:
            return None
        text = _decode_text(data, self.charset)
        if any(ch < " " and ch not in "\r\n\t" for ch in text) or "\ufffd" in text:
            return None
        return text.replace("\r\n", "\n").replace("\r", "\n")

    def decoded(self) -> str:
        """The value with any quoted-printable or text base64 undone (escapes are still there)."""
        if not self.text_encoded:
            return self.value
        if self.encoding == "b":
            return self._base64_text() or self.value
        data = quopri.decodestring(self.value.encode("utf-8"))
        text = _decode_text(data, self.charset)
        return text.replace("\r\n", "\n").replace("\r", "\n")

    def verbatim(self) -> str:
        """The line as it is stored and written back: unchanged, except that a
        legacy transfer encoding (quoted-printable, a CHARSET) becomes plain
        UTF-8 text, which is what 3.0 and 4.0 readers expect."""
        if not self.charset and not self.text_encoded:
            return self.text
        head = self.text[: len(self.text) - len(self.value)]
        return _TRANSFER_PARAM.sub("", head) + self.verbatim_value()

    def verbatim_value(self) -> str:
        """The value as written back: transfer encodings of text undone, still escaped."""
        if self.text_encoded:
            return self.decoded().replace("\n", "\\n")
        return self.value


def parse_prop(text: str, line: int) -> Prop | None:
    """``None`` when the line is not a content line at all."""
    try:
        name, params, value, group = parseLine(text)
    except ParseError:
        repaired = _EMPTY_PARAM.sub(r"\1", text, count=1)
        if repaired == text:
            return None
        try:
            name, params, value, group = parseLine(repaired)
        except ParseError:
            return None
        text = repaired
    prop = Prop(name.upper(), (group or "").lower(), value, text, line)
    for param in params:
        key = param[0].upper()
        values = param[1:]
        if not values:  # 2.1: TEL;WORK;VOICE and ;QUOTED-PRINTABLE
            if key in _ENCODINGS:
                prop.encoding = _ENCODINGS[key]
            else:
                prop.types.add(key.lower())
        elif key == "TYPE":
            for v in values:  # TYPE="work,voice" reaches us as one value
                prop.types.update(t.strip().lower() for t in v.split(",") if t.strip())
        elif key == "ENCODING":
            prop.encoding = _ENCODINGS.get(values[0].strip().upper(), values[0].strip().lower())
        elif key == "CHARSET":
            prop.charset = values[0].strip()
        else:
            prop.params[key] = values
    return prop


def _decode_text(data: bytes, charset: str) -> str:
    """Bytes in the declared charset; UTF-8, then Windows-1252, when it is absent or wrong."""
    try:
        return data.decode(charset or "utf-8")
    except (LookupError, UnicodeDecodeError):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return legacy_decode(data)
