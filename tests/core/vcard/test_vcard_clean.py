"""Byte-level traps: every file shape real address books produce reads the same cards."""

from __future__ import annotations

import codecs
import io

import pytest

from prm.core.vcard.card import CardError
from prm.core.vcard.clean import RawCard, iter_raw_cards

CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ångström\r\nN:Ångström;Zoë;;;\r\nEND:VCARD\r\n"


def cards(data: bytes, **kw) -> list[RawCard | CardError]:
    return list(iter_raw_cards(data, **kw))


def texts(data: bytes, **kw) -> list[list[str]]:
    return [[t for _, t in c.lines] for c in cards(data, **kw) if isinstance(c, RawCard)]


EXPECTED = [["VERSION:3.0", "FN:Zoë Ångström", "N:Ångström;Zoë;;;"]]


@pytest.mark.parametrize(
    "data",
    [
        CARD.encode(),
        codecs.BOM_UTF8 + CARD.encode(),
        CARD.replace("\r\n", "\n").encode(),
        CARD.replace("\r\n", "\r").encode(),
        CARD.replace("\r\n", "\r\r\n").encode(),  # iOS and DOS double conversion
        CARD.encode("utf-16"),  # with BOM
        CARD.encode("utf-16-le"),  # without
        CARD.encode("utf-16-be"),
    ],
    ids=["utf8", "bom", "lf", "cr", "crcrlf", "utf16-bom", "utf16le", "utf16be"],
)
def test_every_encoding_and_line_ending_reads_the_same_card(data):
    assert texts(data) == EXPECTED


def test_a_fold_that_splits_a_utf8_character_is_joined_before_decoding():
    name = "Zoë".encode()  # ë is two bytes: split them across the fold
    data = b"BEGIN:VCARD\r\nFN:Zo" + name[2:3] + b"\r\n " + name[3:] + b"\r\nEND:VCARD\r\n"
    assert texts(data) == [["FN:Zoë"]]


def test_chunk_boundaries_never_change_the_result():
    data = (CARD.replace("FN:Zoë Ångström", "FN:Zoë\r\n  Ångström") * 3).encode()
    whole = texts(data)
    for size in (1, 2, 3, 7, 64):
        assert texts(data, chunk_size=size) == whole


def test_quoted_printable_soft_breaks_join_and_stay_encoded_for_the_reader():
    data = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nNOTE;ENCODING=QUOTED-PRINTABLE:first=0D=0A=\r\n"
        b"second line=\r\n\r\nTEL:1\r\nEND:VCARD\r\n"
    )
    assert texts(data) == [
        ["VERSION:2.1", "NOTE;ENCODING=QUOTED-PRINTABLE:first=0D=0Asecond line", "TEL:1"]
    ]


def test_unindented_base64_photo_lines_continue_the_photo():
    data = b"BEGIN:VCARD\nPHOTO;ENCODING=BASE64;JPEG:/9j/4AAQ\nSkZJRgAB\n\nFN:A\nEND:VCARD\n"
    assert texts(data) == [["PHOTO;ENCODING=BASE64;JPEG:/9j/4AAQSkZJRgAB", "FN:A"]]


def test_declared_charset_is_honoured_and_legacy_bytes_fall_back_with_a_warning():
    data = (
        b"BEGIN:VCARD\r\nN;CHARSET=SHIFT_JIS:" + "安藤".encode("shift_jis") + b"\r\n"
        b"TITLE:Gesch\xe4ftsf\xfchrer\r\nEND:VCARD\r\n"
    )
    [card] = cards(data)
    assert [t for _, t in card.lines] == ["N;CHARSET=SHIFT_JIS:安藤", "TITLE:Geschäftsführer"]
    assert any("Windows-1252" in w for w in card.warnings)


def test_junk_between_cards_is_skipped_and_both_cards_are_found():
    junk = bytes(range(256)) * 4 + b"\x00\x00\r\n\xff"
    data = CARD.encode() + junk + CARD.encode()
    found = cards(data)
    assert [c.position for c in found] == [1, 2] and all(isinstance(c, RawCard) for c in found)
    assert found[1].line > 3


def test_a_card_without_end_is_reported_and_the_next_card_still_read():
    data = b"BEGIN:VCARD\r\nFN:Broken\r\n" + CARD.encode()
    found = cards(data)
    assert isinstance(found[0], RawCard) and found[0].position == 2
    assert found[1] == CardError(1, 1, "the card has no END:VCARD (the file ends at line 7)")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"\r\n \r\n", "the file is empty"),
        (b"card", "no BEGIN:VCARD found — this is not a vCard file"),
        (bytes(range(256)) * 40, "no BEGIN:VCARD found — this is not a vCard file"),
        (
            b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
            "no BEGIN:VCARD found — this is not a vCard file",
        ),
    ],
    ids=["empty", "blank", "text", "binary", "calendar"],
)
def test_files_without_cards_say_so(data, message):
    assert cards(data) == [CardError(0, 1, message)]
    assert str(cards(data)[0]) == f"line 1: {message}"


def test_nul_bytes_are_removed_with_a_warning():
    [card] = cards(b"BEGIN:VCARD\r\nFN:Nul\x00Inside\r\nEND:VCARD\r\n")
    assert card.lines == [(2, "FN:NulInside")] and card.warnings


def test_reading_stops_when_the_consumer_stops():
    source = io.BytesIO(CARD.encode() * 1000)
    reader = iter_raw_cards(source, chunk_size=256)
    next(reader)
    reader.close()  # Cancel: nothing more is read
    assert source.tell() < 1024
