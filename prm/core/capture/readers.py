"""``open_reader``: the reader for a source's kind, imported when first used.

Calendar and mail parsing pull in icalendar, httpx and imaplib; none of that is
loaded at start-up, only when a source of that kind is read.
"""

from __future__ import annotations

import importlib
from datetime import tzinfo

from prm.core.capture.observations import Reader
from prm.core.capture.source_config import SOURCE_KINDS, SourceConfig, SourceError

# kind -> (module, factory). Each factory is
# ``open_reader(config, *, password, zone) -> Reader`` in its own module.
READER_MODULES: dict[str, tuple[str, str]] = {
    "ics": ("prm.core.capture.ics_reader", "open_reader"),
    "eml": ("prm.core.capture.mail_files", "open_reader"),
    "mbox": ("prm.core.capture.mail_files", "open_reader"),
    "maildir": ("prm.core.capture.mail_files", "open_reader"),
    "caldav": ("prm.core.capture.caldav_reader", "open_reader"),
    "imap": ("prm.core.capture.imap_reader", "open_reader"),
}


def open_reader(config: SourceConfig, *, password: str | None, zone: tzinfo) -> Reader:
    if config.kind not in SOURCE_KINDS or config.kind not in READER_MODULES:
        raise SourceError(f"PRM cannot read “{config.kind}” sources.")
    module_name, factory = READER_MODULES[config.kind]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise  # a missing dependency inside the reader is a bug to see, not hide
        raise SourceError(
            f"This version of PRM cannot read {SOURCE_KINDS[config.kind]} sources yet."
        ) from exc
    return getattr(module, factory)(config, password=password, zone=zone)
