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

from prm.core.vcard.clean import legacy_decode

_ENCODINGS = {
    "QUOTED-PRINTABLE": "quoted-printable",
    "BASE64": "b",
    "B": "b",
    "8BIT": "",
    "7BIT": "",
}
# Transfer details that stop being true once a line is stored as text: CHARSET
# (PRM writes UTF-8) and quoted-printable (not allowed in 3.0 and 4.0).
_TRANSFER_PARAM = re.compile(
    r";\s*(?:CHARSET\s*=\s*\"?[A-Za-z0-9_.+-]+\"?|ENCODING\s*=\s*QUOTED-PRINTABLE|QUOTED-PRINTABLE)"
    r"(?=[;:])",
    re.IGNORECASE,
)


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

    def decoded(self) -> str:
        """The value with any quoted-printable undone (escapes are still there)."""
        if self.encoding != "quoted-printable":
            return self.value
        data = quopri.decodestring(self.value.encode("utf-8"))
        charset = self.charset or "utf-8"
        try:
            text = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = legacy_decode(data)
        return text.replace("\r\n", "\n").replace("\r", "\n")

    def verbatim(self) -> str:
        """The line as it is stored and written back: unchanged, except that a
        legacy transfer encoding (quoted-printable, a CHARSET) becomes plain
        UTF-8 text, which is what 3.0 and 4.0 readers expect."""
        if not self.charset and self.encoding != "quoted-printable":
            return self.text
        head = self.text[: len(self.text) - len(self.value)]
        value = self.value
        if self.encoding == "quoted-printable":
            value = self.decoded().replace("\n", "\\n")
        return _TRANSFER_PARAM.sub("", head) + value


def parse_prop(text: str, line: int) -> Prop | None:
    """``None`` when the line is not a content line at all."""
    try:
        name, params, value, group = parseLine(text)
    except ParseError:
        return None
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
