"""A segmented control: checkable buttons side by side, exactly one checked.

The checked segment is filled with the highlight colour and its text drawn in
the highlighted-text colour, so it reads at a glance in light and dark alike
(Fusion only darkens a checked button a little, which vanishes on a dark theme).
The colours are written into the style sheet from the current palette and
rewritten whenever the palette changes (a theme switch).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QWidget

from prm.ui.common.palette import blend

_RADIUS = 6


def segment_style(palette: QPalette) -> str:
    role = QPalette.ColorRole
    base = palette.color(role.Button).name()
    text = palette.color(role.ButtonText).name()
    border = blend(palette.color(role.ButtonText), palette.color(role.Button), 0.7).name()
    hover = blend(palette.color(role.Button), palette.color(role.Highlight), 0.2).name()
    on = palette.color(role.Highlight).name()
    on_text = palette.color(role.HighlightedText).name()
    r = f"{_RADIUS}px"
    return (
        f"QPushButton {{ background: {base}; color: {text}; border: 1px solid {border};"
        " border-radius: 0; padding: 4px 14px; margin: 0; }"
        f"QPushButton:hover {{ background: {hover}; }}"
        f"QPushButton:checked {{ background: {on}; color: {on_text}; border-color: {on}; }}"
        f"QPushButton:focus {{ border-color: {on}; }}"
        f"QPushButton[edge='first'] {{ border-top-left-radius: {r}; border-bottom-left-radius: {r}; }}"
        f"QPushButton[edge='last'] {{ border-top-right-radius: {r}; border-bottom-right-radius: {r}; }}"
        f"QPushButton[edge='only'] {{ border-radius: {r}; }}"
    )


class Segmented(QWidget):
    """Buttons added with ``add(text, id)``; ``group`` is their exclusive QButtonGroup."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(0)
        self._restyle()

    def add(self, text: str, button_id: int = -1, *, tooltip: str = "") -> QPushButton:
        button = QPushButton(text, self)
        button.setCheckable(True)
        button.setAutoDefault(False)
        if tooltip:
            button.setToolTip(tooltip)
        self.group.addButton(button, button_id)
        self._row.addWidget(button)
        buttons = self.group.buttons()
        for i, b in enumerate(buttons):
            edge = "only" if len(buttons) == 1 else "first" if i == 0 else ""
            b.setProperty("edge", "last" if i == len(buttons) - 1 and i else edge)
        self._restyle()
        if len(buttons) == 1:
            button.setChecked(True)
        return button

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._restyle()
        super().changeEvent(event)

    def _restyle(self) -> None:
        style = segment_style(QGuiApplication.palette())
        if self.styleSheet() != style:
            self.setStyleSheet(style)
