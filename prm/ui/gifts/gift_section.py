"""The Gifts section: the Gifts view, the gift editor and "mark given"."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid
from sqlmodel import Session

from prm.core import gifts
from prm.core.dates import today_in
from prm.core.errors import KnownError
from prm.core.gifts import AlreadyGivenError
from prm.ui.common.section import Section
from prm.ui.common.tasks import Tasks
from prm.ui.common.undo import UndoStack

if TYPE_CHECKING:  # the view and editor are imported when first needed: not at start
    from prm.ui.gifts.gift_editor import GiftEditor

GIFTS = "gifts"


class GiftsSection(Section):
    key, title, icon = GIFTS, "Gifts", "gift"
    watches = frozenset({"gift", "contact"})
    editor_opened = Signal(object)  # the GiftEditor, for tests

    def __init__(self, tasks: Tasks, undo_stack: UndoStack, window: QWidget) -> None:
        super().__init__(tasks, undo_stack, window)
        self.ops = undo_stack.gifts
        self.ops.message.connect(self.message)

    def build(self) -> QWidget:
        from prm.ui.gifts.gifts_view import GiftsView

        view = GiftsView(self.tasks)
        view.contact_activated.connect(self.open_contact)
        view.gift_activated.connect(self.edit_gift)
        view.new_requested.connect(lambda: self.new_gift(None))
        view.mark_given_requested.connect(self.mark_given)
        view.count_changed.connect(self.set_badge)
        return view

    def reload(self) -> None:
        self.view.refresh()

    def badge_query(self) -> Callable[[Session], int]:
        ctx = self.tasks.ctx
        today = today_in(ctx.zone, ctx.clock)
        return lambda session: len(gifts.gifts_overview(session, today=today).upcoming)

    def new_gift(self, contact_id: int | None = None) -> GiftEditor:
        from prm.ui.gifts.gift_editor import GiftEditor

        return self._open(
            GiftEditor(self.tasks, self.undo_stack, contact_id=contact_id, parent=self.window)
        )

    def edit_gift(self, gift_id: int) -> GiftEditor:
        from prm.ui.gifts.gift_editor import GiftEditor

        return self._open(
            GiftEditor(self.tasks, self.undo_stack, gift_id=gift_id, parent=self.window)
        )

    def mark_given(self, gift_id: int, *, allow_again: bool = False) -> None:
        def failed(exc: KnownError) -> None:
            from prm.ui.gifts.gift_editor import ask_give_again

            if isinstance(exc, AlreadyGivenError) and isValid(self.window):
                ask_give_again(
                    self.window, exc, lambda yes: yes and self.mark_given(gift_id, allow_again=True)
                )
            else:
                self.message.emit(exc.message)

        self.ops.mark_given(gift_id, allow_again=allow_again, on_error=failed)

    def _open(self, editor: GiftEditor) -> GiftEditor:
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.open()
        self.editor_opened.emit(editor)
        return editor
