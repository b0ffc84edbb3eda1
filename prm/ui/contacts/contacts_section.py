"""The Contacts and Trash sections."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget
from sqlmodel import Session

from prm.core import contact_list
from prm.core.changes import CONTACT_TABLES, Changes
from prm.ui.advocates.advocates_section import ADVOCACY_TABLES
from prm.ui.common.section import Section
from prm.ui.common.tasks import Tasks
from prm.ui.common.undo import UndoStack
from prm.ui.contacts.contact_ops import ContactOps

CONTACTS, TRASH = "contacts", "trash"


class ContactsSection(Section):
    """The list, the card and the timeline: built on first show, as every section."""

    key, title, icon = CONTACTS, "Contacts", "contacts"
    watches = CONTACT_TABLES
    # The view, just built: the window wires its actions and routes to it.
    view_built = Signal(QWidget)

    def build(self) -> QWidget:
        from prm.ui.contacts.contacts_view import ContactsView

        view = ContactsView(self.tasks, self.undo_stack)
        view.loaded.connect(lambda: self.set_badge(view.total))
        self._view = view  # the window's wiring below asks for ``self.view``
        self.view_built.emit(view)
        return view

    def reload(self) -> None:
        self.view.reload()

    def route_requests(self, editing, touch, gifts, events, show_share) -> None:
        """What the contact's page asks for, to the parts that do it."""
        v = self.view
        for signal, slot in (
            (v.new_requested, editing.new_contact), (v.edit_requested, editing.edit_contact),
            (v.log_touch_requested, touch.log_touch),
            (v.add_gift_requested, gifts.new_gift), (v.gift_requested, gifts.edit_gift),
            (v.add_event_requested, events.add_event), (v.event_requested, events.edit_event),
            (v.event_delete_requested, events.ops.trash),  # undoable, as in Upcoming
            (v.article_share_requested, show_share),
        ):  # fmt: skip
            signal.connect(slot)

    def on_changes(self, changes: Changes) -> None:
        if changes.everything and self.built:
            self.view.reset()  # another store, or all of it new: forget the search too
            self.refresh_badge()
            return
        if not self.built:
            super().on_changes(changes)
            return
        if self.on_screen and not changes.touched(self.watches):
            # A touch, gift or event of the person on screen: their page follows.
            shown = self.view.current_id()
            # A referral names two people, neither as ``contact_id``: any ledger write counts.
            if shown is not None and (
                changes.touched_contact(shown) or changes.touched(ADVOCACY_TABLES)
            ):
                self.view.refresh_timeline()
            return
        if not self.on_screen and changes.touched(ADVOCACY_TABLES):
            self._stale = True  # the card's advocacy: read again when shown
        super().on_changes(changes)  # the list reloads, and with it the card

    def badge_query(self) -> Callable[[Session], int]:
        return lambda session: contact_list.count_contacts(session)


class TrashSection(Section):
    key, title, icon = TRASH, "Trash", "trash"
    watches = frozenset({"contact"})
    selection_changed = Signal()

    def __init__(
        self, tasks: Tasks, undo_stack: UndoStack, window: QWidget, ops: ContactOps
    ) -> None:
        super().__init__(tasks, undo_stack, window)
        self.ops = ops

    def build(self) -> QWidget:
        from prm.ui.contacts.trash_view import TrashView

        view = TrashView(self.tasks)
        view.loaded.connect(lambda: self.set_badge(view.model.rowCount()))
        view.restore_requested.connect(self.ops.restore)
        view.purge_requested.connect(self.ops.purge)
        view.empty_requested.connect(self.ops.empty_trash)
        view.selection_changed.connect(self.selection_changed)
        return view

    def reload(self) -> None:
        self.view.reload()

    def badge_query(self) -> Callable[[Session], int]:
        return lambda session: contact_list.count_contacts(session, trashed=True)
