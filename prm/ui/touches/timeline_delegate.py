"""Paints one timeline entry in two lines, straight from the ``TimelineEntry``.

    Sat 14 Mar 2026   → [Call]  Quarterly review of the roadmap     [Needs reply]  25 min
    09:30                       with Bob, Cy · Follow up Fri 20 Mar · first line of the notes

Every row has the same height (the view can use uniform sizes), nothing is
laid out with widgets, and colours come from the palette so both themes read.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, tzinfo

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from prm.core.timeline_entry import TimelineEntry
from prm.core.vocab import TOUCH_CHANNELS
from prm.ui.common.palette import error_color, is_dark, muted_color
from prm.ui.touches.timeline_model import ARROWS, TimelineModel, pill_key, status_text

Index = QModelIndex | QPersistentModelIndex

PAD_X, PAD_Y, LINE_GAP, GAP = 12, 8, 4, 8
_CHANNEL_ORDER = list(TOUCH_CHANNELS)
BADGE_RED = "#c62828"  # white text on it reads on light and dark rows alike


def channel_colour(channel: str, palette: QPalette) -> QColor:
    """A soft, stable tint per channel, light on light themes and deep on dark ones."""
    index = _CHANNEL_ORDER.index(channel) if channel in _CHANNEL_ORDER else 0
    hue = (index * 137) % 360  # golden-angle steps keep neighbours apart
    return QColor.fromHsl(hue, 90, 62) if is_dark(palette) else QColor.fromHsl(hue, 140, 228)


def direction_colour(direction: str, palette: QPalette) -> QColor:
    """Out (I reached them) in blue, in (they reached me) in green, readable on both themes."""
    dark = is_dark(palette)
    if direction == "in":
        return QColor("#5fc27a" if dark else "#2e7d32")
    return QColor("#74b4ff" if dark else "#1f5fa8")


class TimelineDelegate(QStyledItemDelegate):
    def __init__(
        self, today: Callable[[], date], zone: tzinfo, parent: QObject | None = None
    ) -> None:
        """``today()`` gives the user's current date (an overdue follow-up turns red)."""
        super().__init__(parent)
        self._today = today
        self.zone = zone

    def _fonts(self, base: QFont) -> tuple[QFont, QFont, QFont]:
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.9)
        bold = QFont(base)
        bold.setWeight(QFont.Weight.DemiBold)
        return base, small, bold

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        base, small, _bold = self._fonts(option.font)
        lines = QFontMetrics(base).height() + LINE_GAP + QFontMetrics(small).height()
        height = PAD_Y * 2 + lines + 4
        return QSize(240, height)  # the view gives rows its full width; text elides

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        entry: TimelineEntry | None = index.data(TimelineModel.EntryRole)
        if entry is None:
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, opt.widget
            )
        painter.save()
        try:
            self._paint_entry(painter, opt, entry)
        finally:
            painter.restore()

    def _paint_entry(
        self, painter: QPainter, opt: QStyleOptionViewItem, entry: TimelineEntry
    ) -> None:
        palette = opt.palette
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text = palette.color(role)
        muted = (
            _mix(text, palette.color(QPalette.ColorRole.Highlight), 0.3)
            if selected
            else muted_color(palette, on_base=True)
        )
        alert = text if selected else error_color(palette)
        base, small, bold = self._fonts(opt.font)
        fm, fm_small = QFontMetrics(base), QFontMetrics(small)
        rect = opt.rect
        left, right = rect.left() + PAD_X, rect.right() - PAD_X
        top1 = rect.top() + PAD_Y
        top2 = top1 + fm.height() + LINE_GAP
        local = entry.at.astimezone(self.zone)

        # Column 1: date over time.
        date_width = fm.horizontalAdvance("Wed 30 Sep 2026") + 14
        painter.setFont(base)
        painter.setPen(text)
        painter.drawText(
            QRect(left, top1, date_width, fm.height()), _vcenter(), f"{local:%a %d %b %Y}"
        )
        painter.setFont(small)
        painter.setPen(muted)
        painter.drawText(
            QRect(left, top2, date_width, fm_small.height()), _vcenter(), f"{local:%H:%M}"
        )

        # Line 1, right to left: duration, reply badge; then arrow, channel pill, summary.
        x_right = right
        painter.setFont(small)
        if entry.duration_minutes:
            label = f"{entry.duration_minutes} min"
            width = fm_small.horizontalAdvance(label)
            painter.setPen(muted)
            painter.drawText(QRect(x_right - width, top1, width, fm.height()), _vcenter(), label)
            x_right -= width + GAP * 2
        if entry.needs_reply and entry.replied_at is None:
            x_right = self._pill(
                painter,
                "Needs reply",
                x_right,
                top1,
                fm.height(),
                small,
                fill=QColor(BADGE_RED),
                fg=QColor("#ffffff"),
                align_right=True,
            )
            x_right -= GAP
        x = left + date_width
        arrow_font = QFont(bold)
        arrow_font.setPointSizeF(base.pointSizeF() * 1.3)
        painter.setFont(arrow_font)
        painter.setPen(text if selected else direction_colour(entry.direction, palette))
        arrow = ARROWS.get(entry.direction, "·")
        arrow_width = QFontMetrics(arrow_font).horizontalAdvance("→") + 8
        painter.drawText(QRect(x, top1, arrow_width, fm.height()), _vcenter(), arrow)
        x += arrow_width
        key = pill_key(entry)
        x = GAP + self._pill(
            painter,
            TOUCH_CHANNELS.get(key, key),
            x,
            top1,
            fm.height(),
            small,
            fill=channel_colour(key, palette),
            fg=palette.color(QPalette.ColorRole.Text),
        )
        if status_text(entry):
            x = GAP + self._pill(
                painter,
                status_text(entry),
                x,
                top1,
                fm.height(),
                small,
                fill=palette.color(QPalette.ColorRole.AlternateBase),
                fg=palette.color(QPalette.ColorRole.Text),
            )
        detail_left = left + date_width + arrow_width
        painter.setFont(base)
        summary = entry.summary or _first_line(entry.notes) or "No summary"
        painter.setPen(text if entry.summary else muted)
        width = max(0, x_right - x)
        painter.drawText(
            QRect(x, top1, width, fm.height()),
            _vcenter(),
            fm.elidedText(summary, Qt.TextElideMode.ElideRight, width),
        )

        # Line 2: with whom, the follow-up, the notes.
        segments: list[tuple[str, QColor]] = []
        if entry.with_names:
            segments.append(("with " + ", ".join(entry.with_names), muted))
        if entry.follow_up_on is not None:
            segments.append(self._follow_up(entry.follow_up_on, entry.follow_up_done, muted, alert))
        if entry.summary and entry.notes:
            segments.append((_first_line(entry.notes), muted))
        self._segments(painter, segments, detail_left, top2, right - detail_left, small, muted)

        # A hairline between entries.
        if not selected:
            painter.setPen(_mix(palette.color(QPalette.ColorRole.Base), text, 0.1))
            painter.drawLine(left, rect.bottom(), right, rect.bottom())

    def _follow_up(
        self, when: date, done: bool, muted: QColor, alert: QColor
    ) -> tuple[str, QColor]:
        label = f"Follow up {when:%a %d %b}"
        if when.year != self._today().year:
            label += f" {when:%Y}"
        if done:
            return f"✓ {label}", muted
        return label, alert if when < self._today() else muted

    @staticmethod
    def _segments(
        painter: QPainter,
        segments: list[tuple[str, QColor]],
        x: int,
        top: int,
        width: int,
        font: QFont,
        muted: QColor,
    ) -> None:
        fm = QFontMetrics(font)
        painter.setFont(font)
        end = x + width
        separator = "  ·  "
        for i, (label, colour) in enumerate(segments):
            if i:
                painter.setPen(muted)
                sep_width = fm.horizontalAdvance(separator)
                if x + sep_width >= end:
                    return
                painter.drawText(QRect(x, top, sep_width, fm.height()), _vcenter(), separator)
                x += sep_width
            room = end - x
            if room <= fm.horizontalAdvance("…") * 2:
                return
            shown = fm.elidedText(label, Qt.TextElideMode.ElideRight, room)
            painter.setPen(colour)
            painter.drawText(QRect(x, top, room, fm.height()), _vcenter(), shown)
            x += fm.horizontalAdvance(shown)

    @staticmethod
    def _pill(
        painter: QPainter,
        label: str,
        x: int,
        top: int,
        line_height: int,
        font: QFont,
        *,
        fill: QColor,
        fg: QColor,
        align_right: bool = False,
    ) -> int:
        """Draw a rounded label; returns the x after it (or before it, right-aligned)."""
        fm = QFontMetrics(font)
        width = fm.horizontalAdvance(label) + 14
        height = fm.height() + 2
        left = x - width if align_right else x
        box = QRect(left, top + (line_height - height) // 2, width, height)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(box, height / 2, height / 2)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setFont(font)
        painter.setPen(fg)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        return left if align_right else left + width


def _vcenter() -> Qt.AlignmentFlag:
    return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def _mix(a: QColor, b: QColor, amount: float) -> QColor:
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )
