"""One message's header block -> :class:`MailMessage` (or why it could not be read).

Shared by every mail reader (.eml, mbox, Maildir, IMAP): they hand over the
bytes of the header block only; the body is never read here. Headers are
decoded the way mail clients do: RFC 2047 encoded words by the email package,
8-bit headers without a declared charset by UTF-8, else by the likeliest code
page, so a name like "Zoë" from an old client reads as the sender wrote it.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.utils import getaddresses, parsedate_to_datetime

from prm.core.capture.observations import MailMessage, Person, ReadProblem

# Only these fields are unfolded; their values are then decoded with email.utils
# and email.header. The email package's parser with policy.default does the same
# at ~2 ms a message (100 s for a year of mail); parsing every Received: and
# DKIM-Signature: line with compat32 still costs half the budget.
WANTED = frozenset(
    [
        "from",
        "to",
        "cc",
        "date",
        "subject",
        "message-id",
        "in-reply-to",
        "references",
        "list-unsubscribe",
        "list-id",
        "precedence",
        "auto-submitted",
    ]
)
_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
_BULK_PRECEDENCE = {"bulk", "list", "junk"}


def message_from_header_bytes(
    data: bytes, *, where: str, folder: str, fallback_date: datetime | None
) -> MailMessage | ReadProblem:
    """The message whose headers are ``data``; ``where`` names it in a problem,
    ``fallback_date`` (a server's internal date, a file's time) stands in for a
    missing or unreadable Date:."""
    try:
        headers = HeaderFields(decode_header_block(data))
        sender = _people(headers, "From")
        if not sender:
            return ReadProblem(where, "no sender address (From:)")
        sent_at = _date(headers) or fallback_date
        if sent_at is None:
            return ReadProblem(where, "no readable date (Date:)")
        return MailMessage(
            key=_first_id(headers.get("Message-ID")) or _digest(headers),
            sent_at=sent_at if sent_at.tzinfo else sent_at.replace(tzinfo=UTC),
            sender=sender[0],
            to=_people(headers, "To"),
            cc=_people(headers, "Cc"),
            subject=_decoded(headers.get("Subject")),
            in_reply_to=_first_id(headers.get("In-Reply-To")),
            references=tuple(_ids(headers.get("References"))),
            bulk=is_bulk(headers),
            folder=folder,
        )
    except Exception as error:  # any header the email package chokes on
        text = str(error).strip() or type(error).__name__
        return ReadProblem(where, f"unreadable headers ({text[:200]})")


def decode_header_block(data: bytes) -> str:
    """Header bytes as text: ASCII and UTF-8 as they are, other 8-bit text
    (headers that never declared a charset) by the most likely code page."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # The same judgement as for 8-bit CSV files: charset-normalizer for the script,
    # then the Western code pages compared on how natural the names read.
    from prm.core.csv_contacts.encoding import guess_8bit

    return data.decode(guess_8bit(data), "replace")


class HeaderFields:
    """The wanted fields of a header block, unfolded; names are case-insensitive."""

    def __init__(self, text: str) -> None:
        self.fields: dict[str, list[str]] = {}
        current: list[str] | None = None
        for line in text.splitlines():
            if line[:1] in (" ", "\t"):
                if current is not None:
                    current[-1] += line  # a folded line: unfolding keeps its blank
                continue
            name, colon, value = line.partition(":")
            name = name.strip().lower()
            current = self.fields.setdefault(name, []) if colon and name in WANTED else None
            if current is not None:
                current.append(value)

    def get_all(self, name: str) -> list[str]:
        return self.fields.get(name.lower(), [])

    def get(self, name: str) -> str | None:
        values = self.fields.get(name.lower())
        return values[0] if values else None


def is_bulk(headers) -> bool:
    """Newsletters, lists and robots: what the queue should never be filled with."""
    if headers.get("List-Unsubscribe") is not None or headers.get("List-Id") is not None:
        return True
    if _text(headers.get("Precedence")).lower() in _BULK_PRECEDENCE:
        return True
    auto = _text(headers.get("Auto-Submitted")).split(";")[0].strip().lower()
    return bool(auto) and auto != "no"


def _people(headers, name: str) -> tuple[Person, ...]:
    people: list[Person] = []
    for display, address in getaddresses(headers.get_all(name)):
        email = address.strip().lower()
        if "@" in email and " " not in email:
            people.append(Person(email=email, name=_decoded(display)))
    return tuple(people)


def _date(headers) -> datetime | None:
    value = headers.get("Date")
    if value is None:
        return None
    try:
        return parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _decoded(value) -> str:
    """Header text with its RFC 2047 encoded words decoded, whitespace folded."""
    text = _text(value)
    if "=?" in text:
        # An encoded word naming an unknown charset is left as it came.
        with contextlib.suppress(ValueError, LookupError, UnicodeError):
            text = str(make_header(decode_header(text)))
    return text.strip()


def _ids(value) -> list[str]:
    text = _text(value)
    found = _MESSAGE_ID.findall(text)
    return found or [token.strip("<>") for token in text.split() if token.strip("<>")]


def _first_id(value) -> str:
    ids = _ids(value)
    return ids[0] if ids else ""


def _digest(headers) -> str:
    """A message without Message-ID still gets a key that is the same every time
    its headers are read (any copy of it, from any source)."""
    raw = "\x1f".join(_text(headers.get(name)) for name in ("From", "Date", "Subject", "To"))
    return "no-id-" + hashlib.sha1(raw.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _text(value) -> str:
    return "" if value is None else " ".join(str(value).split())
