"""The Meetings section: whether meetings stay short, and the past ones."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from prm.core.changes import MEETING_TABLES
from prm.ui.common.section import Section

MEETINGS = "meetings"


class MeetingsSection(Section):
    key, title, icon = MEETINGS, "Meetings", "meetings"
    watches = MEETING_TABLES | {"contact"}

    def build(self) -> QWidget:
        from prm.ui.meetings.meetings_view import MeetingsView

        return MeetingsView(self.tasks, self.undo_stack)

    def reload(self) -> None:
        self.view.refresh()
