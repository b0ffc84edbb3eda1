"""Reading a calendar export: one .ics file, or a folder of them (subfolders too).

The state remembers, per file, its size and modification time, when it was
last read up to, and when its next event starts: a file that has not changed
and has nothing new that has happened since is not even opened again. Events
are yielded once they have started (a meeting is a touch once it took place);
a later run reads an unchanged file only from where the last one stopped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

from prm.core.capture.ical_events import events_from_ical
from prm.core.capture.observations import (
    CalendarEvent,
    Checkpoint,
    Observation,
    Progress,
    ReadProblem,
)
from prm.core.capture.source_config import SourceConfig, SourceError

# How far ahead to look for a file's next event (to know when to open it again).
_LOOKAHEAD = timedelta(days=400)


class IcsReader:
    """A :class:`~prm.core.capture.observations.Reader` for .ics files."""

    def __init__(
        self, path: str | Path, *, zone: tzinfo, now: Callable[[], datetime] | None = None
    ) -> None:
        self.path = Path(path).expanduser()
        self.zone = zone
        self.now = now or (lambda: datetime.now(UTC))

    def __call__(self, state: Mapping[str, object], *, since: datetime) -> Iterator[Observation]:
        files = self.files()
        now = self.now()
        known = dict(state.get("files", {}))  # type: ignore[call-overload]
        seen: dict[str, dict] = {}
        yield Progress(0, len(files))
        for done, file in enumerate(files, 1):
            name = self.name_of(file)
            try:
                stat = file.stat()
            except OSError as error:
                yield ReadProblem(name, f"cannot be read ({error.strerror or error})")
                continue
            before = known.get(name) or {}
            unchanged = before.get("size") == stat.st_size and before.get("mtime") == stat.st_mtime
            start, last_until = since, None
            if unchanged:
                last_until = datetime.fromisoformat(before["until"])
                start = max(since, last_until)
                upcoming = before.get("next")
                if upcoming is None or datetime.fromisoformat(upcoming) > now:
                    seen[name] = before  # nothing in it has happened since last time
                    yield Progress(done, len(files))
                    continue
            try:
                data = file.read_bytes()
            except OSError as error:
                yield ReadProblem(name, f"cannot be read ({error.strerror or error})")
                continue
            upcoming = None
            found = events_from_ical(
                data, calendar=name, since=start, until=now + _LOOKAHEAD, zone=self.zone
            )
            for item in found:
                if isinstance(item, CalendarEvent) and item.start > now:
                    upcoming = item.start if upcoming is None else min(upcoming, item.start)
                    continue
                if isinstance(item, CalendarEvent) and last_until and item.start <= last_until:
                    continue  # yielded by the last run already
                yield item
            seen[name] = {
                "size": stat.st_size,
                "mtime": stat.st_mtime,
                "until": now.isoformat(),
                "next": upcoming.isoformat() if upcoming else None,
            }
            yield Progress(done, len(files))
            yield Checkpoint({"files": {**known, **seen}})
        # Files gone from the folder are forgotten (keys still keep them from repeating).
        yield Checkpoint({"files": seen})

    def files(self) -> list[Path]:
        """The .ics files of the source: the file, or every one in the folder."""
        if self.path.is_file():
            return [self.path]
        if self.path.is_dir():
            return sorted(
                p for p in self.path.rglob("*") if p.suffix.lower() == ".ics" and p.is_file()
            )
        raise SourceError(f"Calendar file or folder not found: {self.path}")

    def name_of(self, file: Path) -> str:
        """The file as the user knows it: its path inside the chosen folder."""
        if file == self.path:
            return file.name
        return file.relative_to(self.path).as_posix()


def open_reader(config: SourceConfig, *, password: str | None, zone: tzinfo) -> IcsReader:
    """The registry's factory (prm.core.capture.readers) for "ics" sources."""
    return IcsReader(config.location, zone=zone)
