"""Cell values as CSV exports write them: dates in many styles, labels, lists."""

from __future__ import annotations

import re
from datetime import date

from prm.core.csv_contacts.columns import LABEL_WORDS
from prm.core.dates import PartialDate
from prm.core.text_fold import plain

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            "jan january januar janvier enero gennaio januari",
            "feb february februar fevrier febrero febbraio februari",
            "mar march marz mars marzo maart",
            "apr april avril abril aprile",
            "may mai mayo maggio mei",
            "jun june juni juin junio giugno",
            "jul july juli juillet julio luglio",
            "aug august aout agosto augustus",
            "sep sept september septembre septiembre settembre",
            "oct october oktober octobre octubre ottobre",
            "nov november novembre noviembre",
            "dec december dezember decembre diciembre dicembre",
        ]
    )
    for name in names.split()
}
_NUMERIC = re.compile(r"^(\d{1,4})[./](\d{1,2})[./](\d{1,4})$")
_WORDS = re.compile(r"[^\W\d_]+|\d+")
# Google's system groups and Outlook's empty dates are not the user's data.
SYSTEM_TAGS = {
    "* mycontacts",
    "mycontacts",
    "* starred",
    "my contacts",
    "system group: my contacts",
}
EMPTY_DATES = {"0/0/00", "00.00.00", "0.0.00", "0000-00-00", "1/1/1601", "01.01.1601"}


def day_first(values: list[str]) -> bool:
    """Whether a column's ``1/2/1990`` dates are day/month: some first number is above 12,
    or the separator is a dot (as Europe writes it)."""
    for value in values:
        found = _NUMERIC.match(value.strip())
        if found and (int(found.group(1)) > 12 or "." in value):
            return True
    return False


def parse_date(text: str, *, day_first: bool = False) -> PartialDate | None:
    """A date as exports write it; None when there is none; ValueError when unreadable."""
    text = " ".join(text.split())
    if not text or text in EMPTY_DATES:
        return None
    text = text.split("T")[0] if re.match(r"^\d{4}-\d\d-\d\dT", text) else text
    try:
        return PartialDate.parse(text)
    except ValueError:
        pass
    found = _NUMERIC.match(text)
    if found:
        a, b, c = (int(g) for g in found.groups())
        if len(found.group(1)) == 4:  # 1990/03/14
            return PartialDate.of(a, b, c)
        month, day = (b, a) if day_first else (a, b)
        return PartialDate.of(_year(c, found.group(3)), month, day)
    parts = _WORDS.findall(plain(text))
    months = [p for p in parts if p in _MONTHS]
    numbers = [p for p in parts if p.isdigit()]
    if len(months) == 1 and len(numbers) in (1, 2) and len(parts) <= 4:
        month = _MONTHS[months[0]]
        if len(numbers) == 1:  # "March 14" without a year
            return PartialDate.of(None, month, int(numbers[0]))
        # "12 Mar 2021", "Mar 12, 2021", "12-Mar-21": a four-digit number is the year,
        # else the last one is
        four = [n for n in numbers if len(n) == 4]
        year = four[0] if four else numbers[1]
        day = numbers[1] if numbers[0] == year else numbers[0]
        return PartialDate.of(_year(int(year), year), month, int(day))
    raise ValueError(f"“{text}” is not a date PRM understands")


def _year(value: int, written: str) -> int:
    if len(written) > 2:
        return value
    this_year = date.today().year % 100
    return 2000 + value if value <= this_year else 1900 + value


def label_of(text: str) -> tuple[str, bool]:
    """Google's "* Work" -> ("work", preferred); Outlook's SMTP and other noise -> ""."""
    text = text.strip()
    preferred = text.startswith("*")
    words = set(re.sub(r"[\W_]+", " ", text.casefold()).split())
    for label, names in LABEL_WORDS.items():
        if words & names:
            return label, preferred
    if words & {"smtp", "ex", "x400"}:
        return "", preferred
    return text.lstrip("* ").casefold(), preferred


def split_multi(text: str) -> list[str]:
    """Google writes several values in one cell as ``a ::: b``."""
    return [part.strip() for part in text.split(":::") if part.strip()]


def split_tags(text: str) -> list[str]:
    tags = []
    for part in re.split(r":::|;|,", text):
        tag = " ".join(part.split())
        if tag and tag.casefold() not in SYSTEM_TAGS:
            tags.append(tag.lstrip("* ") if tag.startswith("* ") else tag)
    return tags
