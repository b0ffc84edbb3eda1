"""A new contact looks like someone already in the book: ask before adding a twin.

The box names the existing contact and offers three ways on: open that one
(the new one is not saved), save the new one anyway, or go back to the form
with everything typed still there.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from prm.core.errors import PossibleDuplicateError

OPEN_EXISTING, SAVE_ANYWAY = "Open existing", "Save anyway"


def offer_duplicate(
    parent: QWidget,
    exc: PossibleDuplicateError,
    *,
    open_existing: Callable[[int], None],
    save_anyway: Callable[[], None],
) -> QMessageBox:
    """Show the question window-modal over ``parent``; Cancel (or Esc) does nothing."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Already in your contacts?")
    box.setText(f"{exc.existing_name} already has this name and email.")
    box.setInformativeText(
        f"Open {exc.existing_name} instead, or save this as a separate contact anyway."
    )
    opener = box.addButton(OPEN_EXISTING, QMessageBox.ButtonRole.AcceptRole)
    saver = box.addButton(SAVE_ANYWAY, QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(opener)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def answered() -> None:
        clicked = box.clickedButton()
        if clicked is opener:
            open_existing(exc.existing_id)
        elif clicked is saver:
            save_anyway()

    box.finished.connect(answered)
    box.open()
    return box
