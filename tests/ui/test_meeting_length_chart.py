"""The meeting-length chart: its geometry, and what it draws at any size."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import QPalette
from PySide6.QtTest import QTest

from prm.core.meeting_history import MeetingRow
from prm.ui.common.palette import error_color
from prm.ui.meetings.meeting_length_chart import (
    MAX_BARS,
    MIN_PITCH,
    MeetingLengthChart,
    axis_max,
    bar_slots,
    visible_count,
    y_for,
)

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def rows(*actual: float, planned: int = 45) -> list[MeetingRow]:
    """Meetings with these lengths, oldest first in the arguments; returned newest first."""
    made = [
        MeetingRow(
            i + 1,
            f"Meeting {i + 1}",
            START + timedelta(days=3 * i),
            planned,
            minutes,
            False,
            ("Ann",),
        )
        for i, minutes in enumerate(actual)
    ]
    return made[::-1]


@pytest.fixture
def chart(qtbot):
    chart = MeetingLengthChart()
    qtbot.addWidget(chart)
    chart.resize(600, 220)
    chart.show()
    return chart


def test_scale_leaves_room_above_the_rule_and_rounds_to_the_grid():
    assert axis_max([]) == 60
    assert axis_max([20, 50]) == 60
    assert axis_max([61]) == 75
    assert axis_max([120]) == 120


def test_minutes_map_to_pixels_from_the_baseline_up():
    assert y_for(0, top=10, bottom=130, scale_max=60) == 130
    assert y_for(45, top=10, bottom=130, scale_max=60) == 40
    assert y_for(60, top=10, bottom=130, scale_max=60) == 10
    assert y_for(200, top=10, bottom=130, scale_max=60) == 10  # clamped, never off the chart


def test_as_many_bars_as_fit_up_to_the_maximum():
    assert visible_count(5, 1000) == 5
    assert visible_count(500, 10_000) == MAX_BARS
    assert visible_count(500, 10 * MIN_PITCH) == 10
    assert visible_count(0, 500) == 0


def test_bar_slots_stay_inside_the_plot_without_overlapping():
    slots = bar_slots(40, left=30, width=400)
    assert slots[0][0] >= 30 and slots[-1][0] + slots[-1][1] <= 430
    assert all(a[0] + a[1] < b[0] for a, b in itertools.pairwise(slots))
    lone = bar_slots(1, left=30, width=400)
    assert lone[0][1] <= 26  # one meeting is a bar, not a wall


def test_rule_line_sits_at_45_minutes_on_the_scale(chart):
    chart.set_meetings(rows(30, 50))
    plot = chart._plot_rect()
    expected = plot.bottom() - plot.height() * 45 / 60
    assert chart.rule_y() == pytest.approx(expected)
    chart.set_meetings(rows(30, 90))  # a longer scale moves the line down
    assert chart.rule_y() == pytest.approx(plot.bottom() - plot.height() * 45 / 90)


@pytest.mark.parametrize("size", [(220, 150), (600, 220), (1400, 320)])
@pytest.mark.parametrize("count", [0, 1, 80])
def test_paints_at_any_size_with_any_number_of_meetings(chart, size, count):
    chart.set_meetings(rows(*[20 + (i * 7) % 40 for i in range(count)]))
    chart.resize(*size)
    image = chart.grab().toImage()
    assert image.width() == size[0]
    shown = chart.shown()
    assert (
        len(chart.bar_rects())
        == len(shown)
        == min(count, MAX_BARS, visible_count(count, chart._plot_rect().width()))
    )
    if shown:  # the most recent meetings, oldest left
        assert shown[-1].id == count and [m.id for m in shown] == sorted(m.id for m in shown)


def test_bars_over_the_rule_are_in_the_warning_colour(chart):
    chart.set_meetings(rows(30, 55))
    image = chart.grab().toImage()
    under, over = chart.bar_rects()

    def at(r):
        return image.pixelColor(QPoint(int(r.center().x()), int(r.bottom() - 4)))

    assert at(over) == error_color(chart.palette())
    assert at(under) == chart.palette().color(QPalette.ColorRole.Highlight)


def test_hovering_a_bar_tells_title_date_and_plan(chart, qtbot):
    chart.set_meetings(rows(30, 52, planned=45))
    bar = chart.bar_rects()[1]
    QTest.mouseMove(chart, bar.center().toPoint())
    qtbot.waitUntil(lambda: bool(chart.toolTip()))
    tip = chart.toolTip()
    assert "Meeting 2" in tip and "52 min of 45 planned (over by 7)" in tip
    assert "8 Jan 2026" in tip
    assert chart.bar_at(QPointF(chart._plot_rect().right() - 1, 5)) == -1


@pytest.mark.parametrize("size", [(600, 220), (260, 150), (900, 400)])
@pytest.mark.parametrize(
    "lengths",
    [(30, 44, 45, 46, 50), (90, 120, 45, 47), (46,) * 60, (20, 30, 200)],
)
def test_the_rule_label_never_covers_a_bar(qtbot, chart, size, lengths):
    chart.resize(*size)
    chart.set_meetings(rows(*lengths))
    bars = chart.bar_rects()
    assert bars and any(bar.top() <= chart.rule_y() for bar in bars)  # bars reach the rule
    label = chart.rule_label_rect()
    assert label.width() > 40 and chart.rect().contains(label.toAlignedRect())
    assert not any(label.intersects(bar) for bar in bars)
    chart.grab()  # and it paints
