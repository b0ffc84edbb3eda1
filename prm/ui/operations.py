"""Making the window's undo stack with the operations that push onto it."""

from __future__ import annotations

from PySide6.QtCore import QObject

from prm.ui.common.tasks import Tasks
from prm.ui.common.undo import UndoStack
from prm.ui.gifts.gift_ops import GiftOps
from prm.ui.meetings.meeting_ops import MeetingOps
from prm.ui.touches.touch_ops import TouchOps


def new_undo_stack(tasks: Tasks, parent: QObject | None = None) -> UndoStack:
    stack = UndoStack(parent)
    stack.touches = TouchOps(tasks, stack, stack)
    stack.gifts = GiftOps(tasks, stack, touch_ops=stack.touches, parent=stack)
    stack.meetings = MeetingOps(tasks, stack, stack.touches, parent=stack)
    return stack
