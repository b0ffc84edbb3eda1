"""export-all -> import-all gives back exactly the same store (issue 11: no lock-in)."""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlmodel import SQLModel

from prm.core import contact_list, contacts, export_format
from prm.core.capture import queue as capture_queue
from prm.core.capture import sources as capture_sources
from prm.core.capture.proposer import Proposed, ProposedPerson
from prm.core.capture.source_config import SourceConfig
from prm.core.demo import populate
from prm.core.drafts import AddressDraft, ContactDraft, LabeledValue, RelationDraft
from prm.core.duplicates import dismiss_pair
from prm.core.errors import KnownError
from prm.core.export_all import export_everything
from prm.core.import_all import import_everything
from prm.core.models import CadenceTier, ContactVCardProperty, Setting
from prm.core.paths import AppPaths
from prm.core.store_open import open_store

PHOTO = bytes(range(256)) * 3  # every byte value, through base64 and back


def digests(store) -> dict[str, str]:
    """sha256 over each table's rows, sorted by primary key, as SQLite stores them."""
    out = {}
    with store.engine.connect() as conn:
        for table in export_format.exported_tables():
            keys = ", ".join(c.name for c in table.primary_key.columns)
            where = export_format.exported_rows(table.name)
            rows = conn.exec_driver_sql(
                f'SELECT * FROM "{table.name}"{where} ORDER BY {keys}'
            ).all()
            out[table.name] = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
            out[table.name + ":rows"] = str(len(rows))
    return out


def fill_everything(store, clock) -> None:
    """Demo data (contacts, touches, meetings, gifts, events, articles and shares) plus a row
    in every table the demo leaves empty: photo, urls, relations, vCard lines, settings, a tier."""
    populate(store, contacts=30, touches=600, clock=clock, meetings=5)
    with store.transaction() as session:
        custom = CadenceTier(name="Board", target_days=7, max_days=10, position=9)
        session.add(custom)
        session.flush()
        draft = ContactDraft(
            given_name="Zoë",
            family_name="Ångström",
            nickname="Zo",
            organization="Ünïcode & Co",
            birthday="--02-29",
            anniversary="2001-06-01",
            timezone="Europe/Paris",
            how_we_met="at a “talk”",
            referred_by_id=None,
            pref_coffee="flat white",
            notes="line one\nline two",
            emails=[LabeledValue("zoe@example.com", "work", True)],
            phones=[LabeledValue("+33 1 23 45 67 89", "mobile", False)],
            addresses=[AddressDraft("home", "1 rue X", "Paris", "", "75001", "France", True)],
            urls=[LabeledValue("https://example.com/zoe", "blog", False)],
            tags=["Board member"],
            interests=["falconry"],
            relations=[RelationDraft("colleague", 1, "same board")],
            cadence_tier_id=custom.id,
            photo=PHOTO,
            photo_mime="image/png",
        )
        zoe = contacts.create_contact(session, draft=draft, clock=clock)
        # Referred by someone created after her: the import must not trip over the order.
        later = contacts.create_contact(
            session, draft=ContactDraft(given_name="Later"), clock=clock
        )
        zoe.referred_by_id = later.id
        session.add(
            ContactVCardProperty(
                contact_id=zoe.id,
                position=0,
                name="X-SIP",
                line="item1.X-SIP;TYPE=work:sip:zoe@example.com",
            )
        )
        session.add(Setting(key="ui.theme", value="dark"))
        session.add(Setting(key="empty", value=""))
        dismiss_pair(session, a=zoe.id, b=1, clock=clock)  # "not a duplicate" comes along
    with store.transaction() as session:
        contacts.trash_contacts(session, ids=[later.id], clock=clock)  # the trash comes along
    fill_capture(store, clock, zoe.id)
    fill_sync(store, clock, zoe.id)


