"""``prm --self-test``: prove a (frozen) build has what it needs, without the user's data.

Opens an encrypted store in a temporary folder (SQLCipher, the migrations
and their scripts), writes and reads a contact, fills it with a little sample
data, exports a vCard and reads it back, writes a calendar, then runs core's
library checks (``prm/core/self_checks.py``: recurring events, phone numbers,
the CardDAV client, mail, the gazetteer, the keyring backend) and draws the
window's icons with Qt's plugins (offscreen). Every check runs even when one
fails, so one run names everything a build lost.
Output goes to stdout because it is the command's answer, like the CLI's.
"""

from __future__ import annotations

import sys
import tempfile
import traceback


def _file_formats(store, clock, folder: str) -> list[str]:
    from pathlib import Path

    from prm.core.ics import calendar_bytes
    from prm.core.vcard.card import ParsedCard
    from prm.core.vcard.read import read_vcards
    from prm.core.vcard.write import export_vcards

    out = Path(folder) / "self-test.vcf"
    with store.reading() as session:
        export_vcards(session, out=out, clock=clock)
    cards = [c for c in read_vcards(out.read_bytes()) if isinstance(c, ParsedCard)]
    if [c.draft.given_name for c in cards] != ["Self-test"]:
        raise RuntimeError(f"the exported vCard did not read back: {cards!r}")
    if b"BEGIN:VCALENDAR" not in calendar_bytes([], now=clock.now()):
        raise RuntimeError("the calendar export is not a calendar")
    return ["vcard: OK (export and import)", "calendar: OK (icalendar)"]


def _store_checks() -> list[str]:
    from datetime import UTC, datetime

    from prm.core import contact_list, contacts, demo
    from prm.core.clock import FakeClock
    from prm.core.drafts import ContactDraft
    from prm.core.paths import AppPaths
    from prm.core.secrets import MemorySecretStore
    from prm.core.store_open import open_store

    lines = []
    with tempfile.TemporaryDirectory(prefix="prm-self-test-") as tmp:
        store = open_store(AppPaths.for_dir(tmp), MemorySecretStore())
        try:
            if not store.encrypted:
                raise RuntimeError("the test store was not encrypted")
            clock = FakeClock(datetime(2026, 1, 1, tzinfo=UTC))
            with store.transaction() as session:
                contacts.create_contact(
                    session, draft=ContactDraft(given_name="Self-test"), clock=clock
                )
            with store.reading() as session:
                if contact_list.list_contact_ids(session, query="self") == []:
                    raise RuntimeError("search did not find the test contact")
            lines.append(f"database: OK (SQLCipher, schema {store.revision})")
            lines += _file_formats(store, clock, tmp)
            summary = demo.populate(store, contacts=20, touches=60, seed=1, clock=clock)
            lines.append(
                f"sample data: OK ({summary.contacts} contacts, {summary.touches} touches)"
            )
        finally:
            store.close()
    return lines


def _qt_check() -> str:
    """Draw the app icon, and read images, through Qt's SVG and image plugins, offscreen."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a check, not a window
    import PySide6
    import PySide6.QtNetwork  # the single-instance socket
    from PySide6.QtGui import QImageReader
    from PySide6.QtWidgets import QApplication

    from prm.ui.common.icons import app_icon, resource_path

    app = QApplication.instance() or QApplication([])
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    missing = {"svg", "png", "jpeg", "gif"} - formats  # contact photos come as any of these
    if missing:
        raise RuntimeError(f"Qt cannot read {', '.join(sorted(missing))} images (plugins missing)")
    if app_icon().pixmap(64, 64).isNull() or not resource_path("icons", "contacts.svg").exists():
        raise RuntimeError(f"the icons did not ship ({resource_path()})")
    return f"qt: OK (PySide6 {PySide6.__version__}, {app.platformName()}; svg, png, jpeg, gif)"


def _checks() -> tuple[list[str], list[str]]:
    """(report lines, failures): every check runs, whatever the others did."""
    from prm.core.self_checks import CHECKS

    lines: list[str] = []
    failures: list[str] = []
    for check in (_store_checks, *CHECKS, _qt_check):
        try:
            result = check()
        except Exception:  # report every failure, then fail
            failures.append(f"{check.__name__.strip('_')}: FAILED\n{traceback.format_exc()}")
            continue
        lines += result if isinstance(result, list) else [result]
    return lines, failures


def self_test() -> int:
    lines, failures = _checks()
    sys.stdout.write("\n".join(lines) + "\n")
    if failures:
        sys.stderr.write("self-test FAILED\n" + "\n".join(failures))
        return 1
    sys.stdout.write("OK\n")
    return 0
