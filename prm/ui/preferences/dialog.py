"""The Preferences dialog: pages listed on the left; OK checks every page, saves the
store's part (cadence tiers) on the worker, then the rest, and every screen follows;
Cancel changes nothing."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from prm.ui.preferences.page import PageError, PrefsPage
from prm.ui.preferences.prefs import Prefs, load_prefs, save_prefs


class PreferencesDialog(QDialog):
    applied = Signal(object, object)  # the preferences before, after (saved)

    def __init__(
        self, settings: QSettings, pages: list[PrefsPage], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.settings = settings
        self.before = load_prefs(settings)
        self.pages = pages
        self._saving = False
        self.list = QListWidget(self)
        self.list.setAccessibleName("Preference pages")
        self.stack = QStackedWidget(self)
        for page in pages:
            self.list.addItem(page.title)
            page.load(self.before)
            page.setContentsMargins(16, 8, 16, 8)
            if page.scrolls:  # a small screen or a large font still reaches it all
                scroll = QScrollArea(self)
                scroll.setWidgetResizable(True)
                scroll.setFrameShape(QScrollArea.Shape.NoFrame)
                scroll.setWidget(page)
            self.stack.addWidget(scroll if page.scrolls else page)
        self.list.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.list.setSpacing(2)
        self.list.setFixedWidth(self.list.sizeHintForColumn(0) + 4 * self.list.spacing() + 24)
        self.list.setCurrentRow(0)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addWidget(self.list)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self.resize(780, 620)

    def page(self, cls: type) -> PrefsPage:
        return next(p for p in self.pages if isinstance(p, cls))

    def show_page(self, page: PrefsPage) -> None:
        self.list.setCurrentRow(self.pages.index(page))

    def chosen(self) -> Prefs:
        """Every page's values, or PageError (the page is shown, the field marked)."""
        prefs = self.before
        for page in self.pages:
            page.clear_error()
            try:
                prefs = page.read(prefs)
            except PageError as error:
                self.show_page(page)
                page.show_error(error)
                raise
        return prefs

    def accept(self) -> None:
        if self._saving:
            return
        try:
            after = self.chosen()
        except PageError:
            return
        self._saving = True
        self.ok_button.setEnabled(False)
        self._save_store(list(self.pages), after)

    def _save_store(self, pending: list[PrefsPage], after: Prefs) -> None:
        """Each page's store work in turn; a refusal stops here (nothing else applied)."""
        if not pending:
            self._finish(after)
            return
        page = pending[0]

        def failed() -> None:
            self._saving = False
            self.ok_button.setEnabled(True)
            self.show_page(page)

        page.save_store(lambda: self._save_store(pending[1:], after), failed)

    def _finish(self, after: Prefs) -> None:
        save_prefs(self.settings, after)
        self._saving = False
        self.applied.emit(self.before, after)
        super().accept()
