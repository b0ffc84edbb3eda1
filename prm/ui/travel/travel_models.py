"""The Travel section's two tables: the trips, and the people a plan proposes.

The plan's people can be ticked (Space, or a click on the box): the ticked
ones, each with the slot the plan gave them (or the next free one), are what
"Add to meeting planner" and "Travel pack…" act on.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QPalette

from prm.core.travel.plan import PlanPerson, Slot, TripPlan, propose_slots, trip_windows
from prm.core.travel.trips import TripRow
from prm.ui.common.formatting import channel_label
from prm.ui.common.palette import muted_color
from prm.ui.common.read_only import Index
from prm.ui.common.row_table import RowTableModel


def dates_text(starts: date, ends: date, *, year: bool = True) -> str:
    """ "26–28 Mar 2026", "30 Mar – 2 Apr 2026", "Thu 26 Mar 2026" (one day);
    without ``year`` the year is left out (it is the year of the trip list)."""
    y = f" {ends.year}" if year else ""
    if starts == ends:
        return f"{starts:%a} {starts.day} {starts:%b}{y}"
    if (starts.year, starts.month) == (ends.year, ends.month):
        return f"{starts.day}–{ends.day} {ends:%b}{y}"
    if starts.year == ends.year:
        return f"{starts.day} {starts:%b} – {ends.day} {ends:%b}{y}"
    return f"{starts.day} {starts:%b %Y} – {ends.day} {ends:%b %Y}"


def slot_text(slot: Slot) -> str:
    """ "Thu 26 Mar 09:00–09:45" in the trip city's time."""
    s, e = slot.starts_at, slot.ends_at
    return f"{s:%a} {s.day} {s:%b %H:%M}–{e:%H:%M}"


def hours_text(windows: list[str]) -> str:
    """ "09:00–18:00" from "Thu 26 Mar 09:00–18:00", … (the days are the trip's; the
    tooltip and the details list them); "varies" when they differ between days."""
    if not windows:
        return "not on these days"
    times = {w.split(" ", 3)[-1] for w in windows}
    return times.pop() if len(times) == 1 else "varies by day"


MAX_FREE = 500  # slots of a long trip (nine a day): enough to choose from


class TripsModel(RowTableModel[TripRow]):
    TRIP, WHEN, MEETINGS = range(3)
    HEADERS = ("Trip", "When", "Meetings")
    RIGHT_ALIGNED = (MEETINGS,)

    def set_rows(self, rows: list[TripRow]) -> None:
        self._reset(rows)

    def _text(self, row: TripRow, column: int) -> str:
        if column == self.TRIP:
            return row.title
        if column == self.WHEN:  # the year only when it is not this one
            return dates_text(
                row.starts_on, row.ends_on, year=row.ends_on.year != date.today().year
            )
        return str(row.meetings) if row.meetings else ""

    def _tooltip(self, row: TripRow, column: int) -> str | None:
        planned = (
            f"\n{row.meetings} meeting{'s' * (row.meetings != 1)} planned" if row.meetings else ""
        )
        return f"{row.title} — {row.cities}{planned}"


@dataclass(frozen=True)
class PlanRow:
    person: PlanPerson
    slot: Slot | None  # the slot the plan gave them
    country_level: bool  # only their country is known: no distance

    @property
    def id(self) -> int:
        return self.person.contact_id


