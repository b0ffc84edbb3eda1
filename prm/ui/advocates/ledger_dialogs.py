"""Add or edit a referral, an introduction, an advocacy entry, an engagement.

Each opens with the people it was asked for already chosen (from a contact's
card or a row of the Advocates section); dates may be typed as 2026-04-02 or
2 April 2026, empty meaning today. A referral and an ask (a reference call,
testimonial, favour…) show the balance first: what was given, what was asked.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from prm.core.advocacy.records import (
    INTRO_STATES,
    OUTCOMES,
    SIGNAL_KINDS,
    EngagementDraft,
    IntroductionDraft,
    ReferralDraft,
    SignalDraft,
)
from prm.ui.advocates.advocacy_ops import ENGAGEMENT, INTRODUCTION, REFERRAL, SIGNAL, AdvocacyOps
from prm.ui.advocates.ledger_dialog import DATE_HINT, AskPanel, LedgerDialog
from prm.ui.common.tasks import Tasks

ASK_KINDS_SHOWN = ("reference_call", "testimonial", "case_study", "spoke_at_event", "favour")


def _day(value) -> str:
    return value.isoformat() if value else ""


def _select(box: QComboBox, key: str) -> None:
    index = box.findData(key)
    if index >= 0:
        box.setCurrentIndex(index)


class ReferralDialog(LedgerDialog):
    kind, title_new, title_edit = REFERRAL, "Record a referral", "Edit referral"

    def __init__(
        self, tasks: Tasks, ops: AdvocacyOps, *, row=None, referrer_id: int | None = None,
        referred_id: int | None = None, parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(tasks, ops, row=row, parent=parent)
        self.referrer = self.picker("Who sent them to you")
        self.referred = self.picker("Who was referred")
        self.referred_on = self.line("YYYY-MM-DD", 200)
        self.for_what = self.line("e.g. strategy workshop")
        self.outcome = self.combo(OUTCOMES)
        self.value = self.line("12000", 120)
        self.currency = self.line("EUR", 70)
        self.notes = self.notes_box()
        self.ask = AskPanel(tasks, self, lead="Their balance")
        self.add("&Referred by:", "referrer_id", self.referrer)
        self.form.addRow("", self.ask)
        self.add("&Who:", "referred_id", self.referred)
        self.add("&Date:", "referred_on", self.referred_on, hint=DATE_HINT)
        self.add("&For what:", "for_what", self.for_what)
        self.add("&Outcome:", "outcome", self.outcome)
        self.add(
            "&Value won:", "value", self.value, shown=self.money_row(self.value, self.currency)
        )
        self.slots["currency"] = self.slots["value"]  # one row: its messages under it
        self.add("&Notes:", "notes", self.notes)
        self.referrer.changed.connect(lambda: self.ask.show_for(self.referrer.contact_id()))
        if row is not None:
            self.referrer.set_contact_id(row.referrer_id)
            self.referred.set_contact_id(row.referred_id)
            if row.date_known:
                self.referred_on.setText(_day(row.referred_on))
            else:  # from an old "Referred by": left empty, the guessed day stays a guess
                self.referred_on.setPlaceholderText(f"unknown (~{_day(row.referred_on)})")
            self.for_what.setText(row.for_what)
            _select(self.outcome, row.outcome)
            self.value.setText(row.value)
            self.currency.setText(row.currency)
            self.notes.setPlainText(row.notes)
        else:
            if referrer_id is not None:
                self.referrer.set_contact_id(referrer_id)
            if referred_id is not None:
                self.referred.set_contact_id(referred_id)
        self.ask.show_for(self.referrer.contact_id())

    def draft(self) -> ReferralDraft:
        return ReferralDraft(
            referrer_id=self.referrer.contact_id(),
            referred_id=self.referred.contact_id(),
            referred_on=self.referred_on.text(),
            for_what=self.for_what.text(),
            outcome=self.outcome.currentData(),
            value=self.value.text(),
            currency=self.currency.text(),
            notes=self.notes.toPlainText(),
        )

    def before(self) -> ReferralDraft | None:
        r = self.row
        if r is None:
            return None
        return ReferralDraft(
            r.referrer_id, r.referred_id, _day(r.referred_on) if r.date_known else "",
            r.for_what, r.outcome,
            _day(r.outcome_on), r.value, r.currency, r.notes,
        )  # fmt: skip


class IntroductionDialog(LedgerDialog):
    kind, title_new, title_edit = INTRODUCTION, "Introduce two people", "Edit introduction"

    def __init__(
        self, tasks: Tasks, ops: AdvocacyOps, *, row=None, a_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(tasks, ops, row=row, parent=parent)
        self.a = self.picker("The first person")
        self.b = self.picker("The person they should meet")
        self.made_on = self.line("YYYY-MM-DD", 200)
        self.state = self.combo(INTRO_STATES)
        self.note = self.notes_box("Why they should meet (optional)")
        self.outcome = self.line("What came of it (optional)")
        self.add("&Introduce:", "a_id", self.a)
        self.add("&To:", "b_id", self.b)
        self.add("&Date:", "made_on", self.made_on, hint=DATE_HINT)
        self.add(
            "&Double opt-in:", "state", self.state,
            hint="Ask each first, then introduce; each person asked gets a touch.",
        )  # fmt: skip
        self.add("&Note:", "note", self.note)
        self.add("&Outcome:", "outcome", self.outcome)
        if row is not None:
            self.a.set_contact_id(row.a_id)
            self.b.set_contact_id(row.b_id)
            self.a.setEnabled(False)  # an introduction keeps its two people
            self.b.setEnabled(False)
            self.made_on.setText(_day(row.made_on))
            _select(self.state, row.state)
            self.note.setPlainText(row.note)
            self.outcome.setText(row.outcome)
        else:
            _select(self.state, "introduced")
            if a_id is not None:
                self.a.set_contact_id(a_id)

    def draft(self) -> IntroductionDraft:
        return IntroductionDraft(
            a_id=self.a.contact_id(),
            b_id=self.b.contact_id(),
            made_on=self.made_on.text(),
            state=self.state.currentData(),
            note=self.note.toPlainText(),
            outcome=self.outcome.text(),
        )

    def before(self) -> IntroductionDraft | None:
        r = self.row
        if r is None:
            return None
        return IntroductionDraft(r.a_id, r.b_id, _day(r.made_on), r.state, r.note, r.outcome)


class SignalDialog(LedgerDialog):
    kind, title_new = SIGNAL, "Record advocacy"

    def __init__(
        self, tasks: Tasks, ops: AdvocacyOps, *, contact_id: int | None = None,
        kind: str = "", parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(tasks, ops, parent=parent)
        self.who = self.picker("Whose advocacy")
        self.signal_kind = self.combo(SIGNAL_KINDS)
        self.on_date = self.line("YYYY-MM-DD", 200)
        self.note = self.notes_box()
        self.ask = AskPanel(tasks, self)
        self.add("&Who:", "contact_id", self.who)
        self.add("&What:", "kind", self.signal_kind)
        self.form.addRow("", self.ask)
        self.add("&Date:", "on_date", self.on_date, hint=DATE_HINT)
        self.add("&Note:", "note", self.note)
        if kind:
            _select(self.signal_kind, kind)
        if contact_id is not None:
            self.who.set_contact_id(contact_id)
        self.who.changed.connect(self._refresh_ask)
        self.signal_kind.currentIndexChanged.connect(self._refresh_ask)
        self._refresh_ask()

    def _refresh_ask(self) -> None:
        """The balance only for an ask (a reference call, a favour…), not for feedback."""
        asking = self.signal_kind.currentData() in ASK_KINDS_SHOWN
        self.ask.show_for(self.who.contact_id() if asking else None)

    def draft(self) -> SignalDraft:
        return SignalDraft(
            contact_id=self.who.contact_id(),
            kind=self.signal_kind.currentData(),
            on_date=self.on_date.text(),
            note=self.note.toPlainText(),
        )


class EngagementDialog(LedgerDialog):
    kind, title_new, title_edit = ENGAGEMENT, "Add an engagement", "Edit engagement"

    def __init__(
        self, tasks: Tasks, ops: AdvocacyOps, *, row=None, contact_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(tasks, ops, row=row, parent=parent)
        self.client = self.picker("The client")
        self.name = self.line("e.g. Pricing review 2026")
        self.start_on = self.line("YYYY-MM-DD", 200)
        self.end_on = self.line("YYYY-MM-DD (optional)", 200)
        self.fees = self.line("12000", 120)
        self.currency = self.line("EUR", 70)
        self.notes = self.notes_box()
        self.add("&Client:", "contact_id", self.client)
        self.add("&Name:", "name", self.name)
        self.add("&Start:", "start_on", self.start_on)
        self.add("&End:", "end_on", self.end_on)
        self.add("&Fees:", "fees", self.fees, shown=self.money_row(self.fees, self.currency))
        self.slots["currency"] = self.slots["fees"]
        self.add("N&otes:", "notes", self.notes)
        if row is not None:
            self.client.set_contact_id(row.contact_id)
            self.name.setText(row.name)
            self.start_on.setText(_day(row.start_on))
            self.end_on.setText(_day(row.end_on))
            self.fees.setText(row.fees)
            self.currency.setText(row.currency)
            self.notes.setPlainText(row.notes)
        elif contact_id is not None:
            self.client.set_contact_id(contact_id)

    def draft(self) -> EngagementDraft:
        return EngagementDraft(
            contact_id=self.client.contact_id(),
            name=self.name.text(),
            start_on=self.start_on.text(),
            end_on=self.end_on.text(),
            fees=self.fees.text(),
            currency=self.currency.text(),
            notes=self.notes.toPlainText(),
        )

    def before(self) -> EngagementDraft | None:
        r = self.row
        if r is None:
            return None
        return EngagementDraft(
            r.contact_id, r.name, _day(r.start_on), _day(r.end_on), r.fees, r.currency, r.notes
        )
