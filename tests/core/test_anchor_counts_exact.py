"""Home's "on track per tier" reads the hourly anchor counts (``derived_rhythm_hour``):
it equals plain counts over ``contact`` in any zone (half- and quarter-hour offsets),
with anchors on and around the cutoffs' local midnights, as contacts are added with
cadences of their own or their tags' tiers, tiers change target, touches are logged,
moved, trashed and restored, and contacts are trashed, restored and purged through
the real services."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prm.core import cadence, contacts, home
from prm.core.clock import FakeClock
from prm.core.drafts import ContactDraft
from prm.core.rhythm_sql import TAG_RHYTHM_ROWS, days_cutoff
from prm.core.touches import (
    TouchDraft,
    draft_from_touch,
    get_touch,
    log_touch,
    restore_touches,
    trash_touches,
    update_touch,
)

ZONES = ["UTC", "Asia/Kolkata", "Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham"]
SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
START = datetime(2026, 1, 1, tzinfo=UTC)
MINUTE = 60 * 10**6
# An anchor: a local midnight some days back (a cutoff of a 1-5 day target is one),
# on it, a microsecond or a part of an hour from it, or anywhere nearby.
when = st.tuples(
    st.integers(0, 6),
    st.one_of(
        st.sampled_from([0, -1, 1, 15 * MINUTE, 30 * MINUTE - 1, 30 * MINUTE, 45 * MINUTE,
                         60 * MINUTE - 1, 60 * MINUTE, -30 * MINUTE, -15 * MINUTE]),
        st.integers(-1440 * MINUTE, 1440 * MINUTE),
    ),
)  # fmt: skip
TAGS = ["close", "work", "none"]
person = st.tuples(
    when,
    st.one_of(st.none(), st.integers(1, 5)),  # a cadence of one's own
    st.lists(st.sampled_from(TAGS), max_size=2, unique=True),
)
step = st.one_of(
    st.tuples(st.just("add touch"), st.integers(0, 99), when),
    st.tuples(st.just("move touch"), st.integers(0, 99), when),
    st.tuples(st.sampled_from(["trash touch", "restore touch"]), st.integers(0, 99)),
    st.tuples(st.sampled_from(["trash", "restore", "purge"]), st.integers(0, 99)),
    st.tuples(st.just("tier"), st.sampled_from([1, 2, 3]), st.integers(1, 5)),
    st.tuples(st.just("tag tier"), st.sampled_from(TAGS), st.sampled_from([1, 2, 3, 5])),
    st.tuples(st.just("retag"), st.integers(0, 99), st.lists(st.sampled_from(TAGS), max_size=3)),
    st.tuples(st.just("own tier"), st.integers(0, 99), st.sampled_from([None, 1, 2, 3])),
)


def _moment(spec, now: datetime, zone) -> datetime:
    back, offset = spec
    day = now.astimezone(zone).date() - timedelta(days=back)
    return datetime.combine(day, time(0), zone) + timedelta(microseconds=offset)


def _pick(items: list, index: int):
    return items[index % len(items)] if items else None


# Each table's key, and the same key read from the contacts it counts.
RHYTHM_KEY = "target, max_days, tier, untouched, hour"
CONTACT_KEY = (
    "c.cadence_target_days, coalesce(c.cadence_max_days, 0), coalesce(c.cadence_tier_id, 0),"
    " c.last_touch_at IS NULL, substr(coalesce(c.last_touch_at, c.created_at), 1, 13)"
)
LIVE = "WHERE c.deleted_at IS NULL AND c.cadence_target_days IS NOT NULL"
ORDER = "ORDER BY 1, 2, 3, 4, 5, 6"


def hours_table(conn) -> list[tuple]:
    return conn.exec_driver_sql(f"SELECT {RHYTHM_KEY}, n FROM derived_rhythm_hour {ORDER}").all()


def hours_counted(conn) -> list[tuple]:
    return conn.exec_driver_sql(
        f"SELECT {CONTACT_KEY}, count(*) FROM contact c {LIVE} GROUP BY 1, 2, 3, 4, 5 {ORDER}"
    ).all()


def tag_hours_table(conn) -> list[tuple]:
    return conn.exec_driver_sql(
        f"SELECT tag_id, {RHYTHM_KEY}, n FROM derived_tag_hour {ORDER}, 7"
    ).all()


def tag_hours_counted(conn) -> list[tuple]:
    return conn.exec_driver_sql(
        f"SELECT ct.tag_id, {CONTACT_KEY}, count(*) FROM contact_tag ct"
        f" JOIN contact c ON c.id = ct.contact_id {LIVE} GROUP BY 1, 2, 3, 4, 5, 6 {ORDER}, 7"
    ).all()


def assert_counts_exact(conn) -> None:
    """Revision 0023's hourly counts and 0025's tag rows equal a plain reading."""
    assert hours_table(conn) == hours_counted(conn)
    assert tag_hours_table(conn) == tag_hours_counted(conn)
    kept = conn.exec_driver_sql("SELECT * FROM derived_tag_rhythm ORDER BY 1, 2, 3, 4").all()
    assert kept == conn.exec_driver_sql(f"{TAG_RHYTHM_ROWS} ORDER BY 1, 2, 3, 4").all()


def _plain(conn, today, zone) -> list[tuple[int, int, int]]:
    """The reference: per target in use, (target, on track, total), read one by one."""
    found = []
    for (target,) in conn.exec_driver_sql(
        "SELECT DISTINCT cadence_target_days FROM contact WHERE deleted_at IS NULL"
        " AND cadence_target_days IS NOT NULL ORDER BY 1"
    ).fetchall():
        live = "FROM contact WHERE deleted_at IS NULL AND cadence_target_days = ?"
        total = conn.exec_driver_sql(f"SELECT count(*) {live}", (target,)).scalar()
        track = conn.exec_driver_sql(
            f"SELECT count(*) {live} AND coalesce(last_touch_at, created_at) >= ?",
            (target, days_cutoff(today, target, zone)),
        ).scalar()
        found.append((target, track, total))
    return found


@SETTINGS
@given(
    zone_name=st.sampled_from(ZONES),
    now_minutes=st.integers(0, 400 * 24 * 60),
    people=st.lists(person, min_size=1, max_size=12),
    steps=st.lists(step, max_size=12),
)
def test_tiers_equal_plain_counts(store, zone_name, now_minutes, people, steps):
    zone = ZoneInfo(zone_name)
    now = START + timedelta(minutes=now_minutes, microseconds=now_minutes % 997)
    with store.transaction() as s:
        ids, touch_ids, gone = [], [], {}  # trashed or purged: no new touches
        for spec, days, tags in people:
            draft = ContactDraft(given_name="P", cadence_days=days, tags=tags)
            at = FakeClock(_moment(spec, now, zone))
            ids.append(contacts.create_contact(s, draft=draft, clock=at).id)
        clock = FakeClock(now)
        for kind, *args in steps:
            touch = _pick(touch_ids, args[0]) if "touch" in kind else None  # [id, who, trashed]
            if touch and touch[1] in gone:  # touches of a trashed contact stay as they are
                touch = None
            if kind == "add touch" and ids[args[0] % len(ids)] not in gone:
                who = ids[args[0] % len(ids)]
                draft = TouchDraft([who], "call", occurred_at=_moment(args[1], now, zone))
                tid = log_touch(s, draft=draft, clock=clock, allow_future=True).id
                touch_ids.append([tid, who, False])
            elif kind == "move touch" and touch and not touch[2]:
                draft = draft_from_touch(get_touch(s, touch_id=touch[0]))
                draft.occurred_at = _moment(args[1], now, zone)
                update_touch(s, touch_id=touch[0], draft=draft, clock=clock, allow_future=True)
            elif kind == "trash touch" and touch and not touch[2]:
                trash_touches(s, ids=[touch[0]], clock=clock)
                touch[2] = True
            elif kind == "restore touch" and touch and touch[2]:
                restore_touches(s, ids=[touch[0]])
                touch[2] = False
            elif (
                kind in ("trash", "restore", "purge")
                and gone.get(ids[args[0] % len(ids)]) != "purge"
            ):
                who = [ids[args[0] % len(ids)]]
                if kind == "trash":
                    contacts.trash_contacts(s, ids=who, clock=clock)
                    gone[who[0]] = "trash"
                elif kind == "restore" and who[0] in gone:
                    contacts.restore_contacts(s, ids=who, clock=clock)
                    del gone[who[0]]
                elif kind == "purge":
                    gone[who[0]] = "purge"
                    contacts.trash_contacts(s, ids=who, clock=clock)
                    contacts.purge_contacts(s, ids=who)
            elif kind == "tier":
                tier = next(t for t in cadence.list_tiers(s) if t.id == args[0])
                cadence.update_tier(
                    s, tier_id=tier.id, name=tier.name, target_days=args[1], max_days=args[1] + 7
                )
            elif kind == "tag tier" and args[0] in contacts.tag_names(s):
                cadence.set_tag_tier(s, tag_name=args[0], tier_id=args[1])
            elif kind in ("retag", "own tier") and ids[args[0] % len(ids)] not in gone:
                who = ids[args[0] % len(ids)]
                draft = contacts.draft_from_contact(contacts.get_contact(s, contact_id=who))
                if kind == "retag":
                    draft.tags = args[1]
                else:
                    draft.cadence_tier_id = args[1]
                contacts.update_contact(s, contact_id=who, draft=draft, clock=clock)
    with store.reading() as s:
        conn = s.connection()
        assert_counts_exact(conn)
        tiers = home.home_charts(s, now=now, zone=zone).tiers
        today = now.astimezone(zone).date()
        assert [(t.target_days, t.on_track, t.total) for t in tiers] == _plain(conn, today, zone)


def test_import_all_rebuilds_the_anchor_counts(store, clock, read_back):
    """An export read back into a new store counts the same contacts per hour."""
    now = clock.now()
    with store.transaction() as s:
        ids = [
            contacts.create_contact(
                s,
                draft=ContactDraft(given_name=name, cadence_days=days),
                clock=FakeClock(now - timedelta(hours=5 * i, minutes=7)),
            ).id
            for i, (name, days) in enumerate((("Ada", 7), ("Bob", 7), ("Cy", 30), ("Di", None)))
        ]
        log_touch(s, draft=TouchDraft(ids[:1], "call", occurred_at=now), clock=clock)
        contacts.trash_contacts(s, ids=[ids[1]], clock=clock)
        before = hours_table(s.connection())
    assert len(before) == 2  # Ada's touch, Cy's creation; Bob is in the trash, Di has no cadence
    with read_back(store).reading() as s:
        assert hours_table(s.connection()) == before
        assert_counts_exact(s.connection())


def test_bulk_paths_keep_the_anchor_counts(store, clock):
    """Demo data and the vCard bulk import write contacts, touches and rhythms with
    executemany and bulk updates: the counts still equal a GROUP BY, and so do the tiers."""
    from prm.core import demo
    from prm.core.vcard.bulk import bulk_create

    demo.populate(store, contacts=150, touches=600, seed=5, clock=clock)
    drafts = [
        (
            "",
            ContactDraft(given_name=f"V{i}", cadence_days=i % 4 or None, tags=["Client"]).cleaned(),
        )
        for i in range(12)
    ]
    with store.transaction() as s:
        bulk_create(s, drafts=drafts, clock=FakeClock(clock.now() - timedelta(minutes=90)))
    zone = ZoneInfo("Asia/Kathmandu")
    with store.reading() as s:
        conn = s.connection()
        assert_counts_exact(conn)
        assert tag_hours_table(conn)
        tiers = home.home_charts(s, now=clock.now(), zone=zone).tiers
        today = clock.now().astimezone(zone).date()
        assert [(t.target_days, t.on_track, t.total) for t in tiers] == _plain(conn, today, zone)
        assert len(tiers) >= 4


def test_the_upgrade_counts_a_full_book_and_its_triggers_keep_it(store, clock):
    """Revision 0023 fills the table from the contacts already there (with own tiers,
    the trash and no cadence among them) and its triggers keep it after; undone,
    revision 0020's table and triggers come back as they were."""
    from alembic import command

    from prm.core import demo, migrate

    demo.populate(store, contacts=150, touches=600, seed=8, clock=clock)
    with store.transaction() as s:
        conn = s.connection()
        conn.exec_driver_sql("UPDATE contact SET cadence_tier_id = 2 WHERE id % 3 = 0")
        conn.exec_driver_sql(f"UPDATE contact SET deleted_at = '{START}' WHERE id % 7 = 0")
        conn.exec_driver_sql("UPDATE contact SET cadence_target_days = NULL WHERE id % 11 = 0")
        command.downgrade(migrate.alembic_config(conn), "0022_search_words")
        assert conn.exec_driver_sql("SELECT count(*) FROM derived_anchor_hour").scalar()
        command.upgrade(migrate.alembic_config(conn), "head")
        assert_counts_exact(conn)
        assert len({row[2] for row in hours_table(conn)}) > 2  # own tiers, and none
        assert len({tag for tag, *_rest in tag_hours_table(conn)}) > 2
        conn.exec_driver_sql("UPDATE contact SET cadence_tier_id = 3 WHERE id % 5 = 0")
        conn.exec_driver_sql("UPDATE contact SET deleted_at = NULL WHERE id % 2 = 0")
        conn.exec_driver_sql("DELETE FROM contact WHERE id % 13 = 0")  # its tags go with it
        conn.exec_driver_sql("DELETE FROM contact_tag WHERE contact_id % 17 = 0")
        conn.exec_driver_sql(
            "UPDATE OR IGNORE contact_tag SET tag_id = 1 WHERE contact_id % 19 = 0"
        )
        conn.exec_driver_sql("DELETE FROM tag WHERE id = 2")  # and its links
        assert_counts_exact(conn)
