"""What the ledgers record about a set of contacts, read in a few indexed queries.

The value score (``value.score``) is a pure function of these facts, so the
rules can be tested on their own and the screen reads each table once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlmodel import Session

_CHUNK = 500


@dataclass
class Facts:
    name: str
    last_touch_on: date | None = None
    fees: dict[str, Decimal] = field(default_factory=dict)  # currency -> total
    outcomes: list[str] = field(default_factory=list)  # one per referral they made
    signals: list[str] = field(default_factory=list)  # advocacy kinds, one per entry
    intros_made: int = 0  # introductions I made for them
    connected: set[int] = field(default_factory=set)  # other contacts they link to


def chunks(ids: list[int]) -> Iterator[tuple[list[int], str]]:
    for start in range(0, len(ids), _CHUNK):
        part = ids[start : start + _CHUNK]
        yield part, ",".join("?" * len(part))


def candidate_ids(session: Session) -> list[int]:
    """Everyone with an entry that can give them value (not merely "was referred")."""
    return [
        cid
        for (cid,) in session.connection().exec_driver_sql(
            "SELECT referrer_id FROM referral WHERE deleted_at IS NULL"
            " UNION SELECT a_id FROM introduction WHERE deleted_at IS NULL"
            " UNION SELECT b_id FROM introduction WHERE deleted_at IS NULL"
            " UNION SELECT contact_id FROM advocacy_signal WHERE deleted_at IS NULL"
            " UNION SELECT contact_id FROM engagement WHERE deleted_at IS NULL"
        )
    ]


def gather(session: Session, ids: list[int]) -> dict[int, Facts]:
    """Facts for each live contact among ``ids`` (trashed people and entries left out)."""
    conn = session.connection()
    facts: dict[int, Facts] = {}
    for part, marks in chunks(ids):
        for cid, name, last in conn.exec_driver_sql(
            f"SELECT id, display_name, last_touch_at FROM contact WHERE id IN ({marks})"
            " AND deleted_at IS NULL",
            tuple(part),
        ):
            facts[cid] = Facts(name, date.fromisoformat(last[:10]) if last else None)
    live = " JOIN contact o ON o.id = {other} AND o.deleted_at IS NULL"
    for part, marks in chunks(list(facts)):
        args = tuple(part)
        for cid, fees, currency in conn.exec_driver_sql(
            "SELECT contact_id, fees, currency FROM engagement"
            f" WHERE contact_id IN ({marks}) AND deleted_at IS NULL",
            args,
        ):
            try:
                amount = Decimal(fees) if fees else Decimal(0)
            except InvalidOperation:
                amount = Decimal(0)
            totals = facts[cid].fees
            totals[currency] = totals.get(currency, Decimal(0)) + amount
        for cid, other, outcome in conn.exec_driver_sql(
            "SELECT r.referrer_id, r.referred_id, r.outcome FROM referral r"
            + live.format(other="r.referred_id")
            + f" WHERE r.referrer_id IN ({marks}) AND r.deleted_at IS NULL",
            args,
        ):
            facts[cid].outcomes.append(outcome)
            facts[cid].connected.add(other)
        for cid, other in conn.exec_driver_sql(
            "SELECT r.referred_id, r.referrer_id FROM referral r"
            + live.format(other="r.referrer_id")
            + f" WHERE r.referred_id IN ({marks}) AND r.deleted_at IS NULL",
            args,
        ):
            facts[cid].connected.add(other)
        for cid, kind in conn.exec_driver_sql(
            "SELECT contact_id, kind FROM advocacy_signal"
            f" WHERE contact_id IN ({marks}) AND deleted_at IS NULL",
            args,
        ):
            facts[cid].signals.append(kind)
        for mine, theirs in (("a_id", "b_id"), ("b_id", "a_id")):
            for cid, other, state in conn.exec_driver_sql(
                f"SELECT i.{mine}, i.{theirs}, i.state FROM introduction i"
                + live.format(other=f"i.{theirs}")
                + f" WHERE i.{mine} IN ({marks}) AND i.deleted_at IS NULL",
                args,
            ):
                facts[cid].connected.add(other)
                facts[cid].intros_made += state == "introduced"
        for mine, theirs in (("contact_id", "other_id"), ("other_id", "contact_id")):
            for cid, other in conn.exec_driver_sql(
                f"SELECT r.{mine}, r.{theirs} FROM contact_relation r"
                + live.format(other=f"r.{theirs}")
                + f" WHERE r.{mine} IN ({marks})",
                args,
            ):
                facts[cid].connected.add(other)
    for cid, fact in facts.items():
        fact.connected.discard(cid)
    return facts
