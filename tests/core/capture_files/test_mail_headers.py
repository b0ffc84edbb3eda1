"""A message's header bytes -> who wrote to whom, when, in which thread."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage
from email.policy import SMTP

from hypothesis import given, settings
from hypothesis import strategies as st

from prm.core.capture.mail_headers import message_from_header_bytes
from prm.core.capture.observations import MailMessage, Person, ReadProblem

FALLBACK = datetime(2024, 3, 1, 12, tzinfo=UTC)


def parse(data: bytes, fallback=None):
    return message_from_header_bytes(data, where="a.eml", folder="INBOX", fallback_date=fallback)


def test_an_ordinary_reply():
    msg = parse(
        b"From: =?utf-8?q?Zo=C3=AB_M=C3=BCller?= <Zoe@Example.COM>\r\n"
        b"To: Ann <ann@example.com>, bob@example.com\r\n"
        b"Cc: =?iso-8859-1?B?Suly9G1l?= <jerome@example.fr>\r\n"
        b"Date: Tue, 05 Mar 2024 09:30:00 +0100\r\n"
        b"Subject: =?utf-8?q?Re=3A_Caf=C3=A9?=\r\n"
        b"Message-ID: <abc@mail.example.com>\r\n"
        b"In-Reply-To: <root@x>\r\n"
        b"References: <root@x>\r\n <mid@x>\r\n"
    )
    assert isinstance(msg, MailMessage)
    assert msg.sender == Person("zoe@example.com", "Zoë Müller")
    assert msg.to == (Person("ann@example.com", "Ann"), Person("bob@example.com", ""))
    assert msg.cc == (Person("jerome@example.fr", "Jérôme"),)
    assert msg.sent_at == datetime(2024, 3, 5, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert (msg.key, msg.subject, msg.folder) == ("abc@mail.example.com", "Re: Café", "INBOX")
    assert msg.in_reply_to == "root@x" and msg.references == ("root@x", "mid@x")
    assert msg.thread == "root@x" and not msg.bulk


def test_undeclared_8bit_names_are_read_in_their_code_page():
    header = "From: Jérôme Lefèvre <j@example.fr>\nDate: Tue, 05 Mar 2024 09:30:00 +0000\n"
    header += "Subject: Réunion de la société à propos de l'été\n"
    msg = parse(header.encode("cp1252"))
    assert msg.sender.name == "Jérôme Lefèvre"
    assert msg.subject == "Réunion de la société à propos de l'été"


def test_no_message_id_gives_a_stable_key_from_the_headers():
    data = b"From: a@example.com\nTo: b@example.com\nDate: Tue, 05 Mar 2024 09:30:00 +0000\nSubject: hi\n"
    first, again = parse(data), parse(data + b"X-Other: changes nothing\n")
    assert first.key == again.key and first.key.startswith("no-id-")
    assert parse(data.replace(b"hi", b"ho")).key != first.key


def test_missing_or_bad_date_falls_back_else_is_a_problem():
    data = b"From: a@example.com\nDate: the day after tomorrow\nMessage-ID: <x@y>\n"
    assert parse(data, FALLBACK).sent_at == FALLBACK
    problem = parse(data)
    assert isinstance(problem, ReadProblem) and problem.where == "a.eml"
    assert "Date" in problem.message
    # A date without zone (-0000) is read as UTC.
    assert parse(b"From: a@x.org\nDate: 5 Mar 2024 09:30:00 -0000\n").sent_at.tzinfo is not None


def test_bulk_mail_is_flagged():
    base = b"From: news@shop.example\nDate: Tue, 05 Mar 2024 09:30:00 +0000\n"
    for extra in (
        b"List-Unsubscribe: <mailto:unsub@shop.example>\n",
        b"List-Id: Shop news <news.shop.example>\n",
        b"Precedence: bulk\n",
        b"Precedence: junk\n",
        b"Auto-Submitted: auto-replied\n",
    ):
        assert parse(base + extra).bulk, extra
    assert not parse(base + b"Auto-Submitted: no\n").bulk
    assert not parse(base + b"Precedence: first-class\n").bulk


def test_garbage_is_a_problem_not_a_crash():
    for data in (
        b"",
        b"\x00\xff\xfe garbage\n\n",
        b"Subject: no sender\n",
        b"From: not an address\n",
    ):
        assert isinstance(parse(data, FALLBACK), ReadProblem), data


names = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30
).filter(lambda s: s.strip() == s and s)


@settings(max_examples=300, deadline=None)
@given(sender=names, to=names, subject=names)
def test_any_unicode_name_and_subject_round_trip_through_an_eml(sender, to, subject):
    message = EmailMessage()
    message["From"] = f'"{_quoted(sender)}" <a@example.com>'
    message["To"] = f'"{_quoted(to)}" <b@example.com>'
    message["Subject"] = subject
    message["Date"] = "Tue, 05 Mar 2024 09:30:00 +0000"
    message["Message-ID"] = "<k@example.com>"
    msg = parse(message.as_bytes(policy=SMTP))
    assert isinstance(msg, MailMessage)
    # Letters survive; spacing does not always (the email package's own encoder
    # folds runs of spaces and glues encoded words to plain ones).
    assert _spaced(msg.sender.name) == _spaced(sender)
    assert _spaced(msg.to[0].name) == _spaced(to)
    assert _spaced(msg.subject) == _spaced(subject)


def _spaced(name: str) -> str:
    return "".join(name.split())


def _quoted(name: str) -> str:
    return name.replace("\\", "\\\\").replace('"', '\\"')
