"""Dates, validation of typed values, paths."""

from __future__ import annotations

import pytest

from prm.core.dates import PartialDate
from prm.core.drafts import field_label
from prm.core.paths import AppPaths
from prm.core.validation import clean_email, clean_phone, clean_timezone, clean_url, normalize_phone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1980-05-17", (1980, 5, 17)),
        ("05-17", (None, 5, 17)),
        ("--0229", (None, 2, 29)),
        ("--02-29", (None, 2, 29)),
        ("19800517", (1980, 5, 17)),
        ("2024-02-29", (2024, 2, 29)),
    ],
)
def test_partial_dates_parse(text, expected):
    date = PartialDate.parse(text)
    assert (date.year, date.month, date.day) == expected
    assert PartialDate.parse(date.iso()) == date


@pytest.mark.parametrize("text", ["2023-02-31", "2023-02-29", "13-01", "yesterday", "1700-01-01"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_year_less_dates_display_without_a_year():
    assert PartialDate.parse("02-29").display() == "29 February"
    assert PartialDate.parse("1980-05-17").display() == "17 May 1980"


def test_values_are_cleaned_or_refused():
    assert clean_email(" Ann@Example.COM ") == "Ann@example.com"
    assert clean_url("example.com/page") == "https://example.com/page"
    assert clean_phone("+1 (555) 010-0000 x12") == "+1 (555) 010-0000 x12"
    assert clean_timezone("Asia/Tokyo") == "Asia/Tokyo"
    assert normalize_phone("+49 30 901820") == "+4930901820"
    for bad, check in [
        ("a@", clean_email),
        ("http://nohost", clean_url),
        ("ring me", clean_phone),
        ("Europe/Atlantis", clean_timezone),
    ]:
        with pytest.raises(ValueError):
            check(bad)


def test_field_labels_read_like_a_form():
    assert field_label("emails[1]") == "email 2"
    assert field_label("birthday") == "birthday"
    assert field_label("referred_by_id") == "referred by"


def test_data_dir_precedence(tmp_path):
    explicit = AppPaths.resolve(tmp_path / "x", environ={"PRM_DATA_DIR": str(tmp_path / "y")})
    from_env = AppPaths.resolve(None, environ={"PRM_DATA_DIR": str(tmp_path / "y")})
    default = AppPaths.resolve(None, environ={})
    assert explicit.data_dir == tmp_path / "x"
    assert from_env.data_dir == tmp_path / "y"
    assert default.data_dir.name == "PRM"
    assert explicit.demo.data_dir == tmp_path / "x" / "demo"