class PlanModel(RowTableModel[PlanRow]):
    NAME, WHERE, SLOT, HOURS, WHY = range(5)
    HEADERS = ("Name", "Where", "Proposed slot", "Their hours", "Why see them")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ticked: set[int] = set()
        self._chosen: dict[int, Slot] = {}  # slots the user picked (S), by contact id
        self._free: list[Slot] = []
        self._muted = None

    def set_plan(self, plan: TripPlan | None, *, keep: bool = False) -> None:
        """The plan's people; ``keep`` (the same trip again): the ticks and the slots the
        user chose stay, where those slots are still free."""
        chosen = dict(self._chosen) if keep else {}
        ticked = set(self._ticked) if keep else set()
        self._ticked, self._chosen = set(), {}
        if plan is None:
            self._free = []
            self._reset([])
            return
        by_person = {s.contact_id: s for s in plan.slots if s.contact_id is not None}
        # Every slot of the trip nobody has: the plan lists only as many as it needs.
        taken = {s.starts_at for s in by_person.values()}
        every = propose_slots(trip_windows(plan.trip), count=MAX_FREE)
        self._free = [s for s in every if s.starts_at not in taken]
        rows = [PlanRow(p, by_person.get(p.contact_id), False) for p in plan.people]
        rows += [PlanRow(p, None, True) for p in plan.country_level]
        self._reset(rows)
        self._ticked = {r.id for r in rows} & ticked
        for cid, slot in chosen.items():
            row = self.row_for_id(cid)
            if row >= 0 and any(f.starts_at == slot.starts_at for f in self._free):
                self.move_to(row, slot)

    def clear_ticks(self) -> None:
        self._ticked.clear()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def set_palette(self, palette: QPalette) -> None:
        self._muted = muted_color(palette, on_base=True)

    # --- ticks ---------------------------------------------------------------------

    def ticked_ids(self) -> list[int]:
        return [r.id for r in self._rows if r.id in self._ticked]

    def set_ticked(self, row: int, on: bool) -> None:
        cid = self._rows[row].id
        (self._ticked.add if on else self._ticked.discard)(cid)
        index = self.index(row, self.NAME)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])

    def toggle(self, row: int) -> None:
        self.set_ticked(row, self._rows[row].id not in self._ticked)

    def choices(self) -> tuple[list[tuple[int, Slot]], list[str]]:
        """(contact id, slot) for each ticked person: theirs, else the next free slot;
        and the names no slot was left for."""
        free = list(self._free)
        out, left = [], []
        for row in self._rows:
            if row.id not in self._ticked:
                continue
            slot = row.slot or (free.pop(0) if free else None)
            if slot is None:
                left.append(row.person.name)
            else:
                out.append((row.id, slot))
        return out, left

    def free_slots(self) -> list[Slot]:
        return list(self._free)

    def move_to(self, row: int, slot: Slot) -> None:
        """Give the person at ``row`` a free ``slot``; theirs (if any) is free again."""
        old = self._rows[row]
        self._free = sorted(
            [s for s in self._free if s.starts_at != slot.starts_at]
            + ([Slot(old.slot.starts_at, old.slot.minutes)] if old.slot else []),
            key=lambda s: s.starts_at,
        )
        self._rows[row] = replace(old, slot=Slot(slot.starts_at, slot.minutes, old.id))
        self._chosen[old.id] = slot
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    # --- Qt ------------------------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.NAME:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.CheckStateRole
            and index.isValid()
            and index.column() == self.NAME
        ):
            ticked = self._rows[index.row()].id in self._ticked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role == Qt.ItemDataRole.CheckStateRole and index.isValid():
            state = value.value if isinstance(value, Qt.CheckState) else value
            self.set_ticked(index.row(), state == Qt.CheckState.Checked.value)
            return True
        return False

    def _text(self, row: PlanRow, column: int) -> str:
        p = row.person
        if column == self.NAME:
            return p.name
        if column == self.WHERE:
            if row.country_level or p.distance_km is None:
                return f"{p.city} (country only)"
            km = p.distance_km
            return p.city if km < 1 else f"{p.city} · {km:.0f} km"
        if column == self.WHY:
            return "; ".join(p.reasons) or "in the area"
        if column == self.HOURS:
            return hours_text(p.local_time_windows)
        if column == self.SLOT:  # the start: slots are 45 minutes or less (the tooltip)
            return (
                f"{row.slot.starts_at:%a} {row.slot.starts_at.day} {row.slot.starts_at:%b %H:%M}"
                if row.slot
                else ""
            )
        return ""

    def _tooltip(self, row: PlanRow, column: int) -> str | None:
        p = row.person
        if column == self.HOURS and p.local_time_windows:
            return "Their hours, their time:\n" + "\n".join(p.local_time_windows)
        if column == self.SLOT and row.slot:
            return f"{slot_text(row.slot)}, {row.slot.minutes} minutes, in the city's time"
        if column == self.WHY and p.reasons:
            return "\n".join(p.reasons)
        if column == self.NAME:
            parts = [p.name, p.organization]
            if p.channel:
                parts.append(f"Prefers {channel_label(p.channel).lower()}")
            return "\n".join(x for x in parts if x)
        return None

    def _colour(self, row: PlanRow, column: int) -> Any:
        if self._muted is not None and (
            (column == self.WHY and not row.person.reasons) or row.country_level
        ):
            return self._muted
        return None
