"""A bar chart of meeting lengths against the 45-minute rule, drawn with QPainter.

One bar per meeting, oldest left; as many of the most recent as fit the width
(up to ``MAX_BARS``). Bars past the rule are drawn in the warning colour, the
rest in the accent colour; a short tick across each bar marks its planned
length. Everything comes from the palette at paint time, so the chart follows
light and dark themes without being told.

The geometry (axis scale, bar slots) is plain functions, tested without pixels.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import tzinfo

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from prm.core.meeting_history import MeetingRow
from prm.core.meeting_timer import RULE_MINUTES
from prm.ui.common.formatting import local_date
from prm.ui.common.palette import error_color, muted_color

MAX_BARS = 60
MIN_PITCH = 9.0  # px per bar at the narrowest; fewer meetings are shown below that
MAX_BAR_WIDTH = 26.0
GAP_RATIO = 0.3  # of each slot left empty between bars
GRID_STEP = 15  # minutes between grid lines
MIN_AXIS = 60  # the scale always leaves room above the rule
LEGEND_SWATCH = 18.0  # px of dashed line before the rule's name


# --- geometry (pure) -----------------------------------------------------------------


def axis_max(minutes: Sequence[float]) -> int:
    """The top of the scale: the longest meeting (actual or planned) rounded up to
    a grid step, never below ``MIN_AXIS`` so the rule line sits well inside."""
    longest = max(minutes, default=0.0)
    return max(MIN_AXIS, math.ceil(longest / GRID_STEP) * GRID_STEP)


def y_for(minutes: float, *, top: float, bottom: float, scale_max: float) -> float:
    """The y pixel of ``minutes`` in a plot from ``top`` (scale_max) to ``bottom`` (0)."""
    share = min(max(minutes, 0.0), scale_max) / scale_max
    return bottom - (bottom - top) * share


def visible_count(total: int, plot_width: float) -> int:
    """How many of the most recent meetings get a bar at this width."""
    return max(0, min(total, MAX_BARS, int(plot_width // MIN_PITCH)))


def bar_slots(count: int, *, left: float, width: float) -> list[tuple[float, float]]:
    """(x, width) of each bar, left to right; bars keep a modest width when few."""
    if count <= 0:
        return []
    pitch = min(width / count, MAX_BAR_WIDTH / (1 - GAP_RATIO))
    bar = max(pitch * (1 - GAP_RATIO), 2.0)
    return [(left + i * pitch + (pitch - bar) / 2, bar) for i in range(count)]


def _bar_path(rect: QRectF) -> QPainterPath:
    """A bar with rounded shoulders and a square foot on the baseline."""
    radius = min(3.0, rect.width() / 3, rect.height())
    path = QPainterPath()
    path.moveTo(rect.bottomLeft())
    path.lineTo(rect.left(), rect.top() + radius)
    path.quadTo(rect.topLeft(), QPointF(rect.left() + radius, rect.top()))
    path.lineTo(rect.right() - radius, rect.top())
    path.quadTo(rect.topRight(), QPointF(rect.right(), rect.top() + radius))
    path.lineTo(rect.bottomRight())
    path.closeSubpath()
    return path


# --- the widget ------------------------------------------------------------------------


class MeetingLengthChart(QWidget):
    """Set the meetings (newest first, as ``list_meetings`` gives them) with ``set_meetings``."""

    shown_changed = Signal(int)  # how many bars are drawn (the width or the meetings changed)

    LEGEND_GAP = 6  # between the rule's legend (above the plot) and the tallest bar
    MARGIN_BOTTOM = 22  # room for month labels
    MARGIN_RIGHT = 10

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._meetings: list[MeetingRow] = []  # oldest first
        self._zone: tzinfo | None = None
        self._hover = -1
        self._shown_count = 0
        self.setMouseTracking(True)
        self.setMinimumSize(220, 150)
        # Drawn on Base, like the cards it sits in.
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Meeting lengths")

    def set_meetings(self, newest_first: Sequence[MeetingRow], zone: tzinfo | None = None) -> None:
        self._meetings = list(reversed(newest_first[:MAX_BARS]))
        self._zone = zone
        self._hover = -1
        self.setAccessibleDescription(self._summary())
        self._check_shown()
        self.update()

    def _check_shown(self) -> None:
        count = len(self.shown())
        if count != self._shown_count:
            self._shown_count = count
            self.shown_changed.emit(count)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._check_shown()

    # --- geometry of this widget --------------------------------------------------

    def _plot_rect(self) -> QRectF:
        label_width = self.fontMetrics().horizontalAdvance("000") + 8
        top = self._legend_font_metrics().height() + 2 + self.LEGEND_GAP
        return QRectF(self.rect()).adjusted(
            label_width, top, -self.MARGIN_RIGHT, -self.MARGIN_BOTTOM
        )

    def _legend_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 0.85)
        return font

    def _legend_font_metrics(self) -> QFontMetricsF:
        return QFontMetricsF(self._legend_font())

    def rule_label_rect(self) -> QRectF:
        """Where "45-minute rule" is written: above the plot, which no bar leaves, so
        it never covers one, whatever the lengths."""
        metrics = self._legend_font_metrics()
        text_width = metrics.horizontalAdvance(self._rule_text()) + LEGEND_SWATCH + 6
        rect = QRectF(0, 0, text_width, metrics.height() + 2)
        rect.moveTopRight(QPointF(self.width() - self.MARGIN_RIGHT, 0))
        return rect

    @staticmethod
    def _rule_text() -> str:
        return f"{RULE_MINUTES}-minute rule"

    def shown(self) -> list[MeetingRow]:
        """The meetings that have a bar at the current width, oldest first."""
        count = visible_count(len(self._meetings), self._plot_rect().width())
        return self._meetings[len(self._meetings) - count :]

    def _scale_max(self, shown: Sequence[MeetingRow]) -> int:
        return axis_max([max(m.actual_minutes, m.planned_minutes) for m in shown])

    def rule_y(self) -> float:
        plot = self._plot_rect()
        return y_for(
            RULE_MINUTES,
            top=plot.top(),
            bottom=plot.bottom(),
            scale_max=self._scale_max(self.shown()),
        )

    def bar_rects(self) -> list[QRectF]:
        plot = self._plot_rect()
        shown = self.shown()
        top = self._scale_max(shown)
        rects = []
        for meeting, (x, w) in zip(
            shown, bar_slots(len(shown), left=plot.left(), width=plot.width()), strict=True
        ):
            y = y_for(meeting.actual_minutes, top=plot.top(), bottom=plot.bottom(), scale_max=top)
            rects.append(QRectF(x, y, w, max(plot.bottom() - y, 1.0)))
        return rects

    def bar_at(self, pos: QPointF) -> int:
        """The index (into ``shown()``) of the bar's column under ``pos``, or -1."""
        plot = self._plot_rect()
        if not plot.contains(pos):
            return -1
        for i, rect in enumerate(self.bar_rects()):
            if rect.left() - 2 <= pos.x() <= rect.right() + 2:
                return i
        return -1

    # --- painting -------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:  # an active painter left behind by an exception takes the process down
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        plot = self._plot_rect()
        shown = self.shown()
        top = self._scale_max(shown)
        self._paint_grid(painter, palette, plot, top)
        if shown:
            self._paint_bars(painter, palette, plot, shown, top)
            self._paint_months(painter, palette, plot, shown)
        self._paint_rule(painter, palette, plot, top)
        if not shown:
            painter.setPen(muted_color(palette, on_base=True))
            painter.drawText(
                plot,
                Qt.AlignmentFlag.AlignCenter,
                "Meeting lengths appear here once a meeting ends.",
            )

    def _paint_grid(self, painter: QPainter, palette: QPalette, plot: QRectF, top: int) -> None:
        grid = QColor(palette.color(QPalette.ColorRole.Text))
        grid.setAlphaF(0.09)
        label = muted_color(palette, on_base=True)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 0.85)
        painter.setFont(font)
        for minutes in range(0, top + 1, GRID_STEP):
            y = y_for(minutes, top=plot.top(), bottom=plot.bottom(), scale_max=top)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            if minutes and minutes != RULE_MINUTES:
                painter.setPen(label)
                box = QRectF(0, y - 8, plot.left() - 6, 16)
                painter.drawText(
                    box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(minutes)
                )

    def _paint_bars(
        self, painter: QPainter, palette: QPalette, plot: QRectF, shown: list[MeetingRow], top: int
    ) -> None:
        accent = palette.color(QPalette.ColorRole.Highlight)
        warning = error_color(palette)
        tick = QColor(palette.color(QPalette.ColorRole.Text))
        tick.setAlphaF(0.6)
        for i, (meeting, rect) in enumerate(zip(shown, self.bar_rects(), strict=True)):
            colour = QColor(warning if meeting.actual_minutes > RULE_MINUTES else accent)
            if i == self._hover:
                colour = (
                    colour.lighter(125)
                    if palette.color(QPalette.ColorRole.Window).lightness() < 128
                    else colour.darker(115)
                )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawPath(_bar_path(rect))
            planned_y = y_for(
                meeting.planned_minutes, top=plot.top(), bottom=plot.bottom(), scale_max=top
            )
            pen = QPen(tick, 2)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            painter.drawLine(
                QPointF(rect.left() - 2, planned_y), QPointF(rect.right() + 2, planned_y)
            )

    def _paint_rule(self, painter: QPainter, palette: QPalette, plot: QRectF, top: int) -> None:
        y = y_for(RULE_MINUTES, top=plot.top(), bottom=plot.bottom(), scale_max=top)
        colour = error_color(palette)
        pen = QPen(colour, 1.3, Qt.PenStyle.DashLine)
        pen.setDashPattern([5, 4])
        painter.setPen(pen)
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(colour)
        box = QRectF(0, y - 8, plot.left() - 6, 16)
        painter.drawText(
            box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(RULE_MINUTES)
        )
        # The legend: a dashed sample and its name, above the plot (never on a bar).
        legend = self.rule_label_rect()
        middle = legend.center().y()
        painter.setPen(pen)
        painter.drawLine(
            QPointF(legend.left(), middle), QPointF(legend.left() + LEGEND_SWATCH, middle)
        )
        painter.setFont(self._legend_font())
        painter.setPen(colour)
        painter.drawText(
            legend.adjusted(LEGEND_SWATCH + 6, 0, 0, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self._rule_text(),
        )

    def _paint_months(
        self, painter: QPainter, palette: QPalette, plot: QRectF, shown: list[MeetingRow]
    ) -> None:
        """A month name under the first bar of each month, where it does not crowd the last."""
        painter.setPen(muted_color(palette, on_base=True))
        metrics = painter.fontMetrics()
        free_from = plot.left() - 100.0
        previous = None
        for meeting, rect in zip(shown, self.bar_rects(), strict=True):
            local = meeting.started_at.astimezone(self._zone)
            month = (local.year, local.month)
            if month == previous:
                continue
            previous = month
            text = f"{local:%b}" if local.month != 1 and len(shown) > 1 else f"{local:%b %Y}"
            x = rect.left()
            if x < free_from:
                continue
            width = metrics.horizontalAdvance(text)
            if x + width > self.width():
                continue
            painter.drawText(QPointF(x, plot.bottom() + metrics.ascent() + 4), text)
            free_from = x + width + 10

    # --- interaction ----------------------------------------------------------------------

    def tooltip_for(self, meeting: MeetingRow) -> str:
        local = meeting.started_at.astimezone(self._zone)
        actual = meeting.actual_whole_minutes
        lines = [
            meeting.title,
            f"{local_date(local)}, {local:%H:%M}",
            f"{actual} min of {meeting.planned_minutes} planned",
        ]
        if meeting.overran:
            lines[-1] += f" (over by {meeting.over_plan_minutes})"
        if not meeting.under_rule:
            lines.append(f"Longer than the {RULE_MINUTES}-minute rule")
        return "\n".join(lines)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self.bar_at(event.position())
        if index != self._hover:
            self._hover = index
            # The widget's own tooltip, changed per bar: no event() override needed.
            self.setToolTip(self.tooltip_for(self.shown()[index]) if index >= 0 else "")
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._hover != -1:
            self._hover = -1
            self.setToolTip("")
            self.update()
        super().leaveEvent(event)

    def _summary(self) -> str:
        if not self._meetings:
            return "No meetings yet."
        over = sum(not m.under_rule for m in self._meetings)
        return f"{len(self._meetings)} most recent meetings; {over} longer than {RULE_MINUTES} minutes."
