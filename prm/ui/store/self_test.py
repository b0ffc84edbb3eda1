"""``prm --self-test``: prove a (frozen) build has what it needs, without the user's data.

Opens an encrypted store in a temporary folder (SQLCipher, the migrations
and their scripts), writes and reads a contact, exports it as a vCard and
reads it back, writes a calendar (the libraries loaded only when first used
are the ones a frozen build forgets), loads the Qt modules the window needs,
and reports whether a keyring backend is usable: frozen builds have been
known to lose keyring's backends (jaraco/keyring#324).
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


def _checks() -> list[str]:
    from datetime import UTC, datetime

    from prm.core import contact_list, contacts
    from prm.core.clock import FakeClock
    from prm.core.drafts import ContactDraft
    from prm.core.paths import AppPaths
    from prm.core.secrets import KeyringSecretStore, MemorySecretStore
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
        finally:
            store.close()

    import PySide6.QtNetwork
    import PySide6.QtSvg
    import PySide6.QtWidgets

    lines.append(f"qt: OK (PySide6 {PySide6.__version__})")

    keyring_store = KeyringSecretStore()
    if keyring_store.available():
        import keyring

        lines.append(f"keyring: OK ({type(keyring.get_keyring()).__name__})")
    else:
        lines.append("keyring: no usable backend (new data would be stored unencrypted)")
    return lines


def self_test() -> int:
    try:
        lines = _checks()
    except Exception:  # report every failure, then fail
        sys.stderr.write("self-test FAILED\n" + traceback.format_exc())
        return 1
    sys.stdout.write("\n".join(lines) + "\nOK\n")
    return 0
