"""Realistic synthetic data, for trying PRM and for benchmarks.

Fast enough for 100,000 contacts: rows are written with executemany in one
transaction instead of through the ORM, with the same derived values
(display name, sort name, search text) the services compute.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace

from prm.core import demo_data as words
from prm.core import search
from prm.core.clock import Clock
from prm.core.contacts import display_name_for, sort_name_for
from prm.core.models import db_timestamp, new_uid
from prm.core.validation import normalize_phone

BATCH = 2000
MEETINGS_MAX = 40
TOUCHES_PER_MEETING = 50
NOTES_MIN_CONTACTS = 10  # sample gifts, events and articles need a few people


@dataclass
class DemoSummary:
    contacts: int = 0
    touches: int = 0
    tags: int = 0
    relations: int = 0
    meetings: int = 0
    notes: int = 0  # sample gifts, events and articles
    ids: list[int] = field(default_factory=list, repr=False)


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def populate(
    store,
    *,
    contacts: int,
    touches: int = 0,
    seed: int = 0,
    clock: Clock,
    meetings: int | None = None,
) -> DemoSummary:
    """Add ``contacts`` sample contacts and ``touches`` touches with realistic rhythms,
    plus ``meetings`` ended meetings (by default one per 50 touches, at most 40)."""
    from prm.core import cadence
    from prm.core.demo_meetings import add_meetings
    from prm.core.demo_notes import NOTE_TOUCHES, add_notes
    from prm.core.demo_touches import TouchWriter

    if meetings is None:
        meetings = min(MEETINGS_MAX, touches // TOUCHES_PER_MEETING)
    meetings = min(meetings, touches) if contacts else 0  # each meeting is one of the touches
    # Gifts, events and articles come with a history (they log touches of their own).
    with_notes = contacts >= NOTES_MIN_CONTACTS and touches - meetings >= NOTE_TOUCHES
    note_touches = NOTE_TOUCHES if with_notes else 0

    rng = random.Random(seed)
    summary = DemoSummary()
    with store.transaction() as session:
        conn = session.connection()
        tag_ids = _ensure_tags(conn)
        tiers = {t.name: t for t in cadence.list_tiers(session)}
        _assign_tag_tiers(conn, tiers)
        summary.tags = len(tag_ids)
        start = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM contact").scalar()
        writer = TouchWriter(
            conn,
            rng,
            tiers,
            contacts=contacts,
            touches=touches - meetings - note_touches,
            now=clock.now(),
        )
        for offset in range(0, contacts, BATCH):
            count = min(BATCH, contacts - offset)
            ids = list(range(start + offset + 1, start + offset + count + 1))
            own_tiers = _write_batch(conn, rng, ids, tag_ids, tiers, clock, summary)
            writer.write(ids, own_tiers)
            summary.ids += ids
        # Meetings log their own touches: after the bulk ones, through the real services.
        summary.meetings = add_meetings(
            session, contact_ids=summary.ids, count=meetings, rng=rng, now=clock.now()
        )
        if with_notes:
            summary.notes = add_notes(session, contact_ids=summary.ids, rng=rng, now=clock.now())
        cadence.refresh(session, summary.ids)
        search.merge_after_bulk(conn, contacts)
    summary.contacts = contacts
    summary.touches = writer.written + summary.meetings + note_touches
    return summary


def _assign_tag_tiers(conn, tiers) -> None:
    conn.exec_driver_sql(
        "UPDATE tag SET cadence_tier_id = ? WHERE name = ? AND cadence_tier_id IS NULL",
        [(tiers[tier].id, tag) for tag, tier in words.TAG_TIERS.items() if tier in tiers],
    )


def _ensure_tags(conn) -> dict[str, int]:
    conn.exec_driver_sql(
        "INSERT OR IGNORE INTO tag(name) VALUES (?)", [(name,) for name in words.TAGS]
    )
    return dict(conn.exec_driver_sql("SELECT name, id FROM tag").fetchall())


def _write_batch(conn, rng: random.Random, ids, tag_ids, tiers, clock, summary) -> dict:
    """Write one batch of contacts; returns each one's tier and tag tiers for their touches."""
    now = clock.now()
    tier_names, tier_weights = zip(*words.TIER_WEIGHTS, strict=True)
    rhythms = {}
    contact_rows, emails, phones, addresses, tags, interests, relations, fts = (
        [] for _ in range(8)
    )
    channels, weights = zip(*words.CHANNEL_WEIGHTS, strict=True)
    for cid in ids:
        given, family = rng.choice(words.GIVEN_NAMES), rng.choice(words.FAMILY_NAMES)
        company, domain = rng.choice(words.COMPANIES)
        city, region, country, tz, phone_prefix = rng.choice(words.PLACES)
        created = now - timedelta(days=rng.randint(0, 2000), minutes=rng.randint(0, 1440))
        person = SimpleNamespace(
            prefix="",
            given_name=given,
            middle_name="",
            family_name=family,
            suffix="",
            formatted_name="",
            nickname="",
            organization=company,
            department=rng.choice(words.DEPARTMENTS),
            title=rng.choice(words.TITLES),
            how_we_met=rng.choice(words.HOW_WE_MET),
            notes="",
        )
        display = display_name_for(person)
        bday = _birthday(rng)
        referrer = rng.choice(summary.ids) if summary.ids and rng.random() < 0.15 else None
        own_tier = tiers.get(rng.choices(tier_names, tier_weights)[0])
        contact_rows.append(
            (
                cid,
                new_uid(),
                given,
                family,
                display,
                sort_name_for(person, display),
                company,
                person.department,
                person.title,
                *bday,
                tz,
                rng.choices(channels, weights)[0],
                person.how_we_met,
                referrer,
                rng.choice(words.COFFEE),
                rng.choice(words.FOOD),
                rng.choice(words.DIETARY),
                rng.choice(words.CULTURE),
                "",
                own_tier.id if own_tier else None,
                created,
                created,
            )
        )
        person.emails = [SimpleNamespace(value=f"{_ascii(given)}.{_ascii(family)}@{domain}")]
        emails.append((cid, "work", person.emails[0].value, 1, 0))
        if rng.random() < 0.3:
            private = f"{_ascii(given)}{rng.randint(1, 99)}@mail.example"
            person.emails.append(SimpleNamespace(value=private))
            emails.append((cid, "home", private, 0, 1))
        number = f"{phone_prefix}{rng.randint(1000, 9999)}"
        normalized = normalize_phone(number)
        person.phones = [SimpleNamespace(value=number, normalized=normalized)]
        phones.append((cid, rng.choice(["mobile", "work"]), number, normalized, 1, 0))
        person.addresses = []
        if rng.random() < 0.5:
            street = f"{rng.randint(1, 220)} {rng.choice(words.STREETS)}"
            person.addresses = [SimpleNamespace(locality=city, country=country)]
            addresses.append(
                (cid, "work", street, city, region, f"{rng.randint(10000, 99999)}", country)
            )
        person.tags = [
            SimpleNamespace(name=t) for t in rng.sample(words.TAGS, rng.choice([0, 1, 1, 2, 3]))
        ]
        tags += [(cid, tag_ids[t.name]) for t in person.tags]
        tag_tiers = [
            tiers[words.TAG_TIERS[t.name]] for t in person.tags if t.name in words.TAG_TIERS
        ]
        rhythms[cid] = (own_tier, tag_tiers, created)
        person.interests = [
            SimpleNamespace(topic=t) for t in rng.sample(words.INTERESTS, rng.randint(0, 3))
        ]
        interests += [(cid, t.topic, i) for i, t in enumerate(person.interests)]
        if summary.ids and rng.random() < 0.05:
            relations.append((cid, rng.choice(summary.ids), rng.choice(words.RELATION_CHOICES)))
        person.display_name = display
        fts.append((cid, search.document_for(person)))
    _insert(conn, contact_rows, emails, phones, addresses, tags, interests, relations, fts)
    summary.relations += len(relations)
    return rhythms


