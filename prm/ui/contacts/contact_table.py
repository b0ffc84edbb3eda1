"""The table the contact and trash lists share: rows of contacts, keyboard first."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from prm.ui.contacts.contact_table_model import ContactTableModel
from prm.ui.widgets.list_table import style_list_table

# Relative widths of Name, Organization, Title, Email, Phone until the user drags one;
# Last touch is as wide as the longest date.
_COLUMN_SHARES = (30, 18, 12, 22, 16)
_LONGEST_DATE = "30 Sep 2026"
DEFAULT_HIDDEN = ("Title", "Phone")  # by header text; the user shows them from the header menu


class ContactTable(QTableView):
    # Printable keys typed while the list has focus: they belong in the search box.
    type_ahead = Signal(str)
    columns_changed = Signal()  # the user showed or hid a column (header menu)

    def __init__(
        self,
        model: ContactTableModel,
        parent: QWidget | None = None,
        *,
        sortable: bool = False,
        column_menu: bool = False,
    ) -> None:
        """``column_menu``: right-clicking the header shows or hides columns (and
        Title and Phone start hidden: six columns do not fit beside the card)."""
        super().__init__(parent)
        self.setModel(model)
        style_list_table(self, QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.horizontalHeader()
        # Clicking a header asks the model, which has the store sort the ids (see
        # ContactTableModel.sort); otherwise the order is the store's own.
        header.setSortIndicator(ContactTableModel.NAME, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(sortable)
        self.setSortingEnabled(sortable)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(ContactTableModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionsMovable(True)
        self._row_actions: list[QAction | None] = []
        self.row_menu: QMenu | None = None  # the last context menu shown, for tests
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._show_row_menu)
        # Columns share the width by _COLUMN_SHARES until the user drags one;
        # from then on their widths are theirs (and saved with the window).
        self._user_sized = False
        self._sizing = False
        header.sectionResized.connect(self._section_resized)
        self.column_menu: QMenu | None = None  # the last header menu shown, for tests
        if column_menu:
            self.set_hidden_columns(DEFAULT_HIDDEN)
            header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            header.customContextMenuRequested.connect(self._show_column_menu)

    def contact_model(self) -> ContactTableModel:
        model = self.model()
        assert isinstance(model, ContactTableModel)
        return model

    def current_id(self) -> int | None:
        index = self.currentIndex()
        if not index.isValid() or not self.selectionModel().isRowSelected(index.row()):
            return None
        return self.contact_model().id_at(index.row())

    def selected_ids(self) -> list[int]:
        model = self.contact_model()
        rows = sorted(index.row() for index in self.selectionModel().selectedRows())
        return [model.id_at(row) for row in rows]

    def select_id(self, contact_id: int) -> bool:
        row = self.contact_model().row_for_id(contact_id)
        if row < 0:
            return False
        self.select_row(row)
        return True

    def select_row(self, row: int) -> None:
        index = self.model().index(row, 0)
        self.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def set_row_actions(self, actions: list[QAction | None]) -> None:
        """What right-clicking a row offers (None: a separator). The actions work on
        the selection, so the clicked row is selected first."""
        self._row_actions = list(actions)

    def _show_row_menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if not index.isValid() or not self._row_actions:
            return
        if self.selectionModel().isRowSelected(index.row()):
            # Inside a multiple selection: it stays (Delete, Export act on all of
            # it); the clicked row becomes the current one (Edit, Log touch...).
            self.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        else:
            self.select_row(index.row())
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for action in self._row_actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        self.row_menu = menu
        menu.popup(self.viewport().mapToGlobal(pos))

    # --- which columns show ---------------------------------------------------------

    def hidden_columns(self) -> list[str]:
        """Header texts of the hidden columns (what the settings keep)."""
        headers = ContactTableModel.HEADERS
        return [name for c, name in enumerate(headers) if self.isColumnHidden(c)]

    def set_hidden_columns(self, names: list[str] | tuple[str, ...]) -> None:
        for column, name in enumerate(ContactTableModel.HEADERS):
            self.setColumnHidden(column, column != ContactTableModel.NAME and name in names)
        if not self._user_sized:
            self._share_widths()

    def _show_column_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for column, name in enumerate(ContactTableModel.HEADERS):
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(column))
            action.setEnabled(column != ContactTableModel.NAME)  # a row needs its name
            action.toggled.connect(lambda on, c=column: self._toggle_column(c, on))
        self.column_menu = menu
        menu.popup(self.horizontalHeader().mapToGlobal(pos))

    def _toggle_column(self, column: int, shown: bool) -> None:
        self.setColumnHidden(column, not shown)
        if shown and self.columnWidth(column) < 30:
            self.setColumnWidth(column, 100)
        if not self._user_sized:
            self._share_widths()
        self.columns_changed.emit()

    def widths_restored(self) -> None:
        """The user's own column widths came back from the settings: keep them."""
        self._user_sized = True

    def user_sized_columns(self) -> bool:
        return self._user_sized

    def keyboardSearch(self, search: str) -> None:
        # Qt's own type-ahead would page through 100k rows; the search box does it better.
        if search.strip():
            self.type_ahead.emit(search)

    def viewportEvent(self, event: QEvent) -> bool:
        # The viewport, not the table: it shrinks when the vertical scroll bar appears.
        if event.type() == QEvent.Type.Resize and not self._user_sized:
            self._share_widths()
        return super().viewportEvent(event)

    def _share_widths(self) -> None:
        width = self.viewport().width()
        if width < 100:
            return
        shares = {
            column: share
            for column, share in enumerate(_COLUMN_SHARES)
            if column == ContactTableModel.NAME or not self.isColumnHidden(column)
        }
        total = sum(shares.values())
        date_width = self.fontMetrics().horizontalAdvance(_LONGEST_DATE) + 20
        self._sizing = True
        try:
            self.setColumnWidth(ContactTableModel.LAST_TOUCH, date_width)
            width -= date_width
            # Name (column 0) stretches to take whatever the others leave.
            for column, share in shares.items():
                if column != ContactTableModel.NAME:
                    self.setColumnWidth(column, width * share // total)
        finally:
            self._sizing = False

    def _section_resized(self, _column: int, _old: int, _new: int) -> None:
        # Qt also resizes the stretched last column itself; only a drag is the user's.
        dragging = QGuiApplication.mouseButtons() & Qt.MouseButton.LeftButton
        if not self._sizing and dragging and self.horizontalHeader().underMouse():
            self._user_sized = True
