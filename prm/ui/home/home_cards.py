"""One of Home's lists on screen: a quiet card with a title and its total, up to five
rows, and a link to the whole list. Every row is a button: Tab reaches it, Enter or
Space (or a click) opens what it names."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionFocusRect,
    QVBoxLayout,
    QWidget,
)

from prm.ui.common.palette import attention_color, blend, muted_color
from prm.ui.home.home_texts import Card, Line, Target


class LineButton(QAbstractButton):
    """A row: the name, then the detail in its attention colour, elided to the width."""

    def __init__(self, line: Line, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = line
        self.setText(line.spoken)
        self.setAccessibleName(line.spoken)
        self.setToolTip(line.spoken)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.name_width = 0  # the card's name column (the details line up after it)

    def sizeHint(self) -> QSize:
        height = self.fontMetrics().height()
        return QSize(200, height + max(8, height // 2))

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):  # walk the rows as a list
            self.focusNextPrevChild(event.key() == Qt.Key.Key_Down)
            return
        super().keyPressEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        rect = self.rect()
        if self.underMouse() or self.hasFocus():
            ground = blend(palette.color(QPalette.ColorRole.Base),
                           palette.color(QPalette.ColorRole.Highlight), 0.12)  # fmt: skip
            painter.fillRect(rect, ground)
        inner = rect.adjusted(8, 0, -8, 0)
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        name_metrics = QFontMetrics(bold)
        wanted = self.name_width or name_metrics.horizontalAdvance(self.line.name)
        name_width = min(wanted, int(inner.width() * 0.4))
        name = name_metrics.elidedText(self.line.name, Qt.TextElideMode.ElideRight, name_width)
        painter.setFont(bold)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        painter.drawText(QRect(inner.left(), inner.top(), name_width, inner.height()), align, name)
        gap = self.fontMetrics().horizontalAdvance("  ")
        rest = QRect(inner.left() + name_width + gap, inner.top(),
                     inner.width() - name_width - gap, inner.height())  # fmt: skip
        colour = attention_color(self.line.level, palette) or muted_color(palette, on_base=True)
        painter.setFont(self.font())
        painter.setPen(colour)
        detail = self.fontMetrics().elidedText(
            self.line.detail, Qt.TextElideMode.ElideRight, rest.width()
        )
        painter.drawText(rest, align, detail)
        if self.hasFocus():
            option = QStyleOptionFocusRect()
            option.initFrom(self)
            option.rect = rect.adjusted(1, 1, -1, -1)
            self.style().drawPrimitive(
                QStyle.PrimitiveElement.PE_FrameFocusRect, option, painter, self
            )
        painter.end()


class CardView(QFrame):
    """One list; ``activated`` carries the target of the row or link chosen."""

    activated = Signal(object)  # a home_texts.Target

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("home-card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setWeight(QFont.Weight.DemiBold)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title.setFont(font)
        self.extra = QLabel()
        self.extra.setWordWrap(True)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.more = QPushButton()
        self.more.setFlat(True)
        self.more.setCursor(Qt.CursorShape.PointingHandCursor)
        self.more.clicked.connect(self._more)
        self._more_target: Target | None = None
        self.rows: list[LineButton] = []
        self._rows = QVBoxLayout()
        self._rows.setSpacing(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.extra)
        layout.addLayout(self._rows)
        layout.addWidget(self.empty)
        layout.addStretch(1)
        layout.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)
        self.retint()

    def retint(self) -> None:
        muted = muted_color(self.palette(), on_base=True).name()
        self.extra.setStyleSheet(f"color: {muted};")
        self.empty.setStyleSheet(f"color: {muted};")

    def show_card(self, card: Card) -> None:
        self.card = card
        self.title.setText(f"{card.title}  ·  {card.total:,}" if card.total else card.title)
        self.setAccessibleName(card.title)
        self.extra.setText(" ".join(card.extra))
        self.extra.setVisible(bool(card.extra))
        for row in self.rows:
            row.deleteLater()
        self.rows = []
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        names = QFontMetrics(bold)
        # A little slack: the row's painter measures the same text a hair wider at times.
        width = max((names.horizontalAdvance(line.name) for line in card.lines), default=0) + 4
        for line in card.lines:
            row = LineButton(line, self)
            row.name_width = width
            row.clicked.connect(lambda _=False, t=line.target: self.activated.emit(t))
            self._rows.addWidget(row)
            self.rows.append(row)
        self.empty.setText(card.empty)
        self.empty.setVisible(not card.lines)
        self._more_target = card.more
        self.more.setText(f"{card.more_text} →" if card.more_text else "")
        self.more.setAccessibleName(card.more_text)
        self.more.setVisible(card.more is not None and bool(card.lines))

    def _more(self) -> None:
        if self._more_target is not None:
            self.activated.emit(self._more_target)
