"""The Advocates section, and the advocacy dialogs every other place opens through it
(the contact card, the menus): one owner for the ledgers' writes and their undo.

Its badge counts the thank-yous owed. The view, the dialogs and the ops are
imported when first used, never at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QWidget
from sqlmodel import Session

from prm.core.changes import CONTACT_TABLES, TOUCH_TABLES, Changes
from prm.ui.common.section import Section

if TYPE_CHECKING:
    from prm.ui.advocates.advocacy_ops import AdvocacyOps
    from prm.ui.advocates.advocates_model import AdvocateRow

ADVOCATES = "advocates"
ADVOCACY_TABLES = frozenset({"referral", "introduction", "advocacy_signal", "engagement"})


def owed_count(session: Session, ctx) -> int | None:
    from prm.core.advocacy.owed import thank_yous_owed_count

    return thank_yous_owed_count(session, now=ctx.clock.now(), zone=ctx.zone) or None


class AdvocatesSection(Section):
    key, title, icon = ADVOCATES, "Advocates", "advocates"
    # Touches settle thank-yous and move recency; names come from contacts; weights
    # live in the settings.
    watches = ADVOCACY_TABLES | TOUCH_TABLES | CONTACT_TABLES | {"setting"}
    dialog_opened = Signal(object)  # each dialog, for tests
    _owed = 0  # thank-yous owed, as last counted

    @cached_property
    def ops(self) -> AdvocacyOps:
        from prm.ui.advocates.advocacy_ops import AdvocacyOps

        ops = AdvocacyOps(self.tasks, self.undo_stack, self)
        ops.message.connect(self.message)
        return ops

    def build(self) -> QWidget:
        from prm.ui.advocates.advocates_view import AdvocatesView

        view = AdvocatesView(self.tasks)
        view.row_action.connect(self._row_action)
        view.new_requested.connect(lambda kind: self.new_entry(kind))
        view.weights_requested.connect(self.edit_weights)
        view.count_changed.connect(self.set_badge)
        return view

    def reload(self) -> None:
        self.view.refresh()

    def on_changes(self, changes: Changes) -> None:
        """Off screen, a touch or a contact edit can only settle a thank-you, never owe
        one: with none owed the badge cannot change, so only remember to reload."""
        quiet = not (self.on_screen or self._owed or changes.everything)
        if quiet and not changes.touched(ADVOCACY_TABLES | {"setting"}):
            if changes.touched(self.watches):
                self._stale = True
            return
        super().on_changes(changes)

    def set_badge(self, count: int | None) -> None:
        self._owed = count or 0
        super().set_badge(count)

    def badge_query(self) -> Callable[[Session], int | None]:
        ctx = self.tasks.ctx
        return lambda session: owed_count(session, ctx)

    # --- what rows, cards and menus ask for -----------------------------------------

    def _row_action(self, action: str, row: AdvocateRow) -> None:
        from prm.ui.advocates import advocates_view as v

        if action == v.OPEN:
            self.open_contact.emit(row.contact_id)
        elif action == v.THANK:
            summary = f"Thank-you: {row.owed_text.split('— ', 1)[-1]}" if row.owed_text else ""
            self.ops.log_thank_you(row.contact_id, row.name, summary or "Said thank you")
        elif action == v.REFER:
            self.add_referral(referrer_id=row.contact_id)
        elif action == v.INTRODUCE:
            self.add_introduction(row.contact_id)
        elif action == v.ADVOCACY:
            self.add_signal(row.contact_id)

    def new_entry(self, kind: str, contact_id: int | None = None) -> None:
        {
            "referral": lambda: self.add_referral(referrer_id=contact_id),
            "introduction": lambda: self.add_introduction(contact_id),
            "signal": lambda: self.add_signal(contact_id),
            "engagement": lambda: self.add_engagement(contact_id),
        }[kind]()

    def add_referral(
        self, *, referrer_id: int | None = None, referred_id: int | None = None, row=None
    ) -> None:
        from prm.ui.advocates.ledger_dialogs import ReferralDialog

        self._open(
            ReferralDialog(
                self.tasks,
                self.ops,
                row=row,
                referrer_id=referrer_id,
                referred_id=referred_id,
                parent=self.window,
            )  # fmt: skip
        )

    def add_introduction(self, a_id: int | None = None, *, row=None) -> None:
        from prm.ui.advocates.ledger_dialogs import IntroductionDialog

        self._open(IntroductionDialog(self.tasks, self.ops, row=row, a_id=a_id, parent=self.window))

    def add_signal(self, contact_id: int | None = None, kind: str = "") -> None:
        from prm.ui.advocates.ledger_dialogs import SignalDialog

        self._open(
            SignalDialog(self.tasks, self.ops, contact_id=contact_id, kind=kind, parent=self.window)
        )

    def add_engagement(self, contact_id: int | None = None, *, row=None) -> None:
        from prm.ui.advocates.ledger_dialogs import EngagementDialog

        self._open(
            EngagementDialog(
                self.tasks, self.ops, row=row, contact_id=contact_id, parent=self.window
            )
        )

    def record_asks(self, contact_ids: list[int], summary: str, day: str) -> None:
        """A touch logged as an ask: a favour for each person asked (their load, balance)."""
        from prm.core.advocacy.records import SignalDraft
        from prm.ui.advocates.advocacy_ops import SIGNAL

        for contact_id in contact_ids:
            draft = SignalDraft(contact_id=contact_id, kind="favour", on_date=day, note=summary)
            self.ops.save(SIGNAL, draft)

    def edit_entry(self, kind: str, record_id: int) -> None:
        """Open a referral, introduction or engagement from a link on a card."""
        from prm.core.advocacy import ledger

        listing = {
            "referral": ledger.list_referrals,
            "introduction": ledger.list_introductions,
            "engagement": ledger.list_engagements,
        }.get(kind)
        if listing is None:
            return
        rows = self.tasks.read(lambda session: listing(session, ids=[record_id]))
        if not rows:
            self.message.emit(f"That {kind} is gone (deleted or undone).")
            return
        opener = {
            "referral": lambda: self.add_referral(row=rows[0]),
            "introduction": lambda: self.add_introduction(row=rows[0]),
            "engagement": lambda: self.add_engagement(row=rows[0]),
        }[kind]
        opener()

    def edit_weights(self) -> None:
        from prm.core.advocacy.value import get_weights
        from prm.ui.advocates.weights_dialog import WeightsDialog

        self._open(WeightsDialog(self.ops, self.tasks.read(get_weights), self.window))

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog_opened.emit(dialog)