def _birthday(rng: random.Random) -> tuple[int | None, int | None, int | None]:
    if rng.random() < 0.4:
        return (None, None, None)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    year = rng.randint(1955, 2000) if rng.random() < 0.7 else None
    return (year, month, day)


_INSERTS = {
    "emails": "INSERT INTO contact_email(contact_id, label, value, preferred, position)"
    " VALUES (?,?,?,?,?)",
    "phones": "INSERT INTO contact_phone(contact_id, label, value, normalized, preferred, position)"
    " VALUES (?,?,?,?,?,?)",
    "addresses": "INSERT INTO contact_address(contact_id, label, street, locality, region,"
    " postal_code, country, preferred, position) VALUES (?,?,?,?,?,?,?,0,0)",
    "tags": "INSERT INTO contact_tag(contact_id, tag_id) VALUES (?,?)",
    "interests": "INSERT INTO contact_interest(contact_id, topic, position) VALUES (?,?,?)",
    "relations": "INSERT INTO contact_relation(contact_id, other_id, kind, note) VALUES (?,?,?,'')",
}


def _insert(conn, contacts, emails, phones, addresses, tags, interests, relations, fts) -> None:
    conn.exec_driver_sql(
        "INSERT INTO contact(id, uid, given_name, family_name, display_name, sort_name, "
        "organization, department, title, birthday_year, birthday_month, birthday_day, "
        "timezone, preferred_channel, how_we_met, referred_by_id, pref_coffee, pref_food, "
        "pref_dietary, pref_culture, notes, cadence_tier_id, created_at, updated_at, prefix, "
        "middle_name, suffix, nickname, snooze_reason) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'','','','','')",
        [(*row[:-2], db_timestamp(row[-2]), db_timestamp(row[-1])) for row in contacts],
    )
    rows = dict(
        emails=emails,
        phones=phones,
        addresses=addresses,
        tags=tags,
        interests=interests,
        relations=relations,
    )
    for name, sql in _INSERTS.items():
        if rows[name]:  # executemany refuses an empty list
            conn.exec_driver_sql(sql, rows[name])
    search.index_documents(conn, fts)
