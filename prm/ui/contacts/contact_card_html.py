"""The body of a contact card as rich text: sections that appear only when filled.

Pure string building (no widgets) so it is easy to read and to test. Every piece
of user text goes through ``html.escape``; colours come from the caller's palette.
Links: ``contact:<id>`` jumps to another contact; mailto:, tel: and web links
open outside.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from prm.core.contact_cards import ContactCard, LinkedContact
from prm.core.dates import PartialDate
from prm.core.vocab import CHANNELS
from prm.ui.widgets.label_combo import pretty_label

CONTACT_SCHEME = "contact"
GIFT_SCHEME = "gift"  # gift:<id> opens that gift, gift:new starts one for this contact

# "Prefers ..." reads better with these than with the bare channel names.
_PREFERS = {
    "email": "Prefers email",
    "call": "Prefers a phone call",
    "text": "Prefers text message",
    "video": "Prefers a video call",
    "in_person": "Prefers meeting in person",
    "social": "Prefers social media",
    "letter": "Prefers a letter",
}


@dataclass(frozen=True)
class CardColors:
    muted: str  # "#rrggbb" for labels and headings


def contact_href(contact_id: int) -> str:
    return f"{CONTACT_SCHEME}:{contact_id}"


def card_body_html(card: ContactCard, *, now: datetime, colors: CardColors) -> str:
    c = card.contact
    sections = [
        _section("Ways to reach", _reach_rows(card), colors),
        _section("Keeping in touch", _rhythm_rows(card, now), colors),
        _section("Dates and time", _date_rows(card, now), colors),
        _section("Connections", _connection_rows(card), colors),
        _section("Advocacy", _advocacy_rows(card, now, colors), colors),
        _section("Interests", _single(" · ".join(_e(i.topic) for i in c.interests)), colors),
        _section("Gift ideas & preferences", _single(_gift_block(card, colors)), colors),
        _section("Private notes", _single(_multiline(c.notes)), colors),
    ]
    return "".join(s for s in sections if s)


def _advocacy_rows(card: ContactCard, now: datetime, colors: CardColors) -> list[tuple[str, str]]:
    from prm.core.context import local_zone
    from prm.ui.advocates.advocacy_html import advocacy_rows

    today = now.astimezone(local_zone()).date()
    return advocacy_rows(card.advocacy, today, muted=colors.muted)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _multiline(text: str) -> str:
    return "<br>".join(_e(line) for line in text.strip().splitlines()) if text.strip() else ""


def _single(content: str) -> list[tuple[str, str]]:
    return [("", content)] if content else []


def _section(title: str, rows: list[tuple[str, str]], colors: CardColors) -> str:
    if not rows:
        return ""
    heading = (
        f'<p style="margin-top:16px; margin-bottom:4px; color:{colors.muted};'
        f' font-weight:600; font-size:small;">{_e(title.upper())}</p>'
    )
    cells = []
    for label, value in rows:
        if label:
            cells.append(
                f'<tr><td width="92" style="color:{colors.muted}; padding: 2px 10px 2px 0;">'
                f'{_e(label)}</td><td style="padding: 2px 0;">{value}</td></tr>'
            )
        else:
            cells.append(f'<tr><td colspan="2" style="padding: 2px 0;">{value}</td></tr>')
    table = '<table cellspacing="0" cellpadding="0" width="100%">'
    return heading + table + "".join(cells) + "</table>"


def _preferred_mark(preferred: bool) -> str:
    return '&nbsp;<span title="Preferred">★</span>' if preferred else ""


def _reach_rows(card: ContactCard) -> list[tuple[str, str]]:
    c = card.contact
    rows: list[tuple[str, str]] = []
    for email in c.emails:
        link = f'<a href="mailto:{_e(email.value)}">{_e(email.value)}</a>'
        rows.append((pretty_label(email.label) or "Email", link + _preferred_mark(email.preferred)))
    for phone in c.phones:
        dial = re.sub(r"[^0-9+]", "", phone.value)
        link = f'<a href="tel:{_e(dial)}">{_e(phone.value)}</a>'
        rows.append((pretty_label(phone.label) or "Phone", link + _preferred_mark(phone.preferred)))
    for url in c.urls:
        shown = re.sub(r"^https?://(www\.)?", "", url.value).rstrip("/")
        link = f'<a href="{_e(url.value)}">{_e(shown)}</a>'
        rows.append((pretty_label(url.label) or "Web", link + _preferred_mark(url.preferred)))
    for address in c.addresses:
        region = " ".join(p for p in (address.region, address.postal_code) if p)
        town = ", ".join(p for p in (address.locality, region) if p)
        lines = [*address.street.splitlines(), town, address.country]
        text = "<br>".join(_e(line.strip()) for line in lines if line.strip())
        rows.append((pretty_label(address.label) or "Address", text))
    if c.preferred_channel:
        channel = CHANNELS.get(c.preferred_channel, c.preferred_channel)
        phrase = _PREFERS.get(c.preferred_channel) or f"Prefers {channel}"
        rows.append(("", f"<i>{_e(phrase)}</i>"))
    return rows


def _partial_date(card: ContactCard, prefix: str) -> str:
    c = card.contact
    month, day = getattr(c, f"{prefix}_month"), getattr(c, f"{prefix}_day")
    if not month or not day:
        return ""
    try:
        return PartialDate.of(getattr(c, f"{prefix}_year"), month, day).display()
    except ValueError:  # stored by an older version or an import; show, don't crash
        return f"{month}-{day}"


def _rhythm_rows(card: ContactCard, now: datetime) -> list[tuple[str, str]]:
    """Their cadence and how long since the last touch, in the user's calendar days."""
    from prm.core.context import local_zone
    from prm.core.reach_out import calendar_days

    c = card.contact
    rows = []
    if c.cadence_target_days:
        rows.append(
            (
                "Cadence",
                _e(f"every {c.cadence_target_days} days (overdue after {c.cadence_max_days})"),
            )
        )
    if c.last_touch_at is not None:
        days = calendar_days(c.last_touch_at, now, local_zone())
        ago = {0: "today", 1: "yesterday"}.get(days, f"{days} days ago")
        rows.append(("Last touch", _e(ago)))
    elif c.cadence_target_days:
        rows.append(("Last touch", "never"))
    if c.snoozed_until is not None and c.snoozed_until > now.date():
        reason = f" — {c.snooze_reason}" if c.snooze_reason else ""
        rows.append(("Snoozed", _e(f"until {c.snoozed_until:%d %b %Y}{reason}")))
    return rows


