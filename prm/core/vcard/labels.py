"""PRM's labels (vocab.py) <-> vCard TYPE parameters and Apple/Google ``X-ABLabel``s.

Standard labels travel as TYPE, which every address book reads; anything else
travels the way Apple and Google write custom labels: an ``itemN.`` group with
an ``X-ABLabel``. Reading maps both back, so PRM -> vCard -> PRM is lossless.
"""

from __future__ import annotations

from prm.core.vocab import ADDRESS_LABELS, EMAIL_LABELS, PHONE_LABELS, URL_LABELS

# Apple's built-in labels are written as _$!<Name>!$_.
_APPLE_BUILTIN = {
    "homepage": "website",
    "iphone": "mobile",
    "mobile": "mobile",
    "main": "main",
    "homefax": "home fax",
    "workfax": "work fax",
    "otherfax": "fax",
    "pager": "pager",
    "home": "home",
    "work": "work",
    "other": "other",
}
_VOCAB = {
    "EMAIL": EMAIL_LABELS,
    "TEL": PHONE_LABELS,
    "ADR": ADDRESS_LABELS,
    "URL": URL_LABELS,
}
_PHONE_TYPES = [  # first match wins: a work fax is a fax, a work mobile a mobile
    ("fax", "fax"),
    ("cell", "mobile"),
    ("mobile", "mobile"),
    ("iphone", "mobile"),
    ("main", "main"),
    ("pager", "pager"),
    ("work", "work"),
    ("home", "home"),
    ("other", "other"),
]
_PLACE_TYPES = [("work", "work"), ("home", "home"), ("other", "other")]
# Social networks as Apple's X-SOCIALPROFILE names them.
SOCIAL_TYPES = {
    "twitter": "x",
    "x": "x",
    "linkedin": "linkedin",
    "facebook": "facebook",
    "github": "github",
    "instagram": "instagram",
    "mastodon": "mastodon",
}


def from_ablabel(prop: str, text: str) -> str:
    """An X-ABLabel value as a PRM label."""
    text = text.strip()
    if text.startswith("_$!<") and text.endswith(">!$_"):
        text = text[4:-4]
        builtin = _APPLE_BUILTIN.get(text.lower())
        if builtin:
            return builtin
    lower = text.lower()
    if lower in _VOCAB.get(prop, ()):
        return lower
    return _APPLE_BUILTIN.get(lower, text) if lower in ("home", "work", "other") else text


def from_types(prop: str, types: set[str]) -> str:
    """TYPE values (lower case) as a PRM label; "" when they say nothing PRM keeps."""
    if not types:
        return ""
    if prop == "TEL":
        if "fax" in types and (place := next((t for t in ("home", "work") if t in types), "")):
            return f"{place} fax"  # both kept: a home fax is neither just "home" nor "fax"
        table = _PHONE_TYPES
    elif prop == "URL":
        for t in types:
            if t in URL_LABELS:
                return t
        return "website" if types & {"work", "home"} else ""
    else:
        table = _PLACE_TYPES
    for type_, label in table:
        if type_ in types:
            return label
    return ""


def to_vcard(prop: str, label: str, version: str) -> tuple[list[str], str]:
    """(TYPE values, X-ABLabel text or "") for a PRM label on property ``prop``."""
    if not label:
        return [], ""
    if prop == "URL":
        if label == "website":
            return [], "_$!<HomePage>!$_"
        return [], "_$!<Other>!$_" if label == "other" else label
    if label in ("work", "home"):
        return [label], ""
    if prop == "TEL":
        if label == "mobile":
            return ["cell"], ""
        if label in ("fax", "pager"):
            return [label], ""
        if label in ("home fax", "work fax"):
            return label.split(), ""
        if label == "main":
            return (["main"], "") if version == "3.0" else ([], "_$!<Main>!$_")
    if label == "other":
        return [], "_$!<Other>!$_"
    return [], label
