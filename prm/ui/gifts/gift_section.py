"""The Gifts side of the window: the Gifts view, the gift editor and "mark given",
composed here so main_window stays a list of parts."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from prm.core.errors import KnownError
from prm.core.gifts import AlreadyGivenError
from prm.ui.gifts.gift_editor import GiftEditor, ask_give_again
from prm.ui.gifts.gift_ops import shared_gift_ops
from prm.ui.common.tasks import Tasks
from prm.ui.gifts.gifts_view import GiftsView

GIFTS = "gifts"
SECTION = (GIFTS, "Gifts", "gift")  # key, sidebar label, icon


class GiftSection(QObject):
    open_contact = Signal(int)
    count_changed = Signal(str, int)  # section key, badge count
    changed = Signal()  # a gift was added, edited, given or deleted (or undone)
    message = Signal(str)
    editor_opened = Signal(object)  # the GiftEditor, for tests

    def __init__(self, tasks: Tasks, undo_stack: QUndoStack, window: QWidget) -> None:
        super().__init__(window)
        self._tasks = tasks
        self._undo_stack = undo_stack
        self._window = window
        self.view = GiftsView(tasks)
        self.view.contact_activated.connect(self.open_contact)
        self.view.gift_activated.connect(self.edit_gift)
        self.view.new_requested.connect(lambda: self.new_gift(None))
        self.view.mark_given_requested.connect(self.mark_given)
        self.view.count_changed.connect(lambda n: self.count_changed.emit(GIFTS, n))
        self.ops = shared_gift_ops(tasks, undo_stack)
        self.ops.changed.connect(self._gifts_changed)
        self.ops.message.connect(self.message)

    def refresh(self) -> None:
        self.view.refresh()

    def new_gift(self, contact_id: int | None = None) -> GiftEditor:
        return self._open(GiftEditor(self._tasks, self._undo_stack, contact_id=contact_id,
                                     parent=self._window))

    def edit_gift(self, gift_id: int) -> GiftEditor:
        return self._open(GiftEditor(self._tasks, self._undo_stack, gift_id=gift_id,
                                     parent=self._window))

    def mark_given(self, gift_id: int, *, allow_again: bool = False) -> None:
        def failed(exc: KnownError) -> None:
            if isinstance(exc, AlreadyGivenError) and isValid(self._window):
                ask_give_again(self._window, exc,
                               lambda yes: yes and self.mark_given(gift_id, allow_again=True))
            else:
                self.message.emit(exc.message)

        self.ops.mark_given(gift_id, allow_again=allow_again, on_error=failed)

    def _open(self, editor: GiftEditor) -> GiftEditor:
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.open()
        self.editor_opened.emit(editor)
        return editor

    def _gifts_changed(self, _contact_ids: list[int]) -> None:
        self.view.refresh()
        self.changed.emit()
