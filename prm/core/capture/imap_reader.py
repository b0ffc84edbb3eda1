"""An IMAP mailbox read incrementally, headers only, never marking anything read.

Folders are opened read-only (EXAMINE) and headers fetched with BODY.PEEK, so
the server never sets \\Seen: the user's unread mail stays unread. Per folder
the state keeps UIDVALIDITY and the last UID read; a changed UIDVALIDITY (the
server renumbered the folder) re-reads it from ``since`` and the keys
(Message-IDs) keep that from proposing anything twice.

TLS: port 993 (the default) is IMAPS; any other port must offer STARTTLS. A
plain connection is only made to this machine (127.0.0.1, localhost), where
nothing crosses a network.

State: {"since": iso, "folders": {name: {"uidvalidity": int, "last_uid": int}}}.
"""

from __future__ import annotations

import contextlib
import re
import socket
import ssl
from collections.abc import Iterator, Mapping
from datetime import datetime, tzinfo

from prm.core.capture.mail_headers import message_from_header_bytes
from prm.core.capture.observations import Checkpoint, Observation, Progress
from prm.core.capture.source_config import SourceConfig, SourceError

BATCH = 200  # messages per FETCH (and per checkpoint)
TIMEOUT = 30.0  # seconds for connecting and for each answer
HEADER_FIELDS = (
    "FROM TO CC DATE SUBJECT MESSAGE-ID IN-REPLY-TO REFERENCES "
    "LIST-UNSUBSCRIBE LIST-ID PRECEDENCE AUTO-SUBMITTED"
)
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_SENT_NAMES = ("Sent", "Sent Items", "Sent Messages", "Sent Mail")
_UID = re.compile(rb"\bUID (\d+)")
_INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')
_LIST = re.compile(rb'^\((?P<flags>[^)]*)\) (?:"[^"]*"|NIL) (?P<name>.+)$')


def open_reader(config: SourceConfig, *, password: str | None, zone: tzinfo) -> ImapReader:
    folders = [f.strip() for f in config.folder.split(",") if f.strip()]
    return ImapReader(config.location, config.username, password or "", folders)


def split_location(location: str) -> tuple[str, int]:
    text = location.strip()
    for prefix in ("imaps://", "imap://"):
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
    host, _, port = text.rstrip("/").rpartition(":")
    if host and port.isdigit():
        return host.strip("[]"), int(port)
    return text.rstrip("/"), 993


