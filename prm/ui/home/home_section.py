"""The Home section: first in the sidebar and the first screen at start-up.

Its rows lead elsewhere: a person opens their card, a list's link its section,
sync conflicts the conflict dialog. The view is imported when first built.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from prm.core.changes import CONTACT_TABLES, MEETING_TABLES, TOUCH_TABLES
from prm.ui.common.section import Section

HOME = "home"


class HomeSection(Section):
    key, title, icon = HOME, "Home", "home"
    # Everything its lists and charts count.
    watches = (
        CONTACT_TABLES | TOUCH_TABLES | MEETING_TABLES
        | {"referral", "event", "cadence_tier", "setting", "sync_item"}
        | {"capture_proposal", "capture_proposal_person"}
    )  # fmt: skip
    loaded = Signal()  # the lists are on screen (the window's ``ready``)
    conflicts_requested = Signal()
    new_contact_requested = Signal()
    import_requested = Signal()
    sample_requested = Signal()

    def build(self) -> QWidget:
        from prm.ui.home.home_view import HomeView

        view = HomeView(self.tasks, getattr(self.window, "settings", None))
        view.activated.connect(self._activated)
        view.loaded.connect(self.loaded)
        view.new_contact_requested.connect(self.new_contact_requested)
        view.import_requested.connect(self.import_requested)
        view.sample_requested.connect(self.sample_requested)
        return view

    def reload(self) -> None:
        self.view.refresh()

    def retint(self) -> None:
        if self.built:
            self.view.retint()

    def _activated(self, target) -> None:
        from prm.ui.home.home_texts import CONFLICTS, CONTACT

        if target.kind == CONTACT:
            self.open_contact.emit(int(target.key))
        elif target.kind == CONFLICTS:
            self.conflicts_requested.emit()
        else:
            self.show_requested.emit(str(target.key))
