"""The travel pack: the briefs of the people on a trip, in one encrypted HTML file.

The file opens on a phone with no app and no network: the page carries its own
CSS and JavaScript (``pack_page``) and the briefs as AES-256-GCM ciphertext.
The key comes from the passphrase by PBKDF2-HMAC-SHA256 (600,000 iterations, a
random 16-byte salt, a random 12-byte IV): exactly what the browser's WebCrypto
can redo, so the page decrypts with ``crypto.subtle`` and nothing else. Nothing
but the salt, the IV and the iteration count is readable without the passphrase
— not the names, not the city, not the trip's title.

The briefs are the meeting brief's (``prm.core.meeting_brief``): preferences,
the last three touches, follow-ups promised and replies owed, gifts given,
their events (those during the trip first), notes; plus what a phone needs to
reach them: numbers and addresses as tel:/mailto: links and their time zone,
from which the page shows their local time as it ticks.
"""

from __future__ import annotations

import base64
import json
import os
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session, col, select

from prm.core.clock import Clock
from prm.core.errors import KnownError
from prm.core.fsio import atomic_writer
from prm.core.models import Contact, ContactAddress, ContactEmail, ContactPhone

PBKDF2_ITERATIONS = 600_000
SALT_BYTES = 16
IV_BYTES = 12
MIN_PASSPHRASE = 8
FORMAT = "prm-travel-pack"
VERSION = 1
NO_CITY = "Elsewhere"


@dataclass(frozen=True)
class PackSummary:
    path: Path
    people: int
    bytes: int


class PassphraseError(KnownError):
    """The passphrase is missing or too short to protect the pack."""


def check_passphrase(passphrase: str) -> str:
    """The passphrase as both sides encode it (NFC), or PassphraseError saying why not."""
    text = unicodedata.normalize("NFC", passphrase or "")
    if not text:
        raise PassphraseError("The travel pack needs a passphrase; it is not written without one.")
    if len(text) < MIN_PASSPHRASE:
        raise PassphraseError(
            f"The passphrase is {len(text)} characters; use at least {MIN_PASSPHRASE}.",
            hint="Anyone who finds the file can try short passphrases quickly.",
        )
    return text


def write_pack(
    session: Session,
    *,
    contact_ids: list[int],
    title: str,
    starts_on: date,
    ends_on: date,
    passphrase: str,
    out: Path,
    clock: Clock,
) -> PackSummary:
    """Write the pack for these people to ``out`` (atomically); KnownError if it cannot."""
    secret = check_passphrase(passphrase)
    if ends_on < starts_on:
        raise KnownError(f"The trip ends ({ends_on}) before it starts ({starts_on}).")
    data = pack_data(
        session,
        contact_ids=contact_ids,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        clock=clock,
    )
    if not data["people"]:
        raise KnownError(
            "The travel pack would be empty: none of the chosen people are in PRM any more."
        )
    from prm.core.travel.pack_page import render_page

    page = render_page(encrypt(json.dumps(data, ensure_ascii=False).encode(), secret))
    body = page.encode("utf-8")
    with atomic_writer(Path(out)) as handle:
        handle.write(body)
    return PackSummary(path=Path(out), people=len(data["people"]), bytes=len(body))


def encrypt(plain: bytes, passphrase: str, *, iterations: int = PBKDF2_ITERATIONS) -> dict:
    """The envelope the page reads: how the key was made, the IV, the ciphertext (+ tag)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, iv = os.urandom(SALT_BYTES), os.urandom(IV_BYTES)
    key = _derive(passphrase, salt, iterations)
    return {
        "format": FORMAT,
        "version": VERSION,
        "kdf": "PBKDF2-SHA256",
        "iterations": iterations,
        "salt": _b64(salt),
        "iv": _b64(iv),
        "cipher": "AES-256-GCM",
        "data": _b64(AESGCM(key).encrypt(iv, plain, None)),
    }


def decrypt(envelope: dict, passphrase: str) -> bytes:
    """The plain bytes (for tests and for checking a pack); KnownError on a wrong passphrase."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, iv = base64.b64decode(envelope["salt"]), base64.b64decode(envelope["iv"])
    key = _derive(unicodedata.normalize("NFC", passphrase), salt, int(envelope["iterations"]))
    try:
        return AESGCM(key).decrypt(iv, base64.b64decode(envelope["data"]), None)
    except InvalidTag:
        raise KnownError("That passphrase does not open this travel pack.") from None


def _derive(passphrase: str, salt: bytes, iterations: int) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=iterations)
    return kdf.derive(passphrase.encode("utf-8"))


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


# --- what goes inside -------------------------------------------------------------


