"""What the ledgers record about some contacts (the rows on screen, the card), read
by the ledgers' contact indexes; ``value.score`` is a pure function of these facts.
(Everyone's past value at once is ``past.all_counts``, added up by SQLite.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlmodel import Session

from prm.core.sql_ids import id_chunks as chunks

# (query over every live row, the same for some contacts: "{marks}" is their ids)
_REFERRALS = "SELECT referrer_id, referred_id, outcome FROM referral WHERE deleted_at IS NULL"
_INTROS = "SELECT a_id, b_id, state FROM introduction WHERE deleted_at IS NULL"
_SIGNALS = "SELECT contact_id, kind FROM advocacy_signal WHERE deleted_at IS NULL"
_FEES = "SELECT contact_id, currency, fees FROM engagement WHERE deleted_at IS NULL"
_RELATIONS = "SELECT contact_id, other_id FROM contact_relation WHERE 1"


@dataclass
class Facts:
    name: str = ""
    last_touch_on: date | None = None
    fees: dict[str, Decimal] = field(default_factory=dict)  # currency -> total
    outcomes: list[str] = field(default_factory=list)  # one per referral they made
    signals: list[str] = field(default_factory=list)  # advocacy kinds, one per entry
    intros_made: int = 0  # introductions I made for them
    connected: set[int] = field(default_factory=set)  # other contacts they link to
    in_intro: bool = False  # in an introduction, whatever its state

    @property
    def has_entry(self) -> bool:
        """Something that can give them value (being referred alone is not)."""
        return bool(self.outcomes or self.signals or self.fees or self.in_intro)


class _Collector:
    """Rows in, facts out for the ``wanted`` people. People in the trash still count
    for the others (as in ``past``): the trash is undone more often than emptied."""

    def __init__(self, wanted: set[int]) -> None:
        self.wanted = wanted
        self.facts: dict[int, Facts] = {}

    def _fact(self, cid: int) -> Facts | None:
        if cid not in self.wanted:
            return None
        fact = self.facts.get(cid)
        if fact is None:
            fact = self.facts[cid] = Facts()
        return fact

    def _link(self, one: int, other: int) -> Facts | None:
        fact = self._fact(one)
        if fact is not None and one != other:
            fact.connected.add(other)
        return fact

    def referrals(self, rows) -> None:
        for referrer, referred, outcome in rows:
            fact = self._link(referrer, referred)
            if fact is not None:
                fact.outcomes.append(outcome)
            self._link(referred, referrer)  # being referred: reach only

    def intros(self, rows) -> None:
        for a, b, state in rows:
            for one, other in ((a, b), (b, a)):
                fact = self._link(one, other)
                if fact is not None:
                    fact.intros_made += state == "introduced"
                    fact.in_intro = True

    def signals(self, rows) -> None:
        for cid, kind in rows:
            if (fact := self._fact(cid)) is not None:
                fact.signals.append(kind)

    def fees(self, rows) -> None:
        for cid, currency, fees in rows:
            if (fact := self._fact(cid)) is None:
                continue
            try:
                amount = Decimal(fees) if fees else Decimal(0)
            except InvalidOperation:
                amount = Decimal(0)
            fact.fees[currency] = fact.fees.get(currency, Decimal(0)) + amount

    def relations(self, rows) -> None:
        for one, other in rows:
            self._link(one, other)
            self._link(other, one)


def gather(session: Session, ids: list[int]) -> dict[int, Facts]:
    """Facts for ``ids`` (name and last touch for the live ones), from their entries
    read by the ledgers' indexed contact columns; someone with none gets none."""
    conn = session.connection()
    collect = _Collector(set(ids))
    for part, marks in chunks(list(dict.fromkeys(ids))):
        args = tuple(part)
        for cid, name, last in conn.exec_driver_sql(
            f"SELECT id, display_name, last_touch_at FROM contact WHERE id IN ({marks})"
            " AND deleted_at IS NULL",
            args,
        ):
            collect.facts[cid] = Facts(name, date.fromisoformat(last[:10]) if last else None)
        collect.referrals(
            conn.exec_driver_sql(
                f"{_REFERRALS} AND (referrer_id IN ({marks}) OR referred_id IN ({marks}))",
                args * 2,
            )
        )
        collect.intros(
            conn.exec_driver_sql(
                f"{_INTROS} AND (a_id IN ({marks}) OR b_id IN ({marks}))", args * 2
            )
        )
        collect.signals(conn.exec_driver_sql(f"{_SIGNALS} AND contact_id IN ({marks})", args))
        collect.fees(conn.exec_driver_sql(f"{_FEES} AND contact_id IN ({marks})", args))
        collect.relations(
            conn.exec_driver_sql(
                f"{_RELATIONS} AND (contact_id IN ({marks}) OR other_id IN ({marks}))", args * 2
            )
        )
    return collect.facts
