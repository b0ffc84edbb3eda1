"""Each contact's place (``contact_place``), derived and kept in step.

Resolution: the preferred (else first) address whose locality the gazetteer
knows -> city; else an address's country, the contact's time zone, their first
phone's country -> country level. ``timezone`` is the zone their local time is
read in: their own, else the city's, else their country's when it has only one.

``note_changes`` runs in the commit of every write (``derived.note_changes``):
the contacts whose own row, addresses or phones changed are resolved again; a
write that says nothing of whose rows changed (raw SQL, an import, a restore)
rebuilds everyone. The gazetteer is memoised per (locality, country, region),
so 100k contacts cost one lookup per distinct place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session

from prm.core.changes import Changes

SOURCES = frozenset({"contact", "contact_address", "contact_phone"})
_CHUNK = 500
_INSERT = (
    "INSERT OR REPLACE INTO contact_place (contact_id, geonameid, city, country_code, lat, lon,"
    " timezone, level, source, inputs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


@dataclass(frozen=True)
class PlaceView:
    contact_id: int
    geonameid: int | None
    city: str
    country_code: str
    country_name: str
    lat: float | None
    lon: float | None
    timezone: str
    level: str  # city | country | ""
    source: str  # address | timezone | phone | ""


def note_changes(session: Session, changes: Changes, declared: set[int] | None = None) -> None:
    """In a write's commit: re-resolve whoever's address, phone or time zone may differ
    (``declared``: the contacts a raw-SQL write said it wrote, as in derived.py)."""
    if not changes.touched(SOURCES):
        return
    if changes.everything or (changes.unscoped & SOURCES and declared is None):
        rebuild(session)
    elif changes.contacts or declared:
        refresh(session, changes.contacts | (declared or set()))


def resolve(session: Session, contact_id: int) -> None:
    """Recompute one contact's place (called in the write's own transaction)."""
    refresh(session, [contact_id])


def rebuild(session: Session) -> None:
    """Recompute everyone's place (bulk paths: migration, import, sync, restore)."""
    conn = session.connection()
    ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM contact ORDER BY id")]
    conn.exec_driver_sql("DELETE FROM contact_place")
    _write(conn, ids, clear=False)


def refresh(session: Session, contact_ids: Iterable[int]) -> None:
    """These contacts' places again (gone for contacts that no longer exist)."""
    _write(session.connection(), sorted(set(contact_ids)), clear=True)


def _write(conn, ids: list[int], *, clear: bool) -> None:
    for at in range(0, len(ids), _CHUNK):
        part = tuple(ids[at : at + _CHUNK])
        marks = ",".join("?" * len(part))
        zones = dict(
            conn.exec_driver_sql(
                f"SELECT id, timezone FROM contact WHERE id IN ({marks})", part
            ).fetchall()
        )
        addresses: dict[int, list[tuple[str, str, str]]] = {}
        for cid, locality, region, country in conn.exec_driver_sql(
            "SELECT contact_id, locality, region, country FROM contact_address"
            f" WHERE contact_id IN ({marks}) ORDER BY contact_id, preferred DESC, position, id",
            part,
        ):
            addresses.setdefault(cid, []).append((locality, region, country))
        phones: dict[int, str] = {}
        for cid, value, normalized in conn.exec_driver_sql(
            "SELECT contact_id, value, normalized FROM contact_phone"
            f" WHERE contact_id IN ({marks}) ORDER BY contact_id, preferred DESC, position, id",
            part,
        ):
            phones.setdefault(cid, normalized or value)
        kept = {}
        if clear:
            kept = dict(
                conn.exec_driver_sql(
                    f"SELECT contact_id, inputs FROM contact_place WHERE contact_id IN ({marks})",
                    part,
                ).fetchall()
            )
            gone = [cid for cid in part if cid not in zones]
            if gone:
                conn.exec_driver_sql(
                    f"DELETE FROM contact_place WHERE contact_id IN ({','.join('?' * len(gone))})",
                    tuple(gone),
                )
        rows = []
        for cid in part:
            if cid not in zones:
                continue
            facts = (addresses.get(cid, []), zones[cid] or "", phones.get(cid, ""))
            digest = _digest(facts)
            if kept.get(cid) != digest:  # only what changed is resolved again
                rows.append((*place_row(cid, *facts), digest))
        if rows:
            conn.exec_driver_sql(_INSERT, rows)


