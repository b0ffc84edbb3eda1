"""Checks for single values typed by the user. Each returns the cleaned value or
raises ValueError with a sentence that can be shown next to the field."""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit

# The longest phone entry kept: a number, an extension and a few words ("ask for Bob").
MAX_PHONE_CHARS = 80
# An extension at the end of a number, as people write it in many languages and as
# address books export it: "ext. 23", "ext: 23", "x271", ", x271", "poste 5462",
# "#12", "; ext=12" (RFC 3966), "extension 4", "Durchwahl 12", "anexo 3", "доб. 5".
_EXTENSION = re.compile(
    r"\s*[,;]?\s*(?:ext(?:ension|n)?|x|poste|post|#|durchwahl|dw|anexo|int|доб|вн)"
    r"\s*[.:=]?\s*(\d{1,8})\s*$",
    re.IGNORECASE,
)

# Record ids are SQLite integers: 64-bit signed, and PRM's start at 1.
MAX_ID = 2**63 - 1
# The longest rhythm anyone keeps in touch by: ten years (the app's spin boxes agree).
MAX_CADENCE_DAYS = 3650
_ID_REF = re.compile(r"#?([0-9]+)")


def record_id(ref: str, *, what: str) -> int | None:
    """The id in a command-line reference like ``#12`` or ``12``; None when ``ref``
    is not a number (a name or UID then). A number no record can have (0, or past
    SQLite's 64 bits) raises NotFoundError instead of reaching the database."""
    from prm.core.errors import NotFoundError

    match = _ID_REF.fullmatch(ref.strip())
    if match is None:
        return None
    digits = match[1].lstrip("0")
    if not digits or len(digits) > len(str(MAX_ID)) or int(digits) > MAX_ID:
        shown = ref.strip() if len(ref.strip()) <= 40 else ref.strip()[:37] + "..."
        raise NotFoundError(f"There is no {what} {shown}: ids run from 1 to {MAX_ID}.")
    return int(digits)


def clean_email(text: str) -> str:
    from email_validator import EmailNotValidError, validate_email

    text = text.strip()
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(f"“{text}” is not a valid email address: {exc}") from None
    return result.normalized


def clean_phone(text: str) -> str:
    """A phone number is kept as typed: extensions ("ext. 23", "poste 5462"), letters
    ("1-800-FLOWERS") and words around it are the user's. It needs a digit, though."""
    text = " ".join(text.split())
    if not any(ch.isdigit() for ch in text):
        raise ValueError(f"“{text}” is not a phone number")
    if len(text) > MAX_PHONE_CHARS:
        raise ValueError(f"A phone number is at most {MAX_PHONE_CHARS} characters")
    return text


# A number spelled with letters starts with digits: "1-800-FLOWERS", "+1 800 MY FAX";
# "home 555 1234" or "555 0100 ask for Bob" are words beside a number, not letters to dial.
_VANITY = re.compile(r"^\+?[\s(]*\d[\d\s().\-/]*[A-Za-z][A-Za-z\d\s.\-]*$")


def split_extension(text: str) -> tuple[str, str]:
    """``"416-504-6429 ext: 23"`` -> ``("416-504-6429", "23")``; no extension: ``(text, "")``."""
    match = _EXTENSION.search(text)
    if match is None or not any(ch.isdigit() for ch in text[: match.start()]):
        return text.strip(), ""
    return text[: match.start()].strip(), match.group(1)


def normalize_phone(text: str, region: str | None = None) -> str:
    """The key two spellings of one number share: E.164 when the number can be
    understood, else its digits (letters dialled as digits: 1-800-FLOWERS), with
    ``;ext=N`` after it when it has an extension (RFC 3966's way of writing one)."""
    import phonenumbers

    main, extension = split_extension(text)
    if _VANITY.match(main) and sum(ch.isalnum() for ch in main) <= 15:  # E.164's longest
        main = phonenumbers.convert_alpha_characters_in_number(main)
    tail = f";ext={extension}" if extension else ""
    try:
        number = phonenumbers.parse(main, region)
        if phonenumbers.is_possible_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) + tail
    except phonenumbers.NumberParseException:
        pass
    digits = re.sub(r"\D", "", main)
    return (("+" + digits) if main.strip().startswith("+") else digits) + tail


