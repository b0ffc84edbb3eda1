"""What start-up pays for: the window and its first list never build the ORM models.

Building every table's model class costs ~0.2 s of a cold start (DESIGN.md §4: at most
1.5x an empty window). The window's modules reach models through ``prm.core.orm``,
inside functions, and the list reads with raw SQL; a module-level ``from
prm.core.models import ...`` anywhere on that path would bring the cost back.
"""

from __future__ import annotations

import subprocess
import sys

from prm.core import contacts
from prm.core.drafts import ContactDraft
from prm.core.secrets import MemorySecretStore
from prm.core.store_header import PLAIN
from prm.core.store_open import NewStore, open_store

START = """
import sys
from prm.__main__ import main  # noqa: F401
from prm.ui import app, main_window  # noqa: F401  # everything the window imports
from prm.core.paths import AppPaths
from prm.core.secrets import MemorySecretStore
from prm.core.store_open import open_store
from prm.ui.contacts.contact_table_model import load_contact_list
from prm.core.home import home_lists  # Home's lists: the first screen
from datetime import UTC, datetime

store = open_store(AppPaths.for_dir(sys.argv[1]), MemorySecretStore(available=False))
with store.reading() as session:  # the first list, then a search as typed
    listed = load_contact_list(session)
    found = load_contact_list(session, query="zeb")
    home = home_lists(session, now=datetime(2026, 3, 14, tzinfo=UTC), zone=UTC)
store.close()
print(len(listed.ids), len(found.ids), home.has_contacts)
print(sorted(m for m in sys.modules if m.startswith("prm.core.models")))
"""


def test_the_window_and_its_first_lists_never_build_the_orm_models(paths, clock):
    store = open_store(paths, MemorySecretStore(available=False), new=NewStore(PLAIN))
    with store.transaction() as session:
        for given, family in (("Zebulon", "Quartermaine"), ("Ada", "Lovelace")):
            draft = ContactDraft(given_name=given, family_name=family)
            contacts.create_contact(session, draft=draft, clock=clock)
    store.close()
    out = subprocess.run(
        [sys.executable, "-c", START, str(paths.data_dir)],
        capture_output=True,
        text=True,
        check=True,
    )
    counts, models = out.stdout.strip().splitlines()
    assert counts == "2 1 True"  # the list really was read, and searched; Home's lists too
    assert models == "[]"


SCANNED = """
import linecache, sys
from prm.ui import app, main_window  # noqa: F401
ours = ("/sqlalchemy/", "/sqlmodel/", "/pydantic/", "/prm/core/")  # not Qt's own files
read = [name for name in linecache.cache if any(part in name for part in ours)]
print(len(read), sorted(read)[:3])
print("sqlalchemy" in sys.modules)
"""


def test_starting_the_window_reads_no_library_source_text():
    """PySide6 reads the source text of each module imported after it, looking for
    ``from __feature__`` lines (tens of ms over SQLAlchemy's ~300 modules); PRM tells it
    which modules are its UI before the store's libraries load (``qt_compat``)."""
    out = subprocess.run([sys.executable, "-c", SCANNED], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    read, imported = out.stdout.strip().splitlines()
    assert imported == "True"  # the store's libraries were imported, and yet:
    assert read.startswith("0 "), read