def refresh_rank(conn) -> None:
    """Recompute every place's ``rank_*`` columns (0018_trip_rank). Triggers keep them
    as rows are written; this is for bulk loads that may write a place before its
    contact or touches (import of an export in another table order)."""
    conn.exec_driver_sql(
        "UPDATE contact_place SET (rank_target, rank_touched, rank_day, rank_live,"
        " rank_birthday, rank_owed) = (SELECT c.cadence_target_days, c.last_touch_at IS NOT NULL,"
        " substr(coalesce(c.last_touch_at, c.created_at), 1, 10), c.deleted_at IS NULL,"
        " CASE WHEN c.birthday_month AND c.birthday_day"
        " THEN c.birthday_month * 100 + c.birthday_day END,"
        " (SELECT min(t.occurred_at) FROM touch_participant p CROSS JOIN touch t"
        "  ON t.id = p.touch_id WHERE p.contact_id = c.id AND t.needs_reply = 1"
        "  AND t.replied_at IS NULL AND t.deleted_at IS NULL)"
        " FROM contact c WHERE c.id = contact_place.contact_id)"
    )


def _digest(facts) -> str:
    import hashlib

    return hashlib.blake2b(repr(facts).encode(), digest_size=8).hexdigest()


def place_row(
    contact_id: int, addresses: list[tuple[str, str, str]], timezone: str, phone: str
) -> tuple:
    """The ``contact_place`` row for these facts (addresses: locality, region, country)."""
    from prm.core.travel import gazetteer as g

    timezone = timezone.strip()
    for locality, region, country in addresses:
        if locality.strip():
            city = g.find_city(locality, country, region)
            if city is not None:
                zone = timezone or city.timezone
                return (contact_id, city.geonameid, city.name, city.country_code,
                        city.lat, city.lon, zone, "city", "address")  # fmt: skip
    for _locality, _region, country in addresses:
        code = g.country_code(country) if country.strip() else None
        if code:
            return _country_row(contact_id, code, timezone, "address")
    if timezone:
        code = g.country_of_timezone(timezone)
        if code:
            return _country_row(contact_id, code, timezone, "timezone")
    code = phone_country(phone) if phone else None
    if code:
        return _country_row(contact_id, code, timezone, "phone")
    return (contact_id, None, "", "", None, None, timezone, "", "")


def _country_row(contact_id: int, code: str, timezone: str, source: str) -> tuple:
    from prm.core.travel import gazetteer as g

    zone = timezone or g.timezone_of_country(code) or ""
    return (contact_id, None, "", code, None, None, zone, "country", source)


def phone_country(number: str) -> str | None:
    """The country of an international number ("+49 30 ..." -> DE); None if unknown."""
    import phonenumbers

    digits = "".join(ch for ch in number.split(";")[0] if ch.isdigit())
    if not number.lstrip().startswith("+") or not digits:
        return None
    for size in (1, 2, 3):
        regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(int(digits[:size]))
        if regions is None:
            continue
        if len(regions) == 1:
            return None if regions[0] == "001" else regions[0]
        try:  # +1, +7, +44...: the number itself says which country
            region = phonenumbers.region_code_for_number(phonenumbers.parse("+" + digits))
        except phonenumbers.NumberParseException:
            region = None
        return region or regions[0]
    return None


def place_of(session: Session, contact_id: int) -> PlaceView | None:
    from prm.core.travel import gazetteer as g

    row = (
        session.connection()
        .exec_driver_sql(
            "SELECT contact_id, geonameid, city, country_code, lat, lon, timezone, level, source"
            " FROM contact_place WHERE contact_id = ?",
            (contact_id,),
        )
        .first()
    )
    if row is None:
        return None
    cid, gid, city, code, lat, lon, zone, level, source = row
    return PlaceView(cid, gid, city, code, g.country_name(code), lat, lon, zone, level, source)
