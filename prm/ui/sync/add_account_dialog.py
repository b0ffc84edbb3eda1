"""Add a sync account: server, user, password -> find the address books -> pick or make one.

Finding the books talks to the server, so it runs on the worker (as capture's
runs do) and the dialog stays responsive; what went wrong is said in the dialog
itself, with the server's own words, and the typing is kept.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from prm.core.errors import KnownError
from prm.core.sync.remote import AddressBook
from prm.ui.common.tasks import Tasks
from prm.ui.widgets.field_errors import ErrorLabel
from prm.ui.widgets.form_fields import HintLabel

NEW_BOOK = "new"  # the combo entry that makes a new book


class AddAccountDialog(QDialog):
    books_found = Signal()  # for tests: the book list is filled (or the error shown)

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a sync account")
        self.setMinimumWidth(540)  # the hint and a server's message wrap in few lines
        self._tasks = tasks
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("e.g. Phone, Work, Fastmail")
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("https://carddav.example.org/")
        self.url.setMinimumWidth(360)
        self.user = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.find_button = QPushButton("&Find address books", self)
        self.find_button.clicked.connect(self.find_books)
        self.book = QComboBox(self)
        self.book.setMinimumContentsLength(24)
        self.book.currentIndexChanged.connect(self._update)
        self.new_book = QLineEdit(self)
        self.new_book.setPlaceholderText("Name of the new address book")
        self.new_book.textChanged.connect(self._update)
        self.on_timer = QCheckBox("Sync at start and every 15 &minutes", self)
        self.on_timer.setChecked(True)
        hint = HintLabel(
            "Contacts and their cards go to this address book; notes, touches, gifts, "
            "events and meetings never leave this computer.",
            self,
        )
        hint.setWordWrap(True)
        self.error = ErrorLabel(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.add_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.add_button.setText("&Add")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        password_row = QHBoxLayout()
        password_row.addWidget(self.password, 1)
        password_row.addWidget(self.find_button)
        self.form = form = QFormLayout(self)
        form.addRow("&Name:", self.name)
        form.addRow("&Server:", self.url)
        form.addRow("&User:", self.user)
        password_label = QLabel("&Password:", self)
        password_label.setBuddy(self.password)
        form.addRow(password_label, password_row)
        form.addRow("Address &book:", self.book)
        form.addRow("", self.new_book)
        form.addRow("", self.on_timer)
        form.addRow(hint)
        form.addRow(self.error)
        form.addRow(buttons)
        for field in (self.url, self.user, self.password):
            field.textEdited.connect(self._forget_books)
        self._forget_books()

    # --- what the dialog holds -----------------------------------------------------

    def chosen_book(self) -> AddressBook | None:
        data = self.book.currentData()
        return data if isinstance(data, AddressBook) else None

    def new_book_name(self) -> str:
        return self.new_book.text().strip() if self.book.currentData() == NEW_BOOK else ""

    def account_name(self) -> str:
        return self.name.text().strip() or self.chosen_book_name()

    def chosen_book_name(self) -> str:
        book = self.chosen_book()
        return book.name if book is not None else self.new_book_name()

    def show_error(self, text: str) -> None:
        self.error.show_message(text)
        self.adjustSize()  # the wrapped message gets its lines, nothing drawn over it

    # --- finding the books -----------------------------------------------------------

    def find_books(self) -> None:
        from prm.core.sync.runner import discover

        url, user, password = (
            self.url.text().strip(),
            self.user.text().strip(),
            self.password.text(),
        )
        if not url:
            self.show_error("Type the server's address first.")
            return
        account = self.name.text().strip() or url
        self.error.clear_message()
        self.find_button.setEnabled(False)
        self.find_button.setText("Looking…")
        self._tasks.call_remote(
            lambda: discover(url, user, password, account=account),
            self._found, self._failed, on_settled=self._looked,
        )  # fmt: skip

    def _looked(self) -> None:
        self.find_button.setEnabled(True)
        self.find_button.setText("&Find address books")

    def _found(self, books: list[AddressBook]) -> None:
        self.book.clear()
        for book in books:
            self.book.addItem(book.name, book)
        self.book.addItem("A new address book…", NEW_BOOK)
        self.book.setEnabled(True)
        self._update()
        self.books_found.emit()

    def _failed(self, exc: KnownError) -> None:
        self.show_error(exc.message)
        self.books_found.emit()

    def _forget_books(self, *_args: object) -> None:
        """Other server or user: the books found before no longer apply."""
        self.book.clear()
        self.book.addItem("Find them first", None)
        self.book.setEnabled(False)
        self._update()

    def _update(self, *_args: object) -> None:
        making = self.book.currentData() == NEW_BOOK
        if self.form.isRowVisible(self.new_book) != making:
            self.form.setRowVisible(self.new_book, making)
            self.adjustSize()
        self.add_button.setEnabled(self.chosen_book() is not None or bool(self.new_book_name()))
