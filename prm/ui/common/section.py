"""The one shape of a sidebar section: built on first show, a badge, its own
reaction to changes.

A section declares what it watches (``affected``); when a write changes that,
it reloads at once if it is on screen, and otherwise only remembers to reload
when shown. Its badge is a small count query of its own, run when the section
is not on screen to refresh it (on screen, the view's own load reports it).
``main_window`` only lists the sections; it holds no refresh lists.

Adding a section: subclass, set ``key``/``title``/``icon``, implement ``build``
and ``reload`` (and ``badge_query`` and ``affected`` if it has a badge or
watches more than ``watches``), then add it to ``MainWindow``'s list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget
from sqlmodel import Session

from prm.core.changes import Changes
from prm.ui.common.latest import LatestOnly
from prm.ui.common.tasks import Tasks
from prm.ui.common.undo import UndoStack


class Section(QObject):
    key: ClassVar[str]
    title: ClassVar[str]
    icon: ClassVar[str]
    # Tables whose changes make this section's screen (and badge) stale.
    watches: ClassVar[frozenset[str]] = frozenset()

    badge_changed = Signal(str, object)  # section key, count (None: no badge)
    show_requested = Signal(str)  # this section's key: bring me on screen
    open_contact = Signal(int)
    message = Signal(str)

    def __init__(self, tasks: Tasks, undo_stack: UndoStack, window: QWidget) -> None:
        super().__init__(window)
        self.tasks = tasks
        self.undo_stack = undo_stack
        self.window = window
        self._view: QWidget | None = None
        self._on_screen = False
        self._stale = True
        # Counts only: they need not wait for the store's health check (a second at 100k),
        # nor need closing the app right after start wait for it.
        self._badge = LatestOnly(tasks, reads_only=True)
        tasks.changed.connect(self.on_changes)

    # --- what each section provides ---------------------------------------------

    def build(self) -> QWidget:
        raise NotImplementedError

    def reload(self) -> None:
        """Load the (built, shown) view again."""
        raise NotImplementedError

    def badge_query(self) -> Callable[[Session], int | None] | None:
        """The count shown beside the section's name, as a worker job; None: no badge."""
        return None

    def affected(self, changes: Changes) -> bool:
        return changes.touched(self.watches)

    # --- the shared behaviour --------------------------------------------------

    @property
    def built(self) -> bool:
        return self._view is not None

    @property
    def view(self) -> QWidget:
        if self._view is None:
            self._view = self.build()
        return self._view

    @property
    def on_screen(self) -> bool:
        return self._on_screen

    def shown(self) -> None:
        self._on_screen = True
        if self._stale:
            self._stale = False
            self.reload()

    def hidden(self) -> None:
        self._on_screen = False

    def on_changes(self, changes: Changes) -> None:
        if not self.affected(changes):
            return
        if self.built and self._on_screen:
            self.reload()  # its load reports the badge too
            return
        self._stale = True
        self.refresh_badge()

    def refresh_badge(self) -> None:
        query = self.badge_query()
        if query is not None:
            self._badge.run(query, self.set_badge)

    def set_badge(self, count: int | None) -> None:
        self.badge_changed.emit(self.key, count)


class SectionStack(QStackedWidget):
    """One slot per section; a section's view takes its slot when first shown."""

    def __init__(self, sections: dict[str, Section], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._keys = list(sections)
        self._sections = sections
        for _key in self._keys:
            self.addWidget(QWidget())  # a placeholder until the view is built

    def show_section(self, key: str) -> Section:
        for section in self._sections.values():
            if section.key != key:
                section.hidden()
        section = self._sections[key]
        index = self._keys.index(key)
        if self.widget(index) is not section.view:
            placeholder = self.widget(index)
            self.insertWidget(index, section.view)
            self.removeWidget(placeholder)
            placeholder.deleteLater()
        self.setCurrentWidget(section.view)
        section.shown()
        return section
