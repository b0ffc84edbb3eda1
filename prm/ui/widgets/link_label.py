"""A label whose links follow the theme.

Qt colours a rich-text label's links from the palette when the text is set, so a
theme switch left them in the old theme's link colour (dark blue on the dark theme).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel


class LinkLabel(QLabel):
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.text():
            text = self.text()
            self.setText("")  # the same text again would be ignored
            self.setText(text)
