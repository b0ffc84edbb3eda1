"""The road-notes line parser, over many inputs: what is written comes back, nothing is lost."""

from __future__ import annotations

import csv
import io
from datetime import date, time

from hypothesis import given, settings
from hypothesis import strategies as st

from prm.core.travel.road_note_lines import (
    CHANNEL_WORDS,
    DEFAULT_CHANNEL,
    csv_columns,
    parse_csv,
    parse_line,
    parse_text,
    resolver,
)

LONG_MONTHS = [date(2000, m, 1).strftime("%B") for m in range(1, 13)]  # C locale: English
MONTHS = [m[:3] for m in LONG_MONTHS]

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
name_words = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzäöüéñçøÅÉŁ'"), min_size=1, max_size=10
).filter(lambda w: w[0].isalpha())
# "10:30 Am Bob": "am" after an hour is read as the morning (a name starting so is rare)
names = (
    st.lists(name_words, min_size=1, max_size=3)
    .map(lambda ws: " ".join(w.title() for w in ws))
    .filter(lambda n: n.split()[0].lower() not in ("am", "pm"))
)
free_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=60
).map(lambda t: " ".join(t.split()))
channel_words = st.sampled_from(sorted(k for k in CHANNEL_WORDS if " " not in k))
times = st.none() | st.times().map(lambda t: time(t.hour, t.minute))


def written(on: date, form: int) -> str:
    return [
        on.isoformat(),
        f"{on.day} {MONTHS[on.month - 1]}",
        f"{MONTHS[on.month - 1]} {on.day}",
        f"{on.day} {LONG_MONTHS[on.month - 1]} {on.year}",
        f"{LONG_MONTHS[on.month - 1]} {on.day}, {on.year}",
        f"{on.day}.{on.month}.",
        f"{on.day:02d}.{on.month:02d}.{on.year}",
    ][form]


@settings(max_examples=300, deadline=None)
@given(
    on=days,
    form=st.integers(0, 6),
    at=times,
    person=names,
    word=channel_words,
    rest=free_text,
    separator=st.sampled_from([":", " - ", " – "]),
)
def test_a_written_line_reads_back(on, form, at, person, word, rest, separator):
    hour = f" {at:%H:%M}" if at else ""
    note = f"{word}, {rest}".strip()
    line = f"{written(on, form)}{hour} {person}{separator} {note}"
    parsed = parse_line(line, 7, resolve=resolver(today=on, trip=(on, on)))
    assert (parsed.line, parsed.on, parsed.at) == (7, on, at)
    assert parsed.person == person
    assert parsed.note == note.strip()
    assert parsed.channel == CHANNEL_WORDS[word]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=20))
def test_every_line_is_a_note_or_a_problem(lines):
    text = "\n".join(lines)
    notes, problems = parse_text(text, resolve=resolver(today=date(2026, 12, 10)))
    counted = [
        n for n, line in enumerate(text.splitlines(), 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]  # fmt: skip
    assert sorted([n.line for n in notes] + [p.line for p in problems]) == counted
    assert all(p.reason for p in problems)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.tuples(days, names, free_text), min_size=1, max_size=8),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    header=st.sampled_from(
        [
            ("Date", "Person", "Note"),
            ("date", "name", "notes"),
            ("Datum", "Contact", "Summary"),
            ("When", "Who", "What"),
        ]
    ),
)
def test_a_csv_reads_back_with_any_delimiter(rows, delimiter, header):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    for on, person, note in rows:
        writer.writerow([on.isoformat(), person, note])
    text = buffer.getvalue()
    found = csv_columns(text)
    assert found is not None and found[0] == delimiter
    notes, problems = parse_csv(text, *found, resolve=resolver(today=date(2026, 12, 10)))
    assert problems == []
    assert [(n.on, n.person, n.note) for n in notes] == [(o, p, n.strip()) for o, p, n in rows]
    assert all(n.channel in CHANNEL_WORDS.values() or n.channel == DEFAULT_CHANNEL for n in notes)
