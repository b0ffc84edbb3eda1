"""What every Preferences page is: a titled column that reads its part of the preferences
in, hands it back changed (or says what is wrong), and may have store work to save."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from prm.ui.preferences.prefs import Prefs
from prm.ui.widgets.field_errors import ErrorLabel, mark_invalid
from prm.ui.widgets.form_fields import HintLabel


class PageError(ValueError):
    """A value the page cannot take: the message, and the field to show it by."""

    def __init__(self, message: str, field: QWidget | None = None) -> None:
        super().__init__(message)
        self.message, self.field = message, field


def form() -> QFormLayout:
    """A form whose fields keep their natural width (a spin box is not a text line)."""
    layout = QFormLayout()
    layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
    layout.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
    return layout


class PrefsPage(QWidget):
    title = ""
    intro = ""
    scrolls = True  # in a scroll area; False for a page that scrolls its own long list

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(8)
        title = QLabel(self.title, self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)  # relative: follows the system font
        font.setBold(True)
        title.setFont(font)
        self.column.addWidget(title)
        if self.intro:
            self.column.addWidget(HintLabel(self.intro, self))
        self.error = ErrorLabel(self)
        self._marked: QWidget | None = None

    def finish(self) -> None:
        """After the subclass added its rows: the error line, then the rest of the height."""
        self.column.addWidget(self.error)
        self.column.addStretch(1)

    # --- what the dialog asks ---------------------------------------------------------

    def load(self, prefs: Prefs) -> None:
        """Show ``prefs``."""

    def read(self, prefs: Prefs) -> Prefs:
        """``prefs`` with this page's values; PageError when one cannot be taken."""
        return prefs

    def save_store(self, done: Callable[[], None], failed: Callable[[], None]) -> None:
        """Write what lives in the store (on the worker); ``done`` or ``failed`` after."""
        done()

    def show_error(self, error: PageError) -> None:
        self.clear_error()
        self.error.show_message(error.message)
        if error.field is not None:
            mark_invalid(error.field, True)
            error.field.setFocus()
            self._marked = error.field

    def clear_error(self) -> None:
        self.error.clear_message()
        if self._marked is not None:
            mark_invalid(self._marked, False)
            self._marked = None
