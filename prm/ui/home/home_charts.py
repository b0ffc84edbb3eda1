"""Home's charts, drawn with QPainter in the house style of the meeting-length chart:
colours from the palette at paint time (light and dark alike), sizes from the font
(the system's), a title, and an accessible description that says the numbers.

Two shapes serve the four charts: columns over time (touches per week) and
labelled horizontal bars (tiers on track, meetings within 45 minutes, channels).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from prm.ui.common.palette import blend, muted_color

BAR_ROWS_MAX = 6  # horizontal bars shown; the rest are summed into "Other"


def accent(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorRole.Highlight)


class Chart(QWidget):
    """A titled panel; subclasses draw into ``plot`` (below the title)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.empty_text = "Nothing yet."
        self.setAccessibleName(title)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # screen readers reach it by Tab

    def line_height(self) -> float:
        return QFontMetricsF(self.font()).height()

    def sizeHint(self) -> QSize:
        return QSize(360, int(self.line_height() * 11))

    def minimumSizeHint(self) -> QSize:
        return QSize(220, int(self.line_height() * 8))

    def is_empty(self) -> bool:
        return False

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        line = self.line_height()
        title_font = QFont(self.font())
        title_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(title_font)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        box = QRectF(self.rect()).adjusted(4, 2, -4, -4)
        painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, self.title)
        painter.setFont(self.font())
        plot = box.adjusted(0, line * 1.6, 0, 0)
        if self.is_empty():
            painter.setPen(muted_color(palette))
            painter.drawText(plot, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                             self.empty_text)  # fmt: skip
        else:
            self.draw(painter, plot, palette)
        if self.hasFocus():
            painter.setPen(accent(palette))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
        painter.end()

    def draw(self, painter: QPainter, plot: QRectF, palette: QPalette) -> None:
        raise NotImplementedError


class WeekColumns(Chart):
    """Touches per week: one column a week, this week last (drawn lighter: not over)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.weeks: list[tuple[date, int]] = []

    def set_weeks(self, weeks: Sequence[tuple[date, int]]) -> None:
        self.weeks = list(weeks)
        if self.weeks:
            counts = [n for _d, n in self.weeks]
            last = self.weeks[-1]
            done = counts[:-1] or counts
            self.setAccessibleDescription(
                f"{len(self.weeks)} weeks from {_day(self.weeks[0][0])}: on average "
                f"{sum(done) / len(done):,.0f} touches a week, most {max(counts):,}, "
                f"this week so far {last[1]:,}."
            )
        self.update()

    def is_empty(self) -> bool:
        return not any(n for _d, n in self.weeks)

    def draw(self, painter: QPainter, plot: QRectF, palette: QPalette) -> None:
        metrics = QFontMetricsF(self.font())
        top = max(n for _d, n in self.weeks)
        scale_text = f"{top:,}"
        label_h = metrics.height()
        area = plot.adjusted(
            metrics.horizontalAdvance(scale_text) + 6, label_h * 0.5, 0, -label_h * 1.3
        )
        muted = muted_color(palette)
        painter.setPen(blend(muted, palette.color(QPalette.ColorRole.Window), 0.5))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.drawLine(area.topLeft(), area.topRight())
        painter.setPen(muted)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for value, y in ((top, area.top()), (0, area.bottom())):
            painter.drawText(QRectF(plot.left(), y - label_h / 2, area.left() - plot.left() - 6, label_h),
                             right, f"{value:,}")  # fmt: skip
        pitch = area.width() / len(self.weeks)
        width = max(2.0, min(pitch * 0.7, 22.0))
        colour = accent(palette)
        painter.setPen(Qt.PenStyle.NoPen)
        for i, (_start, n) in enumerate(self.weeks):
            height = area.height() * n / top if top else 0
            x = area.left() + i * pitch + (pitch - width) / 2
            last = i == len(self.weeks) - 1
            painter.setBrush(
                blend(colour, palette.color(QPalette.ColorRole.Window), 0.55) if last else colour
            )
            painter.drawRoundedRect(QRectF(x, area.bottom() - height, width, height), 1.5, 1.5)
        painter.setPen(muted)
        shown_month = None
        for i, (start, _n) in enumerate(self.weeks):
            if start.month != shown_month and start.day <= 7:
                shown_month = start.month
                x = area.left() + i * pitch
                painter.drawText(QRectF(x, area.bottom() + 2, pitch * 4, label_h),
                                 Qt.AlignmentFlag.AlignLeft, f"{start:%b}")  # fmt: skip


@dataclass(frozen=True)
class Bar:
    label: str
    share: float  # 0..1: the bar's length
    text: str  # said at the bar's end ("86% of 8,429")


class ShareBars(Chart):
    """Labelled horizontal bars, each a share of its whole."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.bars: list[Bar] = []

    def set_bars(self, bars: Sequence[Bar], description: str = "") -> None:
        self.bars = list(bars)
        self.setAccessibleDescription(
            description or "; ".join(f"{b.label}: {b.text}" for b in self.bars)
        )
        self.update()

    def is_empty(self) -> bool:
        return not self.bars

    def draw(self, painter: QPainter, plot: QRectF, palette: QPalette) -> None:
        metrics = QFontMetricsF(self.font())
        line = metrics.height()
        label_w = min(
            max(metrics.horizontalAdvance(b.label) for b in self.bars) + 10, plot.width() * 0.38
        )
        text_w = min(
            max(metrics.horizontalAdvance(b.text) for b in self.bars) + 10, plot.width() * 0.3
        )
        pitch = min(line * 1.9, plot.height() / max(len(self.bars), 1))
        track = blend(
            palette.color(QPalette.ColorRole.Window),
            palette.color(QPalette.ColorRole.WindowText),
            0.1,
        )
        colour, muted = accent(palette), muted_color(palette)
        left_mid = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        for i, bar in enumerate(self.bars):
            y = plot.top() + i * pitch
            row = QRectF(plot.left(), y, plot.width(), pitch)
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_w - 10)
            painter.drawText(QRectF(row.left(), y, label_w, pitch), left_mid, label)
            bar_box = QRectF(
                row.left() + label_w, y + pitch * 0.3, row.width() - label_w - text_w, pitch * 0.4
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(track)
            painter.drawRoundedRect(bar_box, bar_box.height() / 2, bar_box.height() / 2)
            filled = QRectF(bar_box.left(), bar_box.top(), bar_box.width() * max(0.0, min(bar.share, 1.0)),
                            bar_box.height())  # fmt: skip
            painter.setBrush(colour)
            painter.drawRoundedRect(filled, bar_box.height() / 2, bar_box.height() / 2)
            painter.setPen(muted)
            painter.drawText(QRectF(bar_box.right() + 8, y, text_w, pitch), left_mid, bar.text)


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"