def _date_rows(card: ContactCard, now: datetime) -> list[tuple[str, str]]:
    c = card.contact
    rows = []
    for label, prefix in (("Birthday", "birthday"), ("Anniversary", "anniversary")):
        shown = _partial_date(card, prefix)
        if shown:
            rows.append((label, _e(shown)))
    if c.timezone:
        rows.append(("Time zone", _e(_zone_with_local_time(c.timezone, now))))
    from prm.ui.travel.card_place import place_rows  # their place, local time, hours

    rows += place_rows(c, card.place, now)
    return rows


def _zone_with_local_time(zone: str, now: datetime) -> str:
    try:
        local = now.astimezone(ZoneInfo(zone))
    except (ValueError, KeyError, OSError):
        return zone
    return f"{zone.replace('_', ' ')} · {local:%H:%M} there now ({local:%a})"


def _links(people: Iterable[LinkedContact]) -> list[tuple[str, str]]:
    return [(p.label, f'<a href="{contact_href(p.contact_id)}">{_e(p.name)}</a>') for p in people]


def _connection_rows(card: ContactCard) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    if card.contact.how_we_met:
        rows.append(("How we met", _e(card.contact.how_we_met)))
    if card.referred_by is not None:
        rows += _links([card.referred_by])
    if card.referrals:
        names = ", ".join(
            f'<a href="{contact_href(p.contact_id)}">{_e(p.name)}</a>' for p in card.referrals
        )
        rows.append(("Referred", names))
    rows += _links(card.relations)
    return rows


def _preference_rows(card: ContactCard) -> list[tuple[str, str]]:
    c = card.contact
    pairs = (
        ("Coffee", c.pref_coffee),
        ("Food", c.pref_food),
        ("Dietary", c.pref_dietary),
        ("Culture", c.pref_culture),
    )
    return [(label, _e(value)) for label, value in pairs if value]


def _gift_block(card: ContactCard, colors: CardColors) -> str:
    """What they like beside what you thought of giving them: side by side when both exist."""
    prefs = "".join(
        f'<tr><td style="color:{colors.muted}; padding: 1px 10px 1px 0;">{_e(label)}</td>'
        f'<td style="padding: 1px 0;">{value}</td></tr>'
        for label, value in _preference_rows(card)
    )
    ideas = "".join(_idea_line(idea, colors) for idea in card.gift_ideas)
    if not prefs and not ideas:
        return ""
    if ideas:
        ideas += f'<p style="margin: 4px 0 0 0;"><a href="{GIFT_SCHEME}:new">Add an idea…</a></p>'
    prefs_table = f'<table cellspacing="0" cellpadding="0">{prefs}</table>' if prefs else ""
    if not (prefs and ideas):
        return prefs_table or ideas
    return (
        '<table cellspacing="0" cellpadding="0" width="100%"><tr>'
        f'<td width="45%" valign="top" style="padding-right: 14px;">{prefs_table}</td>'
        f'<td valign="top">{ideas}</td></tr></table>'
    )


def _idea_line(idea, colors: CardColors) -> str:  # idea: prm.core.gifts.GiftRow
    details = [idea.occasion] if idea.occasion else []
    if idea.on_date is not None:
        details.append(f"{idea.on_date.day} {idea.on_date:%b %Y}")
    extra = (
        f' <span style="color:{colors.muted};">· {_e(" · ".join(details))}</span>'
        if details
        else ""
    )
    return (
        f'<p style="margin: 0 0 3px 0;"><span style="color:{colors.muted};">•</span>&nbsp;'
        f'<a href="{GIFT_SCHEME}:{idea.id}">'
        f"{_e(idea.description)}</a>{extra}</p>"
    )
