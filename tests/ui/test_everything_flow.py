"""File > Export everything… / Import everything…: the full export from the window."""

from __future__ import annotations

import json

from prm.core import contact_list, contacts
from prm.core.drafts import ContactDraft
from prm.core.export_all import export_everything
from prm.core.paths import AppPaths
from prm.core.store_open import open_store


def test_both_entries_are_in_the_file_menu(window):
    file_menu = window.menuBar().actions()[0].menu()
    assert window.actions.export_everything in file_menu.actions()
    assert window.actions.import_everything in file_menu.actions()


def test_export_everything_writes_the_file(window, add_contact, tmp_path, monkeypatch, wait_idle):
    add_contact("Ann", "Lee")
    target = tmp_path / "all.json"
    monkeypatch.setattr(window.everything, "choose_target", lambda: str(target))
    window.actions.export_everything.trigger()
    wait_idle()
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [c["display_name"] for c in data["tables"]["contact"]] == ["Ann Lee"]
    assert window.statusBar().currentMessage().startswith("Exported everything (")


def test_import_everything_fills_the_empty_store_and_the_views(
    window, tmp_path, secret_store, clock, monkeypatch, wait_idle
):
    other = open_store(AppPaths.for_dir(tmp_path / "other"), secret_store)
    try:
        with other.transaction() as session:
            contacts.create_contact(
                session, draft=ContactDraft(given_name="Zoë", family_name="Roe"), clock=clock
            )
        source = tmp_path / "other.json"
        export_everything(other, source, now=clock.now())
    finally:
        other.close()
    monkeypatch.setattr(window.everything, "choose_source", lambda: str(source))
    window.actions.import_everything.trigger()
    wait_idle()
    model = window.contacts_view.table.model()
    assert model.rowCount() == 1
    assert window.statusBar().currentMessage().startswith("Imported everything (")


def test_import_into_a_store_with_data_shows_why(
    window, store, add_contact, tmp_path, clock, monkeypatch, wait_idle
):
    add_contact("Ann", "Lee")
    source = tmp_path / "all.json"
    export_everything(store, source, now=clock.now())
    shown = []
    monkeypatch.setattr(
        "prm.ui.store.everything_flow.show_known_error", lambda parent, exc, **kw: shown.append(exc)
    )
    monkeypatch.setattr(window.everything, "choose_source", lambda: str(source))
    window.actions.import_everything.trigger()
    wait_idle()
    assert len(shown) == 1 and "only fills an empty store" in shown[0].message
    with store.reading() as session:
        assert contact_list.count_contacts(session) == 1  # nothing doubled
