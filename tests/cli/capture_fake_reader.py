"""A stand-in reader for CLI tests: the location is a JSON list of messages."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from prm.core.capture.observations import Checkpoint, MailMessage, Person, ReadProblem
from prm.core.capture.source_config import SourceError


def open_reader(config, *, password, zone):
    if config.username and password != "secret":
        raise SourceError(f"The server refused the password for {config.username}.")

    def read(state, *, since):
        for i, item in enumerate(json.loads(Path(config.location).read_text())):
            if "broken" in item:
                yield ReadProblem(f"{config.location}, item {i}", item["broken"])
                continue
            yield MailMessage(
                key=item["id"],
                sent_at=datetime.fromisoformat(item["at"]),
                sender=Person(item["from"]),
                to=tuple(Person(a) for a in item["to"]),
                subject=item.get("subject", ""),
                in_reply_to=item.get("reply_to", ""),
            )
        yield Checkpoint({"read": True})

    return read
