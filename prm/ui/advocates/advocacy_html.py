"""One person's advocacy as rows of rich text, for the contact card and the meeting
brief: their value and its breakdown, who referred them and whom they referred,
introductions, advocacy, engagements, and the give/ask balance.

Pure string building. On the card (``links``) names open contacts
(``contact:<id>``), entries open their editor (``advocacy:referral/<id>``) and the
last row starts new ones (``advocacy:new/referral``).
"""

from __future__ import annotations

import html
from datetime import date
from decimal import Decimal, InvalidOperation

from prm.core.advocacy.profile import ContactAdvocacy
from prm.core.advocacy.records import INTRO_STATES, OUTCOMES, SIGNAL_KINDS
from prm.ui.advocates.links import ADVOCACY_SCHEME, NEW_LINKS


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _day(day: date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else ""


def _money(amount: str, currency: str) -> str:
    """ "39,000.00 EUR" (the amount is exact decimal text)."""
    try:
        amount = f"{Decimal(amount):,.2f}" if amount else ""
    except InvalidOperation:  # not a number after all: show it as typed
        return f"{amount} {currency}".strip()
    return f"{amount} {currency}".strip()


class _Writer:
    def __init__(self, links: bool, muted: str) -> None:
        self.links, self.muted = links, muted

    def who(self, contact_id: int, name: str) -> str:
        return f'<a href="contact:{contact_id}">{_e(name)}</a>' if self.links else _e(name)

    def edit(self, kind: str, record_id: int) -> str:
        if not self.links:
            return ""
        return f' &nbsp;<a href="{ADVOCACY_SCHEME}:{kind}/{record_id}">edit</a>'

    def quiet(self, text: str) -> str:
        return f'<span style="color:{self.muted}">{_e(text)}</span>' if text else ""


def advocacy_rows(
    adv: ContactAdvocacy | None, today: date, *, links: bool = True, muted: str = "gray"
) -> list[tuple[str, str]]:
    """(label, html) rows; on the card a last row of links starts new entries."""
    w = _Writer(links, muted)
    rows: list[tuple[str, str]] = []
    if adv is not None and not adv.empty:
        rows += _value_rows(adv, w)
        rows += _ledger_rows(adv, w)
        rows += _balance_rows(adv, today, w)
    if links:
        new = " · ".join(
            f'<a href="{ADVOCACY_SCHEME}:new/{kind}">{text}</a>' for kind, text in NEW_LINKS
        )
        rows.append(("Record", new))
    return rows


def _value_rows(adv: ContactAdvocacy, w: _Writer) -> list[tuple[str, str]]:
    value = adv.value
    terms = [d for d in value.breakdown if d.score or d.points]
    rows = [("Value", f"<b>{value.total:.1f}</b> " + w.quiet("= the sum of the terms below"))]
    for d in terms:
        rows.append(
            (
                f"  {d.label}",
                f"{d.points:.2f} × {d.weight:g} = <b>{d.score:.2f}</b> &nbsp;" + w.quiet(d.amount),
            )
        )
    return rows


def _ledger_rows(adv: ContactAdvocacy, w: _Writer) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for r in adv.referred_by:
        rows.append(("Referred by", w.who(r.referrer_id, r.referrer_name) + _referral_tail(r, w)))
    for r in adv.referrals_made:
        rows.append(("Referred", w.who(r.referred_id, r.referred_name) + _referral_tail(r, w)))
    for i in adv.introductions:
        other = (i.b_id, i.b_name) if i.a_id == adv.contact_id else (i.a_id, i.a_name)
        state = INTRO_STATES.get(i.state, i.state)
        tail = " · ".join(t for t in (state, _day(i.made_on), i.outcome) if t)
        rows.append(
            ("Introduced", f"to {w.who(*other)} " + w.quiet(tail) + w.edit("introduction", i.id))
        )
    for s in adv.signals:
        text = SIGNAL_KINDS.get(s.kind, s.kind)
        rows.append(
            (
                "Advocacy",
                _e(text) + " " + w.quiet(" · ".join(filter(None, (_day(s.on_date), s.note)))),
            )
        )
    for g in adv.engagements:
        span = " – ".join(filter(None, (_day(g.start_on), _day(g.end_on))))
        tail = " · ".join(filter(None, (_money(g.fees, g.currency), span)))
        rows.append(("Engagement", _e(g.name) + " " + w.quiet(tail) + w.edit("engagement", g.id)))
    return rows


def _referral_tail(r, w: _Writer) -> str:
    outcome = OUTCOMES.get(r.outcome, r.outcome)
    if r.outcome == "won" and r.value:
        outcome = f"{outcome} ({_money(r.value, r.currency)})"
    when = _day(r.referred_on) if r.date_known else ""
    tail = " · ".join(filter(None, (r.for_what, outcome, when)))
    return " " + w.quiet(tail) + w.edit("referral", r.id)


def _balance_rows(adv: ContactAdvocacy, today: date, w: _Writer) -> list[tuple[str, str]]:
    b = adv.balance
    last = b.last_gave_text(today)
    rows = [
        (
            "Balance",
            f"given {b.given_total}, asked {b.asked_total}" + (f"; {_e(last)}" if last else ""),
        )
    ]
    if adv.load.too_often:
        rows.append(("", f"⚠ asked {adv.load.asks}× in the last 12 months: ask someone else?"))
    replies = adv.replies.describe()
    if replies:
        rows.append(("You answer", _e(replies)))
    return rows


def brief_lines(adv: ContactAdvocacy | None, today: date) -> list[str]:
    """The meeting brief's "Advocacy" list: the same facts, no links."""
    if adv is None or adv.empty:
        return []
    return [
        (f"{_e(label.strip())}: " if label else "") + text
        for label, text in advocacy_rows(adv, today, links=False)
    ]