def fill_sync(store, clock, contact_id: int) -> None:
    """A sync account and the card it knows: a restored store syncs on without duplicates.
    Its password (kept in an encrypted store where no keyring exists) never travels. Dirty:
    a full import marks every synced card to be compared again on the next sync."""
    from prm.core.secrets import MemorySecretStore
    from prm.core.sync import accounts
    from prm.core.sync.remote import AddressBook

    with store.transaction() as session:
        account_id = accounts.add_account(
            session,
            name="Phone",
            server_url="https://dav.example/",
            username="zoe",
            book=AddressBook("/dav/zoe/contacts/", "Contacts"),
            clock=clock,
        )
        session.connection().exec_driver_sql(
            "INSERT INTO sync_item (account_id, href, etag, contact_id, fingerprint, base_card, "
            "local_dirty, state, conflict_card, conflict_etag) "
            "VALUES (?, '/dav/zoe/contacts/z.vcf', '\"1\"', ?, 'f', x'00', 1, 'synced', x'', '')",
            (account_id, contact_id),
        )
    assert accounts.store_password(store, MemorySecretStore(available=False), account_id, "pw")


def fill_capture(store, clock, contact_id: int) -> None:
    """A capture source with an accepted and a pending proposal (someone unknown on it)
    and an ignore rule: the remembered keys must travel, or a restore re-proposes."""
    source = SourceConfig("mbox", "/tmp/mail.mbox")
    with store.transaction() as session:
        source_id = capture_sources.add_source(session, source, clock=clock).id
        people = (ProposedPerson("zoe@example.com", "Zoë", contact_id), ProposedPerson("x@y.org"))
        ids = capture_queue.save_proposals(
            session,
            [
                Proposed("message", f"k{i}@x", clock.now(), "email", "in", "Hi", people, thread="t")
                for i in range(2)
            ],
            source_id=source_id,
            clock=clock,
        )
        capture_queue.accept(session, ids[:1], clock=clock)
        capture_queue.ignore(session, "domain", "spam.example", clock=clock)

    _fill_advocacy(store, clock)
    _fill_travel(store, clock)


