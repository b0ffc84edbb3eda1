"""Reachable hours as people type them; what is stored reads back the same."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prm.core.travel.hours import DEFAULT, WEEKDAYS, clean_hours, parse_hours


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("", ""),
        ("09:00-18:00", "09:00-18:00"),
        ("9-17", "09:00-17:00"),
        ("Mon-Fri 10:00 - 16:00", "10:00-16:00"),
        ("mon-sat 08:30-20:00", "Mon-Sat 08:30-20:00"),
        ("daily 10-16", "daily 10:00-16:00"),
        ("Mon,Wed,Fri 9-12", "Mon,Wed,Fri 09:00-12:00"),
        ("weekdays 7:30–9:00", "07:30-09:00"),
        ("Sat 10-24", "Sat 10:00-23:59"),
    ],
)
def test_typed_hours_are_stored_in_one_form(typed, stored):
    assert clean_hours(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("after lunch", "is not reachable hours"),
        ("18:00-09:00", "end before they start"),
        ("25-26", "does not exist"),
        ("Someday 9-10", "is not a day"),
    ],
)
def test_what_is_not_hours_is_named(typed, message):
    with pytest.raises(ValueError, match=message) as caught:
        clean_hours(typed)
    assert typed.split()[0] in str(caught.value)


def test_empty_means_weekdays_nine_to_six():
    assert parse_hours("") == DEFAULT
    assert (DEFAULT.start, DEFAULT.end, DEFAULT.days) == (time(9), time(18), WEEKDAYS)


@given(
    st.sets(st.integers(0, 6), min_size=1),
    st.integers(0, 22), st.sampled_from([0, 15, 30, 45]), st.integers(1, 12),
)  # fmt: skip
def test_stored_hours_read_back_the_same(days, hour, minute, length):
    start = time(hour, minute)
    end_hour = min(23, hour + length)
    end = time(end_hour, 59 if end_hour == 23 and hour + length > 23 else minute)
    if end <= start:
        return
    names = ",".join(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[d] for d in sorted(days))
    text = clean_hours(f"{names} {start:%H:%M}-{end:%H:%M}")
    again = parse_hours(text)
    assert (again.start, again.end, again.days) == (start, end, frozenset(days))
    assert clean_hours(text) == text
