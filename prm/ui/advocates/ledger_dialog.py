"""What every advocacy dialog shares: a form of fields with their error lines, a
contact picker that searches the store, and saving through ``AdvocacyOps`` that
keeps the dialog open (and the typing) when the store says no.

The "before you ask" panel shows the give/ask balance and the reference-load
warning for the person about to be asked: "give before you ask".
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from shiboken6 import isValid
from sqlmodel import Session

from prm.core.errors import KnownError, ValidationError
from prm.ui.advocates.advocacy_ops import AdvocacyOps, Saved
from prm.ui.common.tasks import Tasks
from prm.ui.widgets.contact_picker import ContactPicker
from prm.ui.widgets.field_errors import ErrorLabel
from prm.ui.widgets.form_fields import FieldSlot, HintLabel, fit_lines, show_field_errors

DATE_HINT = "e.g. 2026-04-02 or 2 April 2026; empty: today"


class LedgerDialog(QDialog):
    kind: str = ""
    title_new, title_edit = "", ""

    def __init__(
        self, tasks: Tasks, ops: AdvocacyOps, *, row=None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._tasks, self._ops, self.row = tasks, ops, row
        self.setWindowTitle(self.title_edit if row is not None else self.title_new)
        self.setMinimumWidth(460)
        self.slots: dict[str, FieldSlot] = {}
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.general_error = ErrorLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer = QFormLayout(self)
        outer.addRow(self.form)
        outer.addRow(self.general_error)
        outer.addRow(self.buttons)

    # --- building ----------------------------------------------------------------

    def picker(self, placeholder: str = "Type a name") -> ContactPicker:
        return ContactPicker(self._pick, self._name_for, self, placeholder=placeholder)

    def line(self, placeholder: str = "", width: int | None = None) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(placeholder)
        if width is not None:
            edit.setMaximumWidth(width)
        return edit

    def notes_box(self, placeholder: str = "Notes (optional)") -> QPlainTextEdit:
        box = QPlainTextEdit(self)
        box.setPlaceholderText(placeholder)
        box.setTabChangesFocus(True)
        fit_lines(box, 3)
        return box

    def combo(self, choices: dict[str, str]) -> QComboBox:
        box = QComboBox(self)
        for key, label in choices.items():
            box.addItem(label, key)
        return box

    def add(self, label: str, name: str, field: QWidget, *, hint: str = "", shown=None) -> None:
        slot = FieldSlot(field, self, hint=hint, shown=shown)
        self.slots[name] = slot
        self.form.addRow(label, slot)

    def money_row(self, amount: QLineEdit, currency: QLineEdit) -> QWidget:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(amount)
        row.addWidget(currency)
        row.addStretch(1)
        return box

    # --- saving -------------------------------------------------------------------

    def draft(self):
        raise NotImplementedError

    def before(self):
        """The entry's draft as it was (an edit's undo); None for a new one."""
        return None

    def save(self) -> None:
        for slot in self.slots.values():
            slot.clear_error()
        self.general_error.clear_message()
        self.buttons.setEnabled(False)
        self._ops.save(
            self.kind,
            self.draft(),
            record_id=None if self.row is None else self.row.id,
            before=self.before(),
            on_done=self._saved,
            on_error=self._failed,
        )

    def _saved(self, _saved: Saved) -> None:
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, exc: KnownError) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError):
            show_field_errors(exc.errors, self.slots, self.general_error)
        else:
            self.general_error.show_message(exc.message)

    # --- the store ------------------------------------------------------------------

    def _pick(self, text: str) -> list[tuple[int, str, str]]:
        from prm.core import contact_list

        return self._tasks.read(lambda session: contact_list.pick_list(session, query=text))

    def _name_for(self, contact_id: int) -> str:
        from prm.core import contacts

        return self._tasks.read(
            lambda session: contacts.contact_name(session, contact_id=contact_id)
        )


class AskPanel(HintLabel):
    """Before an ask: "Erik — gave: 2, asked: 3 · last gave: an introduction, 5 months
    ago", and the reference-load warning when they were asked too often."""

    def __init__(self, tasks: Tasks, parent: QWidget | None = None, *, lead: str = "") -> None:
        super().__init__("", parent)
        self._tasks, self._lead = tasks, lead
        self._wanted: int | None = None
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)  # the warning in bold; names escaped
        self.setAccessibleName("Balance before you ask")
        self.hide()

    def show_for(self, contact_id: int | None) -> None:
        self._wanted = contact_id
        if contact_id is None:
            self.hide()
            return
        self._tasks.run(
            lambda session: ask_text(session, contact_id, self._tasks.ctx, self._lead),
            lambda text: self._shown(contact_id, text),
            lambda _exc: isValid(self) and self.hide(),
            reads_only=True,
        )

    def _shown(self, contact_id: int, text: str) -> None:
        if not isValid(self) or contact_id != self._wanted:  # closed meanwhile, or re-chosen
            return
        self.setText(text)
        self.setVisible(bool(text))


def ask_text(session: Session, contact_id: int, ctx, lead: str = "Before you ask") -> str:
    """The balance and any reference-load warning, as rich text."""
    from prm.core.advocacy import load, reciprocity
    from prm.core.dates import today_in

    today = today_in(ctx.zone, ctx.clock)
    bal = reciprocity.balance(session, contact_id=contact_id)
    lines = [
        f"{html.escape(lead or 'Before you ask')} — given {bal.given_total}, asked "
        f"{bal.asked_total}; {html.escape(bal.last_gave_text(today))}."
    ]
    warning = load.load_warning(session, contact_id=contact_id, today=today)
    if warning:
        lines.append(f"<b>⚠ {html.escape(warning)}</b>")
    return "<br>".join(lines)
