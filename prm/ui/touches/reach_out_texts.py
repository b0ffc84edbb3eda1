"""What Reach out says about its list: exact counts, the same words as the weekly review
("overdue" is past the maximum, "due" past the target, "never contacted" no touch yet)."""

from __future__ import annotations

from prm.core.reach_out import ReachOutRow
from prm.core.reach_out_week import DEFAULT_WEEKLY_CAPACITY, MAX_WEEKLY_CAPACITY, Attention
from prm.ui.common.formatting import days_text

CAPACITY_KEY = "reach_out/weekly_capacity"  # in the window's QSettings


def stored_capacity(settings) -> int:
    """The weekly capacity the user chose (Reach out's "Each week"; Home's list too)."""
    value = settings.value(CAPACITY_KEY) if settings is not None else None
    try:
        return min(max(int(value), 1), MAX_WEEKLY_CAPACITY)
    except (TypeError, ValueError):
        return DEFAULT_WEEKLY_CAPACITY


def people(n: int) -> str:
    return "1 person" if n == 1 else f"{n:,} people"


def attention_parts(attention: Attention) -> str:
    """ "3 overdue, 8 due, 1 never contacted" (the kinds there are)."""
    parts = [
        f"{n:,} {what}"
        for n, what in (
            (attention.overdue, "overdue"),
            (attention.due, "due"),
            (attention.never, "never contacted"),
        )
        if n
    ]
    return ", ".join(parts)


def summary_text(attention: Attention, capacity: int | None, shown: int) -> str:
    total = attention.total
    if total == 0:
        return "Nobody needs you right now."
    need = f"{people(total)} {'needs' if total == 1 else 'need'} you: {attention_parts(attention)}."
    if capacity is None:
        return f"{need} Everyone, most overdue first."
    if shown >= total:
        return f"{need} Most valuable first."
    return f"{need} This week's {shown:,}, most valuable first."


def scope_text(total: int, show_all: bool) -> str:
    return "Show this week's list" if show_all else f"Show all {total:,}"


def calm_text(next_up: ReachOutRow | None, filtered: bool) -> tuple[str, str]:
    """The empty state's title and text."""
    if next_up is None:
        if filtered:
            return "No one matches these filters", "Try another tag or tier."
        return (
            "No one has a rhythm yet",
            "Give people a cadence tier (or tag them with one) and PRM will tell you "
            "when it is time to get in touch.",
        )
    wait = max(next_up.target_days - next_up.days_since, 1)
    return (
        f"Everyone{' here' if filtered else ''} is on track",
        f"Nobody is due right now. Next up: {next_up.name}, in {days_text(wait)}.",
    )
