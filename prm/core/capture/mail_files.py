"""Reading mail kept in files: .eml files, Maildir folders and mbox files.

Only the header block of each message is read (up to its first blank line);
bodies are skipped without being held. Every reader honours ``cancelled()``
between messages and leaves a Checkpoint every ``batch`` messages, so a run that
is stopped (or killed) resumes where its last checkpoint was.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import BinaryIO

from prm.core.capture.mail_headers import message_from_header_bytes
from prm.core.capture.observations import (
    Checkpoint,
    Observation,
    Progress,
    ReadProblem,
)
from prm.core.capture.source_config import SourceConfig, SourceError

# Messages between checkpoints. A file reader's state lists every name read, so
# it is saved less often than an mbox's (a byte offset).
BATCH = 2000
MBOX_BATCH = 500
# A header block this long is not a header block (a binary file, a body with no
# blank line): read no further than this.
MAX_HEADER_BYTES = 1 << 20
_LINE = 1 << 16  # a longer line is read in pieces: memory stays flat on any file
# mbox "From " separator: after a blank line (or at the start) and carrying a
# time, so a body line "From here on..." is not taken for a new message; a full
# postmark date also counts without the blank line (writers that omit it).
_POSTMARK = re.compile(rb"^From \S*\s.*\d\d?:\d\d")
_FULL_POSTMARK = re.compile(
    rb"^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct"
    rb"|Nov|Dec) [ \d]\d \d\d:\d\d(?::\d\d)? .*\d{4}\s*$"
)


def _separator(line: bytes, previous_blank: bool) -> bool:
    if not line.startswith(b"From "):
        return False
    return bool(_POSTMARK.match(line)) if previous_blank else bool(_FULL_POSTMARK.match(line))


def read_header_block(stream: BinaryIO) -> tuple[bytes, bool]:
    """The header lines at the stream's position, and whether the blank line that
    ends them was reached (False: the message is cut off inside its headers)."""
    lines: list[bytes] = []
    size = 0
    for line in iter(lambda: stream.readline(_LINE), b""):
        if line in (b"\n", b"\r\n"):
            return b"".join(lines), True
        lines.append(line)
        size += len(line)
        if size > MAX_HEADER_BYTES:
            break
    return b"".join(lines), False


def _file_time(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError:
        return None


class _MailFilesReader:
    """A reader over one file per message; the state is the names already read."""

    def __init__(
        self, path: str | Path, *, cancelled: Callable[[], bool] | None = None, batch: int = BATCH
    ) -> None:
        self.path = Path(path).expanduser()
        self.cancelled = cancelled or (lambda: False)
        self.batch = batch

    def _messages(self) -> Iterable[tuple[str, Path, str]]:
        """(name kept in the state, file, folder) for every message file."""
        raise NotImplementedError

    def __call__(self, state: Mapping[str, object], *, since: datetime) -> Iterator[Observation]:
        read = set(state.get("read", ()))  # type: ignore[call-overload]
        todo = [item for item in self._messages() if item[0] not in read]
        yield Progress(0, len(todo))
        for done, (name, file, folder) in enumerate(todo, 1):
            if self.cancelled():
                break
            try:
                with file.open("rb") as stream:
                    block, _ = read_header_block(stream)
            except OSError as error:
                yield ReadProblem(name, f"cannot be read ({error.strerror or error})")
            else:
                item = message_from_header_bytes(
                    block, where=name, folder=folder, fallback_date=_file_time(file)
                )
                if isinstance(item, ReadProblem) or item.sent_at >= since:
                    yield item
            read.add(name)
            if done % self.batch == 0:
                yield Progress(done, len(todo))
                yield Checkpoint({"read": sorted(read)})
        yield Checkpoint({"read": sorted(read)})


class EmlReader(_MailFilesReader):
    """One .eml file, or a folder of them (subfolders too)."""

    def _messages(self) -> Iterable[tuple[str, Path, str]]:
        if self.path.is_file():
            return [(self.path.name, self.path, "")]
        if not self.path.is_dir():
            raise SourceError(f"Mail file or folder not found: {self.path}")
        found = sorted(
            p for p in self.path.rglob("*") if p.suffix.lower() == ".eml" and p.is_file()
        )
        return [
            (p.relative_to(self.path).as_posix(), p, p.parent.relative_to(self.path).as_posix())
            for p in found
        ]


class MaildirReader(_MailFilesReader):
    """A Maildir: its cur/ and new/ folders, and Maildir++ subfolders (.Sent ...).

    A message is named by its unique part (before ":"), which stays the same
    when a mail client moves it from new/ to cur/ or changes its flags."""

    def _messages(self) -> Iterable[tuple[str, Path, str]]:
        if not (self.path / "cur").is_dir() and not (self.path / "new").is_dir():
            raise SourceError(f"Not a Maildir folder (no cur/ or new/): {self.path}")
        folders = [(self.path, "INBOX")] + [
            (sub, sub.name[1:])
            for sub in sorted(self.path.iterdir())
            if sub.name.startswith(".") and (sub / "cur").is_dir()
        ]
        for root, folder in folders:
            for part in ("new", "cur"):
                files = (root / part).iterdir() if (root / part).is_dir() else ()
                for file in sorted(files):
                    if not file.name.startswith(".") and file.is_file():
                        yield f"{folder}/{file.name.split(':', 1)[0]}", file, folder


class MboxReader:
    """An mbox file, streamed: memory stays flat whatever its size.

    State: the byte offset reached plus the file's size and time, so an unchanged
    mbox is skipped, an appended one is read from the old end, and a resumed run
    continues at its last checkpoint; a file that shrank is read again from the
    start (message ids keep it from proposing twice)."""

    def __init__(
        self,
        path: str | Path,
        *,
        cancelled: Callable[[], bool] | None = None,
        batch: int = MBOX_BATCH,
    ) -> None:
        self.path = Path(path).expanduser()
        self.cancelled = cancelled or (lambda: False)
        self.batch = batch

    def __call__(self, state: Mapping[str, object], *, since: datetime) -> Iterator[Observation]:
        try:
            stat = self.path.stat()
        except OSError as error:
            raise SourceError(f"Mailbox file not found: {self.path} ({error.strerror})") from None
        if not self.path.is_file():
            raise SourceError(f"Not a mailbox file: {self.path}")
        size, mtime = stat.st_size, stat.st_mtime
        offset = int(state.get("offset", 0))  # type: ignore[call-overload]
        if offset > size or (offset < size and not _starts_message(self.path, offset)):
            offset = 0  # compacted or rewritten: read again (keys keep it from repeating)
        if offset == size and state.get("size") == size and state.get("mtime") == mtime:
            yield Checkpoint(dict(state))
            return

        def checkpoint(at: int) -> Checkpoint:
            return Checkpoint({"offset": at, "size": size, "mtime": mtime})

        folder = self.path.stem
        reported = offset
        yield Progress(offset, size)
        count = 0
        with self.path.open("rb", buffering=1 << 20) as stream:
            stream.seek(offset)
            for start, block, next_start in _mbox_messages(stream, offset):
                where = f"{self.path.name}, byte {start}"
                if next_start == start:
                    # Cut off inside its headers (still being written?): read it
                    # again next time, from its start.
                    yield ReadProblem(where, "message cut off before its headers end")
                    yield checkpoint(start)
                    return
                item = message_from_header_bytes(
                    block, where=where, folder=folder, fallback_date=None
                )
                if isinstance(item, ReadProblem) or item.sent_at >= since:
                    yield item
                count += 1
                if next_start - reported >= 1 << 20:
                    reported = next_start
                    yield Progress(next_start, size)
                stop = self.cancelled()
                if stop or count % self.batch == 0:
                    yield checkpoint(next_start)
                if stop:
                    return
        if count == 0 and offset == 0 and size:
            yield ReadProblem(self.path.name, "no messages found (not an mbox file?)")
        yield Progress(size, size)
        yield checkpoint(size)


def _starts_message(path: Path, offset: int) -> bool:
    with path.open("rb") as stream:
        stream.seek(offset)
        return _separator(stream.readline(_LINE), True)


def open_reader(config: SourceConfig, *, password: str | None, zone: tzinfo):
    """The registry's factory (prm.core.capture.readers) for "eml", "mbox" and
    "maildir" sources."""
    kinds = {"eml": EmlReader, "mbox": MboxReader, "maildir": MaildirReader}
    if config.kind not in kinds:
        raise SourceError(f"Not a mail file source: {config.kind}")
    return kinds[config.kind](config.location)


def _mbox_messages(stream: BinaryIO, offset: int) -> Iterator[tuple[int, bytes, int]]:
    """(offset of its "From " line, header block, offset of the next message) per
    message, skipping bodies line by line; the next offset equals the message's
    own when it is cut off inside its headers."""
    position, start, block = offset, -1, b""
    line = stream.readline(_LINE)
    previous_blank = True
    while True:
        # Up to the next separator: the body of the message before (one line at
        # a time, never held), or anything before the first message.
        while line and not _separator(line, previous_blank):
            position += len(line)
            previous_blank = line in (b"\n", b"\r\n")
            line = stream.readline(_LINE)
        if start >= 0:
            yield start, block, position
        if not line:
            return
        start = position
        block, complete = read_header_block(stream)
        if not complete:
            yield start, block, start
            return
        position = stream.tell()
        previous_blank = True  # the blank line that ended the headers
        line = stream.readline(_LINE)