def _fill_travel(store, clock) -> None:
    """A trip to Paris with a scheduled meeting (trip, trip_stop, meeting.trip_id)."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from prm.core.travel.schedule import schedule_meetings
    from prm.core.travel.trips import StopDraft, TripDraft, add_trip

    with store.transaction() as session:
        trip = add_trip(session, TripDraft(starts_on=date(2026, 4, 1), ends_on=date(2026, 4, 2),
                                           stops=[StopDraft("Paris")]), clock)  # fmt: skip
        at = datetime(2026, 4, 1, 10, tzinfo=ZoneInfo("Europe/Paris"))
        schedule_meetings(session, trip, [(1, at, 30)], clock)


def _fill_advocacy(store, clock) -> None:
    """A row in each advocacy ledger: referral, introduction, advocacy entry, engagement."""
    from datetime import UTC

    from prm.core.advocacy import ledger
    from prm.core.advocacy.records import (
        EngagementDraft,
        IntroductionDraft,
        ReferralDraft,
        SignalDraft,
    )

    with store.transaction() as session:
        a, b = (
            r[0]
            for r in session.connection().exec_driver_sql(
                "SELECT id FROM contact WHERE deleted_at IS NULL LIMIT 2"
            )
        )
        add = {"clock": clock, "zone": UTC}
        ledger.add_referral(
            session,
            draft=ReferralDraft(
                referrer_id=a, referred_id=b, outcome="won", value="1200.50", currency="EUR"
            ),
            **add,
        )
        ledger.add_introduction(session, draft=IntroductionDraft(a_id=a, b_id=b), **add)
        ledger.add_signal(session, draft=SignalDraft(contact_id=a, kind="testimonial"), **add)
        ledger.add_engagement(
            session,
            draft=EngagementDraft(contact_id=b, name="Audit", fees="9000", currency="EUR"),
            clock=clock,
        )


@pytest.fixture
def full_store(store, clock):
    fill_everything(store, clock)
    return store


@pytest.fixture
def fresh(tmp_path, secret_store):
    opened = []

    def make(name: str = "fresh"):
        s = open_store(AppPaths.for_dir(tmp_path / name), secret_store)
        opened.append(s)
        return s

    yield make
    for s in opened:
        s.close()


def test_every_table_is_exported():
    names = {t.name for t in export_format.exported_tables()}
    assert names == {t for t in SQLModel.metadata.tables if not t.startswith("contact_fts")}


def test_round_trip_gives_identical_tables(full_store, fresh, clock, tmp_path):
    before = digests(full_store)
    assert all(before[f"{t.name}:rows"] != "0" for t in export_format.exported_tables()), before
    out = tmp_path / "everything.json"
    exported = export_everything(full_store, out, now=clock.now())
    assert exported.counts["contact"] == 32 and exported.counts["contact_photo"] == 1

    target = fresh()
    imported = import_everything(target, out)
    assert imported.counts == exported.counts
    assert digests(target) == before

    with target.reading() as session:
        [zoe] = contact_list.list_contact_ids(session, query="zoe angs")
        assert contact_list.list_contact_ids(session, query="falconry") == [zoe]
        assert contacts.get_contact(session, contact_id=zoe).photo.data == PHOTO


def test_the_file_is_the_documented_json(full_store, clock, tmp_path):
    out = tmp_path / "everything.json"
    export_everything(full_store, out, now=clock.now())
    data = json.loads(out.read_text(encoding="utf-8"))
    assert list(data)[:6] == [
        "format",
        "format_version",
        "app_version",
        "schema_revision",
        "exported_at",
        "counts",
    ]
    assert data["format"] == "prm-export" and data["format_version"] == 1
    assert data["counts"] == {name: len(rows) for name, rows in data["tables"].items()}
    documented = export_format.schema()["properties"]["tables"]["properties"]
    assert list(data["tables"]) == list(documented)
    for name, rows in data["tables"].items():
        columns = documented[name]["items"]["properties"]
        assert all(set(row) == set(columns) for row in rows), name
    [zoe] = [c for c in data["tables"]["contact"] if c["given_name"] == "Zoë"]
    assert zoe["created_at"].endswith("+00:00") and zoe["birthday_month"] == 2
    [photo] = data["tables"]["contact_photo"]
    assert photo["mime_type"] == "image/png" and isinstance(photo["data"], str)
    assert {type(e["preferred"]) for e in data["tables"]["contact_email"]} == {bool}
    assert all(
        d["published_on"] is None or len(d["published_on"]) == 10 for d in data["tables"]["article"]
    )


def test_a_store_with_data_is_refused_and_left_alone(full_store, fresh, clock, tmp_path):
    out = tmp_path / "everything.json"
    export_everything(full_store, out, now=clock.now())
    before = digests(full_store)
    with pytest.raises(KnownError, match=r"only fills an empty store.*32 contact rows"):
        import_everything(full_store, out)
    assert digests(full_store) == before


def test_a_failure_half_way_writes_nothing(full_store, fresh, clock, tmp_path):
    out = tmp_path / "everything.json"
    export_everything(full_store, out, now=clock.now())
    data = json.loads(out.read_text(encoding="utf-8"))
    data["tables"]["touch_participant"][-1]["position"] = "first"  # late in the file
    out.write_text(json.dumps(data), encoding="utf-8")
    target = fresh()
    empty = digests(target)
    with pytest.raises(
        KnownError, match=r"table touch_participant, row \d+ column position must be an integer"
    ):
        import_everything(target, out)
    assert digests(target) == empty


def test_a_sync_password_kept_in_the_store_is_never_exported(full_store, clock, tmp_path):
    out = tmp_path / "everything.json"
    export_everything(full_store, out, now=clock.now())
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["tables"]["sync_account"][0]["name"] == "Phone"
    assert not any(row["key"].startswith("sync.password.") for row in data["tables"]["setting"])


def test_the_schema_file_matches_the_models():
    from pathlib import Path

    path = Path(__file__).parents[2] / "resources" / "export-format.schema.json"
    assert json.loads(path.read_text(encoding="utf-8")) == export_format.schema(), (
        "The models changed: regenerate the documented export format with\n"
        "  python -m prm.core.export_format > resources/export-format.schema.json"
    )


def test_date_times_are_stored_as_the_models_store_them():
    from datetime import UTC, datetime, timedelta, timezone

    from prm.core.models.base import db_timestamp

    for moment in (
        datetime(2026, 3, 14, 9, 30, tzinfo=UTC),
        datetime(1999, 12, 31, 23, 59, 59, 123456, tzinfo=timezone(timedelta(hours=-5))),
    ):
        [codec] = [
            c
            for c in export_format.codecs(SQLModel.metadata.tables["touch"])
            if c.name == "occurred_at"
        ]
        assert codec.to_db(moment.isoformat()) == db_timestamp(moment)
        assert codec.to_db(codec.to_json(db_timestamp(moment))) == db_timestamp(moment)
