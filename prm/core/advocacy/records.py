"""The advocacy ledgers' vocabulary, drafts (typed text, checked) and rows (shown).

``prm.core.advocacy.ledger`` writes and reads them; this module needs no ORM.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date

from prm.core import validation
from prm.core.dates import parse_day
from prm.core.errors import ValidationError

OUTCOMES: dict[str, str] = {
    "": "Open",
    "meeting": "Meeting",
    "proposal": "Proposal",
    "won": "Engagement won",
    "nothing": "Nothing came of it",
}
INTRO_STATES: dict[str, str] = {
    "asked_a": "Asked the first",
    "asked_b": "Asked the second",
    "asked_both": "Asked both",
    "introduced": "Introduced",
}
# Advocacy they gave (value) and asks I made of them (load, reciprocity).
SIGNAL_KINDS: dict[str, str] = {
    "testimonial": "Testimonial",
    "reference_call": "Reference call taken",
    "case_study": "Case study",
    "spoke_at_event": "Spoke at my event",
    "product_feedback": "Product feedback",
    "introduced_me": "Introduced me",
    "favour": "Favour",
}
# Each of these needed me to ask them: they count towards the reference load.
ASK_KINDS = frozenset(
    {"testimonial", "reference_call", "case_study", "spoke_at_event", "product_feedback", "favour"}
)


# --- rows (what lists, cards, the CLI show; no ORM objects) --------------------


def _json(row) -> dict:
    return {
        f.name: (v.isoformat() if isinstance(v := getattr(row, f.name), date) else v)
        for f in fields(row)
    }


@dataclass(frozen=True)
class ReferralRow:
    id: int
    referrer_id: int
    referrer_name: str
    referred_id: int
    referred_name: str
    referred_on: date
    date_known: bool
    for_what: str
    outcome: str
    outcome_on: date | None
    value: str
    currency: str
    notes: str

    def to_json(self) -> dict:
        return _json(self)


@dataclass(frozen=True)
class IntroductionRow:
    id: int
    a_id: int
    a_name: str
    b_id: int
    b_name: str
    made_on: date
    state: str
    note: str
    outcome: str

    def to_json(self) -> dict:
        return _json(self)


@dataclass(frozen=True)
class SignalRow:
    id: int
    contact_id: int
    contact_name: str
    kind: str
    on_date: date
    note: str

    @property
    def is_ask(self) -> bool:
        return self.kind in ASK_KINDS

    def to_json(self) -> dict:
        return _json(self)


@dataclass(frozen=True)
class EngagementRow:
    id: int
    contact_id: int
    contact_name: str
    name: str
    start_on: date | None
    end_on: date | None
    fees: str
    currency: str
    notes: str

    def to_json(self) -> dict:
        return _json(self)


# --- drafts (typed text, checked) ---------------------------------------------


def _strip(draft):
    return replace(
        draft,
        **{
            f.name: getattr(draft, f.name).strip()
            for f in fields(draft)
            if isinstance(getattr(draft, f.name), str)
        },
    )


def _day(errors: dict, name: str, text: str, *, required: bool = False) -> date | None:
    try:
        day = parse_day(text)
    except ValueError as exc:
        errors[name] = str(exc)
        return None
    if day is None and required:
        errors[name] = "Give a date (YYYY-MM-DD)."
    return day


def _money(errors: dict, out, amount: str, currency: str) -> None:
    for name, check in (
        (amount, validation.clean_price),
        (currency, validation.clean_currency),
    ):
        text = getattr(out, name)
        if text:
            try:
                setattr(out, name, check(text))
            except ValueError as exc:
                errors[name] = str(exc).replace("A price", "An amount").replace("price", "amount")
    if getattr(out, amount) and not getattr(out, currency):
        errors[currency] = "Say which currency (e.g. EUR)."


@dataclass
class ReferralDraft:
    referrer_id: int | None = None
    referred_id: int | None = None
    referred_on: str = ""  # "" = today
    for_what: str = ""
    outcome: str = ""
    outcome_on: str = ""  # "" with outcome "won" = today
    value: str = ""
    currency: str = ""
    notes: str = ""

    def cleaned(self) -> ReferralDraft:
        errors: dict[str, str] = {}
        out = _strip(self)
        if out.referrer_id is None:
            errors["referrer_id"] = "Choose who made the referral."
        if out.referred_id is None:
            errors["referred_id"] = "Choose who was referred."
        if out.referrer_id is not None and out.referrer_id == out.referred_id:
            errors["referred_id"] = "Someone cannot refer themselves."
        if out.outcome not in OUTCOMES:
            errors["outcome"] = (
                f"“{out.outcome}” is not an outcome; use meeting, proposal, won or nothing."
            )
        _day(errors, "referred_on", out.referred_on)
        _day(errors, "outcome_on", out.outcome_on)
        _money(errors, out, "value", "currency")
        if errors:
            raise ValidationError(errors)
        return out


@dataclass
class IntroductionDraft:
    a_id: int | None = None
    b_id: int | None = None
    made_on: str = ""  # "" = today
    state: str = "introduced"
    note: str = ""
    outcome: str = ""

    def cleaned(self) -> IntroductionDraft:
        errors: dict[str, str] = {}
        out = _strip(self)
        if out.a_id is None or out.b_id is None:
            errors["a_id" if out.a_id is None else "b_id"] = "Choose the two people to connect."
        elif out.a_id == out.b_id:
            errors["b_id"] = "An introduction connects two different people."
        if out.state not in INTRO_STATES:
            errors["state"] = (
                f"“{out.state}” is not an introduction state; use {', '.join(INTRO_STATES)}."
            )
        _day(errors, "made_on", out.made_on)
        if errors:
            raise ValidationError(errors)
        return out


@dataclass
class SignalDraft:
    contact_id: int | None = None
    kind: str = ""
    on_date: str = ""  # "" = today
    note: str = ""

    def cleaned(self) -> SignalDraft:
        errors: dict[str, str] = {}
        out = _strip(self)
        if out.contact_id is None:
            errors["contact_id"] = "Choose whose advocacy this is."
        if out.kind not in SIGNAL_KINDS:
            errors["kind"] = f"“{out.kind}” is not an advocacy kind; use {', '.join(SIGNAL_KINDS)}."
        _day(errors, "on_date", out.on_date)
        if errors:
            raise ValidationError(errors)
        return out


@dataclass
class EngagementDraft:
    contact_id: int | None = None
    name: str = ""
    start_on: str = ""
    end_on: str = ""
    fees: str = ""
    currency: str = ""
    notes: str = ""

    def cleaned(self) -> EngagementDraft:
        errors: dict[str, str] = {}
        out = _strip(self)
        out.name = " ".join(out.name.split())
        if out.contact_id is None:
            errors["contact_id"] = "Choose the client."
        if not out.name:
            errors["name"] = "Name the engagement."
        start = _day(errors, "start_on", out.start_on)
        end = _day(errors, "end_on", out.end_on)
        if start and end and end < start:
            errors["end_on"] = f"The end ({end}) is before the start ({start})."
        _money(errors, out, "fees", "currency")
        if errors:
            raise ValidationError(errors)
        return out
