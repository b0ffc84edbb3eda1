"""Stores as older PRM versions left them, for upgrade tests."""

from __future__ import annotations

from prm.core import migrate


def make_baseline_store(paths, secrets) -> None:
    """A store as PRM 0.1 (revision 0001) left it, with a contact and its children:
    no header, its key in the keyring under the database's path."""
    from alembic import command

    from prm.core.db import make_engine
    from prm.core.keywrap import new_data_key
    from prm.core.store_keys import legacy_keyring_entry

    paths.ensure_writable()
    key = new_data_key()
    secrets.set(legacy_keyring_entry(paths), key)
    engine = make_engine(paths.database, key)
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), "0001_baseline")
        conn.exec_driver_sql(
            "INSERT INTO contact (id, uid, prefix, given_name, middle_name, family_name, suffix,"
            " nickname, display_name, sort_name, organization, department, title, timezone,"
            " preferred_channel, how_we_met, pref_coffee, pref_food, pref_dietary, pref_culture,"
            " notes, created_at, updated_at) VALUES (1, 'u-1', '', 'Old', '', 'Timer', '', '',"
            " 'Old Timer', 'timer old', 'Acme', '', '', '', 'call', '', '', '', '', '', 'kept',"
            " '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
        )
        conn.exec_driver_sql(
            "INSERT INTO contact_email (contact_id, label, preferred, position, value)"
            " VALUES (1, 'work', 1, 0, 'old@acme.example')"
        )
        conn.exec_driver_sql("INSERT INTO tag (id, name) VALUES (1, 'Client')")
        conn.exec_driver_sql("INSERT INTO contact_tag (contact_id, tag_id) VALUES (1, 1)")
        conn.exec_driver_sql("INSERT INTO contact_fts (rowid, body) VALUES (1, 'Old Timer Acme')")
    engine.dispose()