def pack_data(
    session: Session,
    *,
    contact_ids: list[int],
    title: str,
    starts_on: date,
    ends_on: date,
    clock: Clock,
) -> dict:
    """The decrypted JSON: the trip and one brief per live contact, in the order given."""
    from prm.core.context import local_zone
    from prm.core.dates import today_in
    from prm.core.meeting_brief import meeting_brief

    ids = list(dict.fromkeys(contact_ids))
    today = today_in(local_zone(), clock)
    briefs = meeting_brief(session, contact_ids=ids, today=today)
    during = _events_during(session, ids, starts_on, ends_on)
    reach = _reach(session, [b.contact_id for b in briefs])
    people = []
    for brief in briefs:
        contact = session.get(Contact, brief.contact_id)
        assert contact is not None  # the brief was made from it just now
        city, country, phones, emails = reach.get(brief.contact_id, ("", "", [], []))
        trip_events = during.get(brief.contact_id, [])
        seen = {(e["on"], e["what"]) for e in trip_events}
        later = [  # the brief's next 60 days, less what the trip's days already list
            {"on": on.isoformat(), "what": what, "during": False}
            for on, what in brief.upcoming_events
            if (on.isoformat(), what) not in seen
        ]
        people.append(
            {
                "id": brief.contact_id,
                "name": brief.name,
                "organization": brief.organization,
                "title": brief.title,
                "city": city or country or NO_CITY,
                "country": country,
                "timezone": contact.timezone,
                "channel": brief.preferred_channel,
                "preferences": [[label, text] for label, text in brief.preferences.items()],
                "phones": phones,
                "emails": emails,
                "touches": [
                    {
                        "at": t.at.isoformat(),
                        "kind": t.kind,
                        "channel": t.channel,
                        "summary": t.summary,
                    }
                    for t in brief.last_touches
                ],
                "promises": [{"due": d.isoformat(), "what": w} for d, w in brief.open_follow_ups],
                "owed": [{"since": at.isoformat(), "what": w} for at, w in brief.replies_owed],
                "gifts": [
                    {"on": on.isoformat() if on else "", "what": what}
                    for on, what in brief.gifts_given
                ],
                "events": trip_events + later,
                "last_meeting": _last_meeting(brief.last_meeting),
                "notes": contact.notes,
            }
        )
    return {
        "format": FORMAT,
        "title": title.strip() or "Travel pack",
        "starts_on": starts_on.isoformat(),
        "ends_on": ends_on.isoformat(),
        "made_at": clock.now().isoformat(timespec="seconds"),
        "people": people,
    }


def _events_during(
    session: Session, ids: list[int], starts_on: date, ends_on: date
) -> dict[int, list[dict]]:
    """Each person's events, birthdays and anniversaries on the days of the trip."""
    from prm.core.upcoming import upcoming

    found: dict[int, list[dict]] = {}
    if not ids:
        return found
    days = (ends_on - starts_on).days + 1
    for o in upcoming(session, today=starts_on, days=days, contact_ids=ids):
        what = o.what + (f" ({o.years_text})" if o.years_text else "")
        found.setdefault(o.contact_id, []).append(
            {"on": o.on.isoformat(), "what": what, "during": True}
        )
    return found


def _last_meeting(last: tuple[datetime, str, str, str] | None) -> dict | None:
    if last is None:
        return None
    at, notes, outcomes, next_step = last
    return {"at": at.isoformat(), "notes": notes, "outcomes": outcomes, "next_step": next_step}


def _reach(session: Session, ids: list[int]) -> dict[int, tuple[str, str, list, list]]:
    """(city, country, phones, emails) per contact; preferred first, then in their order.

    The city is the preferred (else first) address's locality: the pack is about
    where people are, and the address is what the user wrote down for it.
    """
    out: dict[int, tuple[str, str, list, list]] = {cid: ("", "", [], []) for cid in ids}
    if not ids:
        return out
    order = (col(ContactAddress.preferred).desc(), col(ContactAddress.position))
    for a in session.exec(
        select(ContactAddress).where(col(ContactAddress.contact_id).in_(ids)).order_by(*order)
    ):
        city, country, phones, emails = out[a.contact_id]
        if not city and a.locality.strip():
            out[a.contact_id] = (a.locality.strip(), a.country.strip(), phones, emails)
        elif not city and not country and a.country.strip():
            out[a.contact_id] = ("", a.country.strip(), phones, emails)
    for p in session.exec(
        select(ContactPhone)
        .where(col(ContactPhone.contact_id).in_(ids))
        .order_by(col(ContactPhone.preferred).desc(), col(ContactPhone.position))
    ):
        dial = p.normalized or "".join(ch for ch in p.value if ch.isdigit() or ch == "+")
        out[p.contact_id][2].append({"label": p.label, "value": p.value, "tel": dial})
    for e in session.exec(
        select(ContactEmail)
        .where(col(ContactEmail.contact_id).in_(ids))
        .order_by(col(ContactEmail.preferred).desc(), col(ContactEmail.position))
    ):
        out[e.contact_id][3].append({"label": e.label, "value": e.value})
    return out