def national_digits(e164: str) -> str:
    """``+14155550100`` -> ``4155550100``: how people type a number from their own country."""
    import phonenumbers

    e164 = e164.partition(";")[0]  # the extension is indexed with the full key
    if not e164.startswith("+"):
        return ""
    try:
        return str(phonenumbers.parse(e164, None).national_number)
    except phonenumbers.NumberParseException:
        return ""


def clean_url(text: str) -> str:
    """Accept ``example.com/x`` as well as full URLs; insist on a real host."""
    text = text.strip()
    candidate = (
        text if re.match(r"^[a-z][a-z0-9+.-]*://", text, re.IGNORECASE) else f"https://{text}"
    )
    parts = urlsplit(candidate)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or "." not in host or " " in candidate:
        raise ValueError(f"“{text}” is not a web address")
    return candidate


@cache
def _zones() -> frozenset[str]:
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


def clean_timezone(text: str) -> str:
    text = text.strip()
    if text and text not in _zones():
        raise ValueError(f"“{text}” is not a time zone; use a name like Europe/Paris")
    return text


def timezone_names() -> list[str]:
    return sorted(_zones())


# The largest price kept: a trillion less a cent, in the smallest unit any currency uses.
PRICE_DIGITS = 12
PRICE_PLACES = 4


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


# Grouping marks people type inside numbers: spaces (plain, no-break, thin) and '.
_GROUPING = re.compile(r"[\s\u00a0\u202f']")


def clean_price(text: str) -> str:
    """``12.5``, ``12,50``, ``1 234.50``, ``1.234,50`` -> exact decimal text (``12.50``).

    Never a float: money is kept as the digits typed. The last of ``.``/``,``
    is the decimal mark when both appear; a lone comma is one too.
    """
    from decimal import Decimal, InvalidOperation

    typed = text.strip()
    number = _GROUPING.sub("", typed)
    if "," in number and "." in number:
        grouping = "," if number.rfind(".") > number.rfind(",") else "."
        number = number.replace(grouping, "")
    if number.count(",") == 1:
        number = number.replace(",", ".")
    try:
        value = Decimal(number) if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", number) else None
    except InvalidOperation:
        value = None
    if value is None:
        raise ValueError(f"“{_short(typed)}” is not a price; type a number like 12.50")
    if value < 0:
        raise ValueError("A price cannot be negative")
    whole, _, places = f"{value:f}".partition(".")
    if len(whole.lstrip("0")) > PRICE_DIGITS or len(places) > PRICE_PLACES:
        raise ValueError(
            f"“{_short(typed)}” is not a price PRM can keep: at most {PRICE_DIGITS} digits "
            f"before the decimal mark and {PRICE_PLACES} after"
        )
    # Cents always shown; more places (some currencies use three) are kept as typed.
    return str(value.quantize(Decimal("0.01")) if value.as_tuple().exponent >= -2 else value)


def clean_currency(text: str) -> str:
    code = text.strip().upper()
    if code and not re.fullmatch(r"[A-Z]{3}", code):
        raise ValueError(
            f"“{text.strip()}” is not a currency code; use three letters like EUR or USD"
        )
    return code


def url_key(url: str) -> str:
    """What makes two web addresses the same page: no scheme, www., fragment or end slash."""
    parts = urlsplit(url.strip() if "://" in url else f"https://{url.strip()}")
    host = (parts.hostname or "").removeprefix("www.")
    port = f":{parts.port}" if parts.port else ""
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{port}{parts.path.rstrip('/')}{query}"
