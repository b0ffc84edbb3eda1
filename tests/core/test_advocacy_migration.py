"""Revision 0013: every "Referred by" becomes a referral in the ledger, nothing lost."""

from __future__ import annotations

from alembic import command

from prm.core import migrate


def _contact(conn, cid: int, name: str, referred_by: int | None, deleted: bool = False) -> None:
    conn.exec_driver_sql(
        "INSERT INTO contact (id, uid, prefix, given_name, middle_name, family_name, suffix,"
        " nickname, formatted_name, display_name, sort_name, sort_email, sort_phone,"
        " organization, department, title, timezone, preferred_channel, how_we_met,"
        " referred_by_id, pref_coffee, pref_food, pref_dietary, pref_culture, notes,"
        " snooze_reason, created_at, updated_at, deleted_at) VALUES (?, ?, '', ?, '', '', '', '',"
        " '', ?, ?, '', '', '', '', '', '', '', '', ?, '', '', '', '', '', '', ?, ?, ?)",
        (
            cid,
            f"u-{cid}",
            name,
            name,
            name.lower(),
            referred_by,
            "2025-06-02 08:00:00.000000",
            "2025-06-02 08:00:00.000000",
            "2025-07-01 00:00:00.000000" if deleted else None,
        ),
    )


def test_referred_by_becomes_a_referral_dated_the_contact_creation_day(tmp_path):
    from prm.core.db import make_engine
    from prm.core.keywrap import new_data_key

    engine = make_engine(tmp_path / "old.db", new_data_key())
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), "0012_capture")
        _contact(conn, 1, "Erik", None)
        _contact(conn, 2, "Anna", 1)
        _contact(conn, 3, "Carl", 1, deleted=True)  # trashed people keep their history
        _contact(conn, 4, "Dora", None)
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), migrate.HEAD_REVISION)
        rows = conn.exec_driver_sql(
            "SELECT referrer_id, referred_id, referred_on, date_known, outcome, uid"
            " FROM referral ORDER BY referred_id"
        ).fetchall()
        kept = conn.exec_driver_sql("SELECT referred_by_id FROM contact WHERE id = 2").scalar()
    engine.dispose()
    assert [r[:5] for r in rows] == [(1, 2, "2025-06-02", 0, ""), (1, 3, "2025-06-02", 0, "")]
    assert len({r[5] for r in rows}) == 2 and all(len(r[5]) == 36 for r in rows)
    assert kept == 1  # the editor's field stays
