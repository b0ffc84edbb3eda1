"""The meeting timer: a pure state machine driven by an injected millisecond clock.

The Qt widget only renders ``TimerView`` and forwards button presses; a QTimer
calls ``tick``. Everything here — thresholds, pauses, overrun, rebalancing —
is tested with a fake clock and never sleeps.

Time that counts is *active* time: pauses are recorded but not counted.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from enum import StrEnum

MINUTE = 60_000  # ms
RULE_MINUTES = 45
# Warnings by time remaining: the defaults; the user may change them (Preferences),
# and each timer carries its own so a resumed meeting warns as it was told to.
AMBER_AT = 10 * MINUTE  # remaining
RED_AT = 5 * MINUTE
WRAP_UP_AT = 3 * MINUTE


def minutes_of(duration: float | timedelta) -> int:
    """Whole minutes of a duration (seconds, or a timedelta), half a minute rounding up.

    The one rounding rule for meeting lengths: every table, dialog, chart and
    message that shows a meeting's minutes goes through here, so 50 min 30 s is
    51 minutes everywhere (Python's ``round`` would say 50 here and 6 there).
    """
    seconds = duration.total_seconds() if isinstance(duration, timedelta) else duration
    return math.floor(seconds / 60 + 0.5)


def over_by_minutes(actual_seconds: float, limit_minutes: int) -> int:
    """Whole minutes past ``limit_minutes``: ``minutes_of(actual) - limit``, at least 1
    when the meeting ran past the limit at all, 0 when it did not."""
    if actual_seconds <= limit_minutes * 60:
        return 0
    return max(1, minutes_of(actual_seconds) - limit_minutes)


class State(StrEnum):
    PLANNED = "planned"
    RUNNING = "running"
    PAUSED = "paused"
    ENDED = "ended"


class Phase(StrEnum):
    CALM = "calm"
    AMBER = "amber"
    RED = "red"
    OVERRUN = "overrun"


class Event(StrEnum):
    """Moments worth a notification; each fires once per meeting."""

    AMBER = "amber"  # 10 minutes left
    RED = "red"  # 5 minutes left
    WRAP_UP = "wrap_up"  # 3 minutes left: capture outcomes and the next step
    OVERRUN = "overrun"  # past the planned end
    ITEM_OVER = "item_over"  # the current agenda item ran past its own plan


class TimerError(Exception):
    """A button pressed in a state where it means nothing (a bug in the caller)."""


@dataclass
class Item:
    title: str
    planned_ms: int
    actual_ms: int = 0  # settled when the item is left
    started_at_active_ms: int | None = None


@dataclass
class Pause:
    started_ms: int
    ended_ms: int | None = None


@dataclass(frozen=True)
class TimerView:
    """Everything the widget draws."""

    state: State
    phase: Phase
    elapsed_ms: int
    remaining_ms: int  # negative past the end
    overrun_ms: int
    item_index: int
    item_title: str
    item_remaining_ms: int
    next_item_title: str | None
    wrap_up: bool  # the wrap-up prompt should be showing


@dataclass
class MeetingTimer:
    length_ms: int
    items: list[Item]
    state: State = State.PLANNED
    started_ms: int | None = None
    ended_ms: int | None = None
    pauses: list[Pause] = field(default_factory=list)
    current: int = 0
    fired: list[str] = field(default_factory=list)
    amber_ms: int = AMBER_AT
    red_ms: int = RED_AT
    wrap_up_ms: int = WRAP_UP_AT

    def set_warnings(self, *, amber_ms: int, red_ms: int, wrap_up_ms: int) -> None:
        """Warn at these times remaining (amber >= red >= wrap-up > 0)."""
        if not amber_ms >= red_ms >= wrap_up_ms > 0:
            raise ValueError(f"warnings out of order: {amber_ms}, {red_ms}, {wrap_up_ms}")
        self.amber_ms, self.red_ms, self.wrap_up_ms = amber_ms, red_ms, wrap_up_ms

    # --- transitions --------------------------------------------------------

    def start(self, now: int) -> None:
        self._expect(State.PLANNED)
        self.state, self.started_ms = State.RUNNING, now
        if not self.items:
            self.items = [Item("Discussion", self.length_ms)]
        self.items[0].started_at_active_ms = 0

    def pause(self, now: int) -> None:
        self._expect(State.RUNNING)
        self.state = State.PAUSED
        self.pauses.append(Pause(now))

    def resume(self, now: int) -> None:
        self._expect(State.PAUSED)
        self.state = State.RUNNING
        self.pauses[-1].ended_ms = now

    def next_item(self, now: int) -> None:
        self._expect(State.RUNNING, State.PAUSED)
        if self.current >= len(self.items) - 1:
            raise TimerError("already on the last agenda item")
        elapsed = self.elapsed(now)
        self._settle_current(elapsed)
        self.current += 1
        self.items[self.current].started_at_active_ms = elapsed

    def minute_moves_end(self) -> bool:
        """Would ``add_minute`` move the end? Yes when the items still to come have
        less than a minute to give back (on the last item, none at all)."""
        return sum(i.planned_ms for i in self.items[self.current + 1 :]) < MINUTE

    def add_minute(self, now: int) -> int:
        """One more minute for this item; the items still to come give it back,
        in proportion to their plans, so the meeting still ends on time. With no
        later item (or too little left in them) the meeting grows instead.
        Returns how far the end moved (ms): 0 when the later items gave it all back."""
        self._expect(State.RUNNING, State.PAUSED)
        self.items[self.current].planned_ms += MINUTE
        later = self.items[self.current + 1 :]
        spare = sum(i.planned_ms for i in later)
        if spare <= 0:
            self.length_ms += MINUTE  # nothing left to shrink: the end moves
            return MINUTE
        take = min(MINUTE, spare)
        taken = 0
        for item in later[:-1]:
            share = take * item.planned_ms // spare
            item.planned_ms -= share
            taken += share
        later[-1].planned_ms -= take - taken
        if take < MINUTE:
            self.length_ms += MINUTE - take
        return MINUTE - take

    def end(self, now: int) -> None:
        self._expect(State.RUNNING, State.PAUSED)
        if self.state == State.PAUSED:
            self.resume(now)
        self._settle_current(self.elapsed(now))
        self.state, self.ended_ms = State.ENDED, now

    # --- reading ------------------------------------------------------------

    def elapsed(self, now: int) -> int:
        """Active milliseconds since the start (pauses not counted)."""
        if self.started_ms is None:
            return 0
        until = self.ended_ms if self.ended_ms is not None else now
        paused = sum(
            (p.ended_ms if p.ended_ms is not None else until) - p.started_ms for p in self.pauses
        )
        return max(0, until - self.started_ms - paused)

    def tick(self, now: int) -> list[Event]:
        """New threshold crossings since the last tick (each fires once)."""
        if self.state not in (State.RUNNING, State.PAUSED):
            return []
        view = self.view(now)
        due = []
        if view.remaining_ms <= self.amber_ms:
            due.append(Event.AMBER)
        if view.remaining_ms <= self.red_ms:
            due.append(Event.RED)
        if view.remaining_ms <= self.wrap_up_ms:
            due.append(Event.WRAP_UP)
        if view.remaining_ms < 0:
            due.append(Event.OVERRUN)
        item_key = f"{Event.ITEM_OVER}:{self.current}"
        if view.item_remaining_ms < 0 and item_key not in self.fired:
            self.fired.append(item_key)
            due.append(Event.ITEM_OVER)
        new = [e for e in due if e == Event.ITEM_OVER or e.value not in self.fired]
        self.fired += [e.value for e in new if e != Event.ITEM_OVER]
        return new

    def view(self, now: int) -> TimerView:
        elapsed = self.elapsed(now)
        remaining = self.length_ms - elapsed
        item = self.items[self.current] if self.items else Item("Discussion", self.length_ms)
        item_elapsed = (
            elapsed - (item.started_at_active_ms or 0) if self.started_ms is not None else 0
        )
        following = self.items[self.current + 1] if self.current + 1 < len(self.items) else None
        return TimerView(
            state=self.state,
            phase=phase_for(remaining, amber_ms=self.amber_ms, red_ms=self.red_ms),
            elapsed_ms=elapsed,
            remaining_ms=remaining,
            overrun_ms=max(0, -remaining),
            item_index=self.current,
            item_title=item.title,
            item_remaining_ms=item.planned_ms - item_elapsed,
            next_item_title=following.title if following else None,
            wrap_up=self.state != State.ENDED and remaining <= self.wrap_up_ms,
        )

    def paused_ms(self, now: int) -> int:
        until = self.ended_ms if self.ended_ms is not None else now
        return sum(
            (p.ended_ms if p.ended_ms is not None else until) - p.started_ms for p in self.pauses
        )

    # --- persistence --------------------------------------------------------

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> MeetingTimer:
        data = dict(data)
        data["items"] = [Item(**i) for i in data["items"]]
        data["pauses"] = [Pause(**p) for p in data["pauses"]]
        data["state"] = State(data["state"])
        return cls(**data)

    def _settle_current(self, elapsed: int) -> None:
        item = self.items[self.current]
        item.actual_ms = elapsed - (item.started_at_active_ms or 0)

    def _expect(self, *states: State) -> None:
        if self.state not in states:
            raise TimerError(f"cannot do that while the meeting is {self.state.value}")


def phase_for(remaining_ms: int, *, amber_ms: int = AMBER_AT, red_ms: int = RED_AT) -> Phase:
    if remaining_ms < 0:
        return Phase.OVERRUN
    if remaining_ms <= red_ms:
        return Phase.RED
    if remaining_ms <= amber_ms:
        return Phase.AMBER
    return Phase.CALM


def scale_to_fit(planned_ms: list[int], length_ms: int) -> list[int]:
    """Shrink (or stretch) an agenda proportionally to fill ``length_ms`` in whole
    minutes, each item keeping at least one minute."""
    total = sum(planned_ms)
    if not planned_ms or total <= 0:
        return planned_ms
    minutes = length_ms // MINUTE
    if minutes < len(planned_ms):
        raise ValueError(f"{len(planned_ms)} items cannot fit in {minutes} minutes")
    exact = [p * minutes / total for p in planned_ms]
    whole = [max(1, int(e)) for e in exact]
    # Largest remainders get the minutes still free; trim the largest if over.
    order = sorted(range(len(exact)), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    i = 0
    while sum(whole) < minutes:
        whole[order[i % len(order)]] += 1
        i += 1
    while sum(whole) > minutes:
        biggest = max(range(len(whole)), key=lambda k: whole[k])
        whole[biggest] -= 1
    return [w * MINUTE for w in whole]


Clock = Callable[[], int]
