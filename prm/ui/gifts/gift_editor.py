"""Plan, give or remember a gift: one form for ideas, gifts given and gifts received.

Problems show under their fields and everything typed stays. Saving a gift as
given (or pressing "Mark given") first checks whether this person already got
the same thing; if so the user is asked "give it again?" before anything is
written. Saves go through ``GiftOps``, so each one can be undone with Ctrl+Z.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from prm.core import contact_list, contacts, gifts
from prm.core.dates import today_in
from prm.core.errors import KnownError, ValidationError
from prm.core.gifts import AlreadyGivenError, GiftDraft, GiftPreferences, GiftRow, GiftToEdit
from prm.core.vocab import GIFT_STATUSES
from prm.ui.common.errors import show_known_error
from prm.ui.common.tasks import Tasks
from prm.ui.common.undo import UndoStack
from prm.ui.widgets.contact_picker import ContactPicker
from prm.ui.widgets.field_errors import ErrorLabel
from prm.ui.widgets.form_fields import FieldSlot, HintLabel, fit_lines, show_field_errors

log = logging.getLogger(__name__)

NOTE_LINES = 4  # the Notes box shows this many lines at the least, more when there is room
_STATUS_TEXT = {"idea": "Idea", "given": "Given", "received": "Received from them"}


class GiftEditor(QDialog):
    saved = Signal(int)  # the gift's id, once stored
    loaded = Signal()  # an existing gift arrived and the form is filled in
    again_asked = Signal(object)  # the "give it again?" box, for focus handling and tests

    def __init__(
        self,
        tasks: Tasks,
        undo_stack: UndoStack,
        *,
        gift_id: int | None = None,
        contact_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._ops = undo_stack.gifts
        self.gift_id = gift_id
        self._before: GiftDraft | None = None
        self._saving = False
        self.again_box: QMessageBox | None = None
        self._build()
        if gift_id is None:
            self.setWindowTitle("New gift")
            self.delete_button.hide()
            self._set_status(gifts.IDEA)
            if contact_id is not None:
                self.who.set_contact_id(contact_id)
                self.setWindowTitle(f"New gift for {self.who.text()}")
                self._show_preferences(
                    preferences_text(
                        tasks.read(  # bounded: one contact
                            lambda session: gifts.gift_preferences(session, contact_id=contact_id)
                        )
                    )
                )
                self.description.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.setWindowTitle("Edit gift")
            self.setEnabled(False)
            tasks.run(
                lambda session: gifts.gift_to_edit(session, gift_id=gift_id),
                self._loaded,
                self._load_failed,
            )

    # --- widgets ---------------------------------------------------------------

    def _build(self) -> None:
        self.general_error = ErrorLabel(self)
        self.who = ContactPicker(self._pick, self._name_for, self)
        self.status_group = QButtonGroup(self)
        status_row = QWidget(self)
        row = QHBoxLayout(status_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(14)
        for key in GIFT_STATUSES:
            button = QRadioButton(_STATUS_TEXT.get(key, key), status_row)
            button.setProperty("status", key)
            self.status_group.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        self.status_group.buttonToggled.connect(self._status_changed)
        self.description = self._line("Coffee beans from their favourite roastery")
        self.occasion = self._line("Birthday, new job, thank-you…")
        self.on_date = self._line("YYYY-MM-DD")
        self.on_date.setMaximumWidth(200)
        self.price = self._line("12.50")
        self.price.setMaximumWidth(120)
        self.currency = self._line("EUR")
        self.currency.setMaximumWidth(70)
        self.where = self._line("Shop or place")
        self.url = self._line("https://…")
        self.reaction = self._line("How they liked it")
        self.notes = QPlainTextEdit(self)
        self.notes.setPlaceholderText("Notes (optional)")
        self.notes.setTabChangesFocus(True)
        fit_lines(self.notes, NOTE_LINES)

        self.slots = {
            "contact_id": FieldSlot(self.who, self),
            "status": FieldSlot(self.status_group.buttons()[0], self, shown=status_row),
            "description": FieldSlot(self.description, self),
            "occasion": FieldSlot(self.occasion, self),
            "on_date": FieldSlot(self.on_date, self, hint="e.g. 2026-04-02 or 2 April 2026"),
            # One row, two fields: both messages hang under it at the form's full width.
            "price": FieldSlot(self.price, self, shown=_row(self, self.price, self.currency)),
            "currency": FieldSlot(self.currency, self, shown=_nothing(self)),
            "where": FieldSlot(self.where, self),
            "url": FieldSlot(self.url, self),
            "reaction": FieldSlot(self.reaction, self),
            "notes": FieldSlot(self.notes, self),
        }
        self.status_group.buttonToggled.connect(self.slots["status"].clear_error)
        self.who.changed.connect(self.slots["contact_id"].clear_error)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(8)
        self.preferences = HintLabel("", self)
        self.preferences.hide()
        form.addRow("&For", self.slots["contact_id"])
        form.addRow("", self.preferences)
        form.addRow("&Status", self.slots["status"])
        form.addRow("&Gift", self.slots["description"])
        form.addRow("&Occasion", self.slots["occasion"])
        form.addRow("&Date", self.slots["on_date"])
        form.addRow("&Price", _stacked(self, self.slots["price"], self.slots["currency"]))
        form.addRow("&Where", self.slots["where"])
        form.addRow("&Web page", self.slots["url"])
        form.addRow("&Reaction", self.slots["reaction"])
        form.addRow("&Notes", self.slots["notes"])

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.given_button = self.buttons.addButton(
            "Mark given today", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.given_button.setToolTip("Save it as given today and log a gift touch")
        self.given_button.clicked.connect(self.mark_given_today)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.delete_button = QPushButton("Delete gift", self)
        self.delete_button.setAutoDefault(False)
        self.delete_button.clicked.connect(self._delete)
        bottom = QHBoxLayout()
        bottom.addWidget(self.delete_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(12)
        layout.addWidget(self.general_error)
        layout.addLayout(form, 1)
        layout.addLayout(bottom)
        for keys in ("Ctrl+Return", "Ctrl+Enter", QKeySequence.StandardKey.Save):
            QShortcut(QKeySequence(keys), self, self.submit)
        self.setMinimumWidth(560)

    def _line(self, placeholder: str) -> QLineEdit:
        field = QLineEdit(self)
        field.setPlaceholderText(placeholder)
        return field

    # --- the form as data -----------------------------------------------------------

    def draft(self) -> GiftDraft:
        return GiftDraft(
            contact_id=self.who.contact_id(),
            description=self.description.text(),
            status=self.status(),
            occasion=self.occasion.text(),
            on_date=self.on_date.text(),
            price=self.price.text(),
            currency=self.currency.text(),
            url=self.url.text(),
            where=self.where.text(),
            reaction=self.reaction.text(),
            notes=self.notes.toPlainText(),
        )

    def load(self, draft: GiftDraft) -> None:
        self.who.set_contact_id(draft.contact_id)
        self._set_status(draft.status)
        for name in (
            "description",
            "occasion",
            "on_date",
            "price",
            "currency",
            "url",
            "where",
            "reaction",
        ):
            getattr(self, name).setText(getattr(draft, name))
        self.notes.setPlainText(draft.notes)

    def status(self) -> str:
        button = self.status_group.checkedButton()
        return button.property("status") if button is not None else gifts.IDEA

    def show_errors(self, errors: dict[str, str]) -> None:
        show_field_errors(errors, self.slots, self.general_error)

    def clear_errors(self) -> None:
        self.general_error.clear_message()
        for slot in self.slots.values():
            slot.clear_error()

    # --- saving ----------------------------------------------------------------------

    def mark_given_today(self) -> None:
        self._set_status(gifts.GIVEN)
        self.on_date.setText(self._today().isoformat())
        self.submit()

    def submit(self, *, allow_again: bool = False) -> None:
        if self._saving:
            return
        self.clear_errors()
        draft = self.draft()
        if self.who.is_unresolved():
            self.show_errors({"contact_id": f"Pick “{self.who.text()}” from the list."})
            return
        try:
            draft.cleaned()  # show every problem at once, before the worker is asked
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        if draft == self._before:
            self.accept()
            return
        self._set_saving(True)

        def on_error(exc):
            return self._failed(exc, draft)

        if self.gift_id is None:
            self._ops.add(draft, allow_again=allow_again, on_done=self._saved, on_error=on_error)
        else:
            self._ops.save(
                self.gift_id,
                self._before,
                draft,
                allow_again=allow_again,
                on_done=self._saved,
                on_error=on_error,
            )

    def _saved(self, row: GiftRow) -> None:
        if not isValid(self):
            return
        self._set_saving(False)
        self.saved.emit(row.id)
        self.accept()

    def _failed(self, exc: KnownError, draft: GiftDraft) -> None:
        if not isValid(self):
            show_known_error(None, exc)
            return
        self._set_saving(False)
        if isinstance(exc, AlreadyGivenError):
            self._ask_again(exc)
        elif isinstance(exc, ValidationError):
            self.show_errors(exc.errors)
        else:
            show_known_error(self, exc)

    def _ask_again(self, exc: AlreadyGivenError) -> None:
        self.again_box = ask_give_again(self, exc, self._again_answered)
        self.again_asked.emit(self.again_box)

    def _again_answered(self, yes: bool) -> None:
        self.again_box = None
        if yes:
            self.submit(allow_again=True)

    def _delete(self) -> None:
        if self.gift_id is not None:
            self._ops.delete(self.gift_id)
        self.accept()

    # --- loading and looks -------------------------------------------------------------

    def _loaded(self, result: GiftToEdit) -> None:
        if not isValid(self):
            return
        row, preferences = result.gift, preferences_text(result.preferences)
        self._before = row.draft()
        self.load(self._before)
        self.setWindowTitle(f"Gift for {row.contact_name}")
        self._show_preferences(preferences)
        self.setEnabled(True)
        self.description.setFocus(Qt.FocusReason.OtherFocusReason)
        self.loaded.emit()

    def _load_failed(self, exc: KnownError) -> None:
        if isValid(self):
            show_known_error(self.parentWidget(), exc)
            self.reject()

    def _show_preferences(self, text: str) -> None:
        self.preferences.setText(text)
        self.preferences.setVisible(bool(text))

    def _set_status(self, status: str) -> None:
        for button in self.status_group.buttons():
            if button.property("status") == status:
                button.setChecked(True)

    def _status_changed(self, *_args: object) -> None:
        status = self.status()
        self.given_button.setVisible(status == gifts.IDEA)
        self.reaction.setEnabled(status != gifts.IDEA)
        self.save_button.setText("Save idea" if status == gifts.IDEA else "Save")

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.save_button.setEnabled(not saving)
        self.given_button.setEnabled(not saving)

    def _today(self):
        ctx = self._tasks.ctx
        return today_in(ctx.zone, ctx.clock)

    def _pick(self, text: str) -> list[tuple[int, str, str]]:
        return self._tasks.read(lambda session: contact_list.pick_list(session, query=text))

    def _name_for(self, contact_id: int) -> str:
        return self._tasks.read(
            lambda session: contacts.contact_name(session, contact_id=contact_id)
        )


def ask_give_again(
    parent: QWidget, exc: AlreadyGivenError, answered: Callable[[bool], None]
) -> QMessageBox:
    """ "You gave Ann “Coffee beans” on 3 March 2025 — give it again?" (window-modal, not blocking)."""
    box = QMessageBox(QMessageBox.Icon.Question, "Already given", "", parent=parent)
    box.setText(f"{exc.message.rstrip('.')} — give it again?")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.Yes).setText("Give it again")
    box.button(QMessageBox.StandardButton.No).setText("Don’t")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.finished.connect(lambda result: answered(result == QMessageBox.StandardButton.Yes))
    box.open()
    return box


def _row(parent: QWidget, *widgets: QWidget) -> QWidget:
    box = QWidget(parent)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(8)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return box


def _stacked(parent: QWidget, *slots: FieldSlot) -> QWidget:
    box = QWidget(parent)
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    for slot in slots:
        column.addWidget(slot)
    return box


def _nothing(parent: QWidget) -> QWidget:
    """Where a field shown elsewhere would be: its slot then holds only its message."""
    empty = QWidget(parent)
    empty.setFixedHeight(0)
    return empty


def preferences_text(prefs: GiftPreferences) -> str:
    pairs = (
        ("Coffee", prefs.coffee),
        ("Food", prefs.food),
        ("Dietary", prefs.dietary),
        ("Culture", prefs.culture),
    )
    liked = " · ".join(f"{label}: {value}" for label, value in pairs if value)
    return f"{prefs.name} likes — {liked}" if liked else ""