class ImapReader:
    def __init__(
        self, location: str, user: str, password: str, folders: list[str], *, batch: int = BATCH
    ) -> None:
        self.host, self.port = split_location(location)
        self.user, self.password, self.folders, self.batch = user, password, folders, batch
        self.where = f"{self.host}:{self.port}"

    def __call__(self, state: Mapping[str, object], *, since: datetime) -> Iterator[Observation]:
        with self._errors():
            conn = self._connect()
        try:
            yield from self._read(conn, state, since)
        finally:
            with contextlib.suppress(Exception):
                conn.logout()
            # After a dropped connection LOGOUT fails before closing the socket.
            with contextlib.suppress(Exception):
                conn.shutdown()

    def _read(self, conn, state: Mapping[str, object], since: datetime):
        known = state.get("folders") if isinstance(state.get("folders"), dict) else {}
        last_since = _iso(state.get("since"))
        if last_since is None or since < last_since:
            known, last_since = {}, since  # further back than before: read it all again
        out = {"since": last_since.isoformat(), "folders": {k: dict(v) for k, v in known.items()}}
        with self._errors():
            folders = self.folders or self._default_folders(conn)
            plans = [self._plan(conn, folder, known.get(folder) or {}, since) for folder in folders]
        total = sum(len(uids) for *_, uids in plans)
        done = 0
        yield Progress(0, total)
        for folder, validity, last, uids in plans:
            out["folders"][folder] = {"uidvalidity": validity, "last_uid": last}
            if uids:
                with self._errors():
                    self._examine(conn, folder)
            for start in range(0, len(uids), self.batch):
                chunk = uids[start : start + self.batch]
                with self._errors():
                    fetched = self._fetch(conn, chunk)
                for uid, internal, header in fetched:
                    yield message_from_header_bytes(
                        header,
                        where=f"{folder}, message UID {uid}",
                        folder=folder,
                        fallback_date=internal,
                    )
                out["folders"][folder]["last_uid"] = chunk[-1]
                done += len(chunk)
                yield Checkpoint(_copy(out))
                yield Progress(done, total)
        yield Checkpoint(_copy(out))

    # -- connection --------------------------------------------------------

    def _connect(self):
        import imaplib  # imported here: the app starts without it

        if self.port == 993:
            conn = imaplib.IMAP4_SSL(
                self.host, self.port, ssl_context=ssl.create_default_context(), timeout=TIMEOUT
            )
        else:
            conn = imaplib.IMAP4(self.host, self.port, timeout=TIMEOUT)
            if "STARTTLS" in conn.capabilities:
                try:
                    conn.starttls(ssl.create_default_context())
                except BaseException:
                    conn.shutdown()
                    raise
            elif self.host.lower() not in LOOPBACK:
                conn.shutdown()
                raise SourceError(
                    f"The IMAP server {self.where} offers no encryption (STARTTLS); PRM does not "
                    "send a password in the clear. Use port 993 (IMAPS)."
                )
        try:
            conn.login(self.user, self.password)
        except imaplib.IMAP4.error as exc:
            with contextlib.suppress(Exception):
                conn.shutdown()
            raise SourceError(
                f"The IMAP server {self.where} refused user “{self.user}” with that password "
                f"(wrong user name or password: {_text(exc)})."
            ) from exc
        return conn

    @contextlib.contextmanager
    def _errors(self):
        """Network and protocol failures as a SourceError naming what went wrong."""
        import imaplib

        try:
            yield
        except SourceError:
            raise
        except ConnectionRefusedError as exc:
            raise SourceError(
                f"Could not connect to the IMAP server {self.where}: connection refused "
                "(is the server running at that address?)."
            ) from exc
        except socket.gaierror as exc:
            raise SourceError(f"The IMAP server {self.host} is unknown ({exc}).") from exc
        except ssl.SSLError as exc:
            raise SourceError(
                f"A secure (TLS) connection to {self.where} failed: {_text(exc)}."
            ) from exc
        except TimeoutError as exc:
            raise SourceError(f"The IMAP server {self.where} did not answer in time.") from exc
        except (imaplib.IMAP4.abort, OSError, EOFError) as exc:
            raise SourceError(
                f"The connection to the IMAP server {self.where} was dropped ({_text(exc)})."
            ) from exc
        except imaplib.IMAP4.error as exc:
            raise SourceError(
                f"The IMAP server {self.where} refused a request: {_text(exc)}."
            ) from exc

    # -- folders and messages ----------------------------------------------

    def _default_folders(self, conn) -> list[str]:
        """The inbox and the folder flagged \\Sent (else one named like it)."""
        typ, lines = conn.list()
        names: dict[str, bytes] = {}
        for line in lines if typ == "OK" else []:
            match = _LIST.match(line or b"")
            if match:
                names[_unquote(match["name"])] = match["flags"].lower()
        sent = [n for n, flags in names.items() if b"\\sent" in flags]
        sent = sent or [n for n in _SENT_NAMES if n in names]
        return ["INBOX", *sent[:1]]

    def _examine(self, conn, folder: str) -> int:
        typ, data = conn.select(_quote(folder), readonly=True)
        if typ != "OK":
            raise SourceError(f"The IMAP folder “{folder}” cannot be opened: {_text(data)}.")
        validity = conn.response("UIDVALIDITY")[1]
        return int(validity[0]) if validity and validity[0] else 0

    def _plan(self, conn, folder: str, known: Mapping, since: datetime):
        validity = self._examine(conn, folder)
        last = int(known.get("last_uid", 0)) if known.get("uidvalidity") == validity else 0
        typ, data = conn.uid("SEARCH", f"UID {last + 1}:*", "SINCE", since.strftime("%d-%b-%Y"))
        if typ != "OK":
            raise SourceError(f"The IMAP server could not search “{folder}”: {_text(data)}.")
        # "n:*" always matches the highest UID, even below n: keep only new ones.
        uids = sorted(u for u in (int(x) for x in b" ".join(data).split()) if u > last)
        return folder, validity, last, uids

    def _fetch(self, conn, uids: list[int]) -> list[tuple[int, datetime | None, bytes]]:
        typ, data = conn.uid(
            "FETCH",
            _uid_set(uids),
            f"(UID INTERNALDATE BODY.PEEK[HEADER.FIELDS ({HEADER_FIELDS})])",
        )
        if typ != "OK":
            raise SourceError(f"The IMAP server would not send messages: {_text(data)}.")
        found = []
        for i, part in enumerate(data):
            if not isinstance(part, tuple):
                continue
            meta, header = part
            trailer = data[i + 1] if i + 1 < len(data) and isinstance(data[i + 1], bytes) else b""
            uid = _UID.search(meta) or _UID.search(trailer)
            if uid:
                found.append((int(uid.group(1)), _internaldate(meta + b" " + trailer), header))
        return sorted(found, key=lambda f: f[0])


def _uid_set(uids: list[int]) -> str:
    """1,2,3,7 -> "1:3,7": a few hundred UIDs in a short command."""
    ranges: list[list[int]] = []
    for uid in uids:
        if ranges and uid == ranges[-1][1] + 1:
            ranges[-1][1] = uid
        else:
            ranges.append([uid, uid])
    return ",".join(str(a) if a == b else f"{a}:{b}" for a, b in ranges)


def _internaldate(meta: bytes) -> datetime | None:
    match = _INTERNALDATE.search(meta)
    if not match:
        return None
    try:
        return datetime.strptime(match.group(1).decode().strip(), "%d-%b-%Y %H:%M:%S %z")
    except ValueError:
        return None


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unquote(name: bytes) -> str:
    text = name.decode("utf-8", "replace").strip()
    if text.startswith('"') and text.endswith('"'):
        text = text[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return text


def _copy(state: dict) -> dict:
    return {"since": state["since"], "folders": {k: dict(v) for k, v in state["folders"].items()}}


def _iso(value) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _text(value) -> str:
    if isinstance(value, BaseException) and value.args:
        value = value.args[0]
    if isinstance(value, list | tuple):
        value = b" ".join(v for v in value if isinstance(v, bytes))
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return " ".join(str(value).split())[:200]
