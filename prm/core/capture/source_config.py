"""Where a capture source lives and how to reach it; the password is never here.

``SourceConfig`` is what the user typed when adding a source; it is stored with
the source (its row in ``capture_source``) and handed to the reader for that
kind. A secret (a mail or CalDAV password) lives in the keyring under
:func:`password_key`, or is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

from prm.core.errors import KnownError

# Local files first: they need no password and no network.
SOURCE_KINDS: dict[str, str] = {
    "ics": "Calendar file or folder (.ics)",
    "eml": "Mail files (.eml)",
    "mbox": "Mailbox file (mbox)",
    "maildir": "Maildir folder",
    "caldav": "CalDAV calendar",
    "imap": "IMAP mailbox",
}
CALENDAR_KINDS = frozenset({"ics", "caldav"})
NETWORK_KINDS = frozenset({"caldav", "imap"})


@dataclass(frozen=True)
class SourceConfig:
    kind: str  # a key of SOURCE_KINDS
    location: str  # a path (file or folder), a CalDAV URL, or an IMAP host[:port]
    username: str = ""  # CalDAV and IMAP
    # IMAP folders, comma-separated; "" means the inbox and the folder marked \Sent.
    folder: str = ""

    @property
    def needs_password(self) -> bool:
        return self.kind in NETWORK_KINDS


def password_key(source_id: int) -> str:
    """The keyring entry holding a source's password."""
    return f"capture-source-{source_id}"


class SourceError(KnownError):
    """The whole source could not be read: wrong password, server unreachable,
    TLS refused, file missing. Nothing from the run is written."""
