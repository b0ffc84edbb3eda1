"""The contact card's travel lines: where they are, their time now, their hours.

"Place: Munich, Germany"; "Local time: 14:05 Tue" when only their place gives a
time zone (their own zone's line says it already); "Reachable: 09:00–18:00 on
weekdays · open now" (or "· closed now", their time).
"""

from __future__ import annotations

import html
from datetime import datetime

SOURCES = {"timezone": "their time zone", "phone": "their phone number"}


def place_rows(contact, place, now: datetime) -> list[tuple[str, str]]:
    from prm.core.travel.hours import WEEKDAYS, hours_of
    from prm.core.travel.reach_now import zone_of

    rows: list[tuple[str, str]] = []
    if place is not None and (place.city or place.country_name):
        where = ", ".join(p for p in (place.city, place.country_name) if p)
        if place.level == "country" and place.source in SOURCES:
            where += f" (from {SOURCES[place.source]})"
        rows.append(("Place", html.escape(where)))
    zone = zone_of(contact.timezone) or zone_of(place.timezone if place else "")
    if zone is None:
        return rows
    local = now.astimezone(zone)
    if not contact.timezone:
        rows.append(("Local time", html.escape(f"{local:%H:%M} there now ({local:%a})")))
    hours = hours_of(contact.reach_hours)
    span = hours.text() + (" on weekdays" if hours.days == WEEKDAYS else "")
    state = "open now" if hours.open_at(local) else "closed now"
    default = "" if contact.reach_hours else " (the usual)"
    rows.append(("Reachable", html.escape(f"{span}{default} · {state}, their time")))
    return rows
