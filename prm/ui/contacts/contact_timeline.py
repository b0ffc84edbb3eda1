"""The contact page's timeline: the touches room's ``TimelineWidget`` with the
gift and meeting entries wired to their own rooms' dialogs and ops.

Composed here, in the room above them, so ``prm.ui.touches`` never imports
``prm.ui.gifts`` or ``prm.ui.meetings``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from prm.core.timeline_entry import KIND_GIFT, KIND_MEETING, TimelineEntry
from prm.ui.common.tasks import Tasks
from prm.ui.common.undo import UndoStack
from prm.ui.touches.timeline_widget import TimelineWidget


def contact_timeline_widget(
    tasks: Tasks, undo_stack: UndoStack, parent: QWidget | None = None
) -> TimelineWidget:
    # The dialogs are imported when first opened: the contact page is on the start-up path.
    def edit_gift(entry: TimelineEntry, parent: QWidget) -> QWidget:
        from prm.ui.gifts.gift_editor import GiftEditor

        editor = GiftEditor(tasks, undo_stack, gift_id=entry.id, parent=parent)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.open()
        return editor

    def show_meeting(entry: TimelineEntry, parent: QWidget) -> None:
        from prm.ui.meetings.meeting_details_dialog import MeetingDetailsDialog

        dialog = MeetingDetailsDialog(tasks, undo_stack, entry.id, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    return TimelineWidget(
        tasks,
        undo_stack,
        parent,
        editors={KIND_GIFT: edit_gift, KIND_MEETING: show_meeting},
        deleters={KIND_GIFT: lambda entry: undo_stack.gifts.delete(entry.id)},
        paged=True,  # below the card, in the contact page's one scroll area
    )
