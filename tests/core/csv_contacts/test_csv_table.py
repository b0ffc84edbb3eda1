"""Any encoding, delimiter and quoting a spreadsheet writes; clear refusals for the rest."""

from __future__ import annotations

import codecs
import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prm.core.csv_contacts.cards import cards
from prm.core.csv_contacts.read import mapping_for
from prm.core.csv_contacts.table import NotContactsCsv, read_table

PEOPLE = [("José", "Muñoz", "jose@munoz.example"), ("Zoë", "Brown", "zoe@brown.example")]


def write(rows, delimiter=",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["First Name", "Last Name", "E-mail Address"])
    writer.writerows(rows)
    return out.getvalue()


def names(data: bytes) -> list[tuple[str, str, str]]:
    table = read_table(data)
    return [
        (c.draft.given_name, c.draft.family_name, c.draft.emails[0].value)
        for c in cards(table, mapping_for([table])[0])
    ]


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),  # Excel's "Unicode text": UTF-16 with a BOM
        lambda t: t.encode("utf-16-le"),
        lambda t: t.encode("cp1252"),
        lambda t: t.encode("mac_roman"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-le-no-bom", "windows-1252", "mac-roman"],
)
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_every_encoding_and_delimiter(encode, delimiter):
    assert names(encode(write(PEOPLE, delimiter))) == PEOPLE


def test_cyrillic_windows_1251():
    rows = [("Иван", "Петров", "ivan@petrov.example"), ("Анна", "Смирнова", "anna@s.example")]
    assert names(write(rows).encode("cp1251")) == rows


def test_quoted_newlines_and_delimiters_inside_values():
    text = 'First Name;Last Name;Notes\r\n"Ana";"Ruiz; Díaz";"line one\r\nline two"\r\nBo;Lee;\r\n'
    table = read_table(text.encode())
    drafts = [c.draft for c in cards(table, mapping_for([table])[0])]
    assert drafts[0].family_name == "Ruiz; Díaz" and drafts[0].notes == "line one\nline two"
    assert [c.line for c in cards(table, mapping_for([table])[0])] == [2, 4]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"Region,Quarter,Revenue\nNorth,Q1,100\n", "no row names contact columns"),
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEND:VCARD\r\n", "this is a vCard file"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0", "binary file"),
    ],
)
def test_not_a_contacts_csv_says_what_is_wrong(data, message):
    with pytest.raises(NotContactsCsv, match=message):
        read_table(data, name="x.csv")


_text = st.text(
    st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="\ufeff"), max_size=12
)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.tuples(_text, _text, _text), min_size=1, max_size=5),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_any_values_come_back_as_written(rows, delimiter, encoding):
    """Whatever people type (quotes, delimiters, newlines, any script) survives the trip."""
    header = ["First Name", "Last Name", "Notes"]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    table = read_table(out.getvalue().encode(encoding))
    assert table.delimiter == delimiter
    kept = [list(r) for r in rows if any(v.strip() for v in r)]
    assert [cells for _, cells in table.rows] == kept
