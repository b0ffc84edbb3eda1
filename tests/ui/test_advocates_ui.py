"""The Advocates section, its dialogs, the card's advocacy and the ask prompt, as a user sees them."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QToolButton
from shiboken6 import isValid
from sqlmodel import select

from prm.core.advocacy import ledger
from prm.core.advocacy.records import IntroductionDraft, ReferralDraft, SignalDraft
from prm.core.context import local_zone
from prm.core.models import Touch
from prm.ui.advocates.advocates_model import DORMANT, OWED, RANKED
from prm.ui.advocates.advocates_section import ADVOCATES
from prm.ui.advocates.ledger_dialogs import ReferralDialog, SignalDialog


@pytest.fixture
def people(add_contact):
    return {
        "erik": add_contact("Erik", "Berg"),
        "acme": add_contact("Ada", "Acme"),
        "jane": add_contact("Jane", "Doe"),
    }


@pytest.fixture
def refer(store, clock):
    def refer(referrer: int, referred: int, **fields) -> int:
        draft = ReferralDraft(referrer_id=referrer, referred_id=referred, **fields)
        with store.transaction() as session:
            return ledger.add_referral(session, draft=draft, clock=clock, zone=local_zone()).id

    return refer


def open_advocates(window, qtbot, wait_idle):
    window.sidebar.select(ADVOCATES)
    wait_idle()
    view = window.section(ADVOCATES).view
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.table.setFocus()
    return view


def closed(dialog) -> bool:
    return not isValid(dialog) or not dialog.isVisible()


def show(window, qtbot, wait_idle, contact_id: int):
    wait_idle()
    window.contacts_view.show_contact(contact_id)
    card = window.contacts_view.card
    qtbot.waitUntil(lambda: card.card() is not None and card.card().contact.id == contact_id)
    wait_idle()
    return card


def names(view) -> list[str]:
    return [view.model.index(r, 0).data() for r in range(view.model.rowCount())]


def whys(view) -> list[str]:
    return [view.model.index(r, 2).data() for r in range(view.model.rowCount())]


def test_ranked_list_shows_value_and_breakdown_and_thank_you_is_one_key(
    qtbot, make_window, people, refer, store, wait_idle
):
    refer(people["erik"], people["acme"], for_what="strategy workshop", outcome="won",
          value="12000", currency="EUR")  # fmt: skip
    window = make_window()
    view = open_advocates(window, qtbot, wait_idle)
    assert names(view)[0] == "Erik Berg"
    assert float(view.model.index(0, 1).data()) > 0
    assert "Referrals" in whys(view)[0]
    breakdown = view.breakdown.toPlainText()
    for label in ("Revenue", "Referrals", "Advocacy", "Introductions", "Network reach", "Recency"):
        assert label in breakdown  # every dimension, none hidden
    assert "Weight" in breakdown and "Score" in breakdown

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(view.table, Qt.Key.Key_5)  # the fifth list, from the keyboard
    assert view.chooser.group.button(OWED).isChecked()
    assert view.chooser.group.button(OWED).text() == "Thank-yous owed (1)"
    assert whys(view)[0].startswith("thank Erik — Ada Acme signed")
    qtbot.keyClick(view.table, Qt.Key.Key_T)
    wait_idle()
    assert names(view) == []  # settled
    assert view.empty.title.text() == "No thank-yous owed."
    with store.reading() as session:
        touch = session.exec(select(Touch).where(Touch.deleted_at.is_(None))).one()
        assert touch.summary == "Thank-you: Ada Acme signed"
    assert "Logged a thank-you to Erik Berg" in window.statusBar().currentMessage()

    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_idle()
    assert names(view) == ["Erik Berg"]  # owed again


def test_badge_counts_thank_yous_owed(qtbot, make_window, people, refer, wait_idle):
    refer(people["erik"], people["acme"])
    window = make_window()
    wait_idle()
    qtbot.waitUntil(lambda: window.sidebar.count_of(ADVOCATES) == 1)


def test_record_a_referral_from_the_section_keeps_typing_on_a_bad_value(
    qtbot, make_window, people, store, wait_idle
):
    window = make_window()
    view = open_advocates(window, qtbot, wait_idle)
    assert view.empty.isVisible() or not names(view)
    section = window.section(ADVOCATES)
    with qtbot.waitSignal(section.dialog_opened) as opened:
        view.buttons["refer"].click()  # no row: a blank referral
    dialog: ReferralDialog = opened.args[0]
    dialog.referrer.choose(people["erik"], "Erik Berg")
    dialog.referred.choose(people["jane"], "Jane Doe")
    dialog.for_what.setText("pricing review")
    dialog.value.setText("-5")
    dialog.currency.setText("EUR")
    dialog.save()
    wait_idle()
    assert dialog.isVisible()
    error = dialog.slots["value"].error
    assert not error.isHidden() and "-5" in error.text() or "negative" in error.text().lower()
    assert dialog.for_what.text() == "pricing review"  # nothing typed is lost

    dialog.value.setText("3000")
    dialog.save()
    wait_idle()
    assert closed(dialog)
    with store.reading() as session:
        [row] = ledger.list_referrals(session)
    assert (row.referrer_name, row.referred_name, row.for_what) == (
        "Erik Berg", "Jane Doe", "pricing review",
    )  # fmt: skip
    assert names(view) == ["Erik Berg"]
    assert window.undo_stack.undoText() == "Add Erik Berg referred Jane Doe"
    window.undo_stack.undo()
    wait_idle()
    with store.reading() as session:
        assert ledger.list_referrals(session) == []


def test_asking_shows_the_balance_and_the_reference_load_warning(
    qtbot, make_window, people, store, clock, wait_idle
):
    erik, jane = people["erik"], people["jane"]
    with store.transaction() as session:
        ledger.add_introduction(
            session, draft=IntroductionDraft(a_id=erik, b_id=jane, made_on="2025-10-01"),
            clock=clock, zone=local_zone(),
        )  # fmt: skip
        for day in ("2025-06-01", "2025-09-01", "2026-01-10"):
            ledger.add_signal(
                session, draft=SignalDraft(contact_id=erik, kind="reference_call", on_date=day),
                clock=clock, zone=local_zone(),
            )  # fmt: skip
    window = make_window()
    section = window.section(ADVOCATES)
    with qtbot.waitSignal(section.dialog_opened) as opened:
        section.add_signal(erik, "reference_call")
    dialog: SignalDialog = opened.args[0]
    wait_idle()
    text = dialog.ask.text()
    assert dialog.ask.isVisible()
    assert "last gave: an introduction, 5 months ago" in text
    assert "asked 3 times in the last 12 months" in text and "ask someone else?" in text

    dialog.signal_kind.setCurrentIndex(dialog.signal_kind.findData("product_feedback"))
    wait_idle()
    assert not dialog.ask.isVisible()  # feedback they gave is not an ask
    dialog.reject()


def test_card_shows_referrals_and_breakdown_and_starts_entries_for_the_contact(
    qtbot, make_window, people, refer, wait_idle
):
    refer(people["erik"], people["acme"], for_what="workshop", outcome="proposal")
    window = make_window()
    card = show(window, qtbot, wait_idle, people["erik"])
    text = card.details.toPlainText()
    assert "ADVOCACY" in text
    assert "Referred" in text and "Ada Acme" in text and "Proposal" in text
    assert "Value" in text and "Referrals" in text and "×" in text
    assert "Balance" in text

    section = window.section(ADVOCATES)
    menu = card.advocacy_button.menu()
    with qtbot.waitSignal(section.dialog_opened) as opened:
        menu.actions()[0].trigger()  # Referral…
    dialog = opened.args[0]
    assert dialog.referrer.contact_id() == people["erik"]
    assert dialog.referrer.text() == "Erik Berg"
    dialog.reject()


def test_edit_a_referral_from_the_card_link_and_undo_the_edit(
    qtbot, make_window, people, refer, store, wait_idle
):
    rid = refer(people["erik"], people["acme"], for_what="workshop")
    window = make_window()
    show(window, qtbot, wait_idle, people["acme"])
    section = window.section(ADVOCATES)
    with qtbot.waitSignal(section.dialog_opened) as opened:
        window.contacts_view.card._advocacy_link(f"referral/{rid}")
    dialog = opened.args[0]
    assert dialog.windowTitle() == "Edit referral"
    assert dialog.for_what.text() == "workshop"
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("won"))
    dialog.save()
    wait_idle()
    with store.reading() as session:
        assert ledger.list_referrals(session)[0].outcome == "won"
    qtbot.waitUntil(lambda: "Engagement won" in window.contacts_view.card.details.toPlainText())
    window.undo_stack.undo()
    wait_idle()
    with store.reading() as session:
        assert ledger.list_referrals(session)[0].outcome == ""


def test_weights_change_the_value_and_undo_restores_them(
    qtbot, make_window, people, refer, store, wait_idle
):
    refer(people["erik"], people["acme"], outcome="won")
    window = make_window()
    view = open_advocates(window, qtbot, wait_idle)
    before = float(view.model.index(0, 1).data())
    section = window.section(ADVOCATES)
    with qtbot.waitSignal(section.dialog_opened) as opened:
        view.weights_button.click()
    dialog = opened.args[0]
    for name, spin in dialog.spins.items():
        spin.setValue(2.0 if name == "referrals" else 0.0)
    dialog.save()
    wait_idle()
    assert float(view.model.index(0, 1).data()) == pytest.approx(10.0)  # won: 5 points × 2
    assert before != 10.0
    window.undo_stack.undo()
    wait_idle()
    assert float(view.model.index(0, 1).data()) == pytest.approx(before)


def test_menu_shortcut_starts_a_referral_for_the_contact_on_screen(
    qtbot, make_window, people, wait_idle
):
    window = make_window()
    show(window, qtbot, wait_idle, people["jane"])
    section = window.section(ADVOCATES)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.actions.advocacy["referral"].shortcut().toString() == "Ctrl+Shift+R"
    with qtbot.waitSignal(section.dialog_opened) as opened:
        window.actions.advocacy["referral"].trigger()
    assert opened.args[0].referrer.contact_id() == people["jane"]
    opened.args[0].reject()
    with qtbot.waitSignal(section.dialog_opened) as opened:
        window.actions.advocacy["introduction"].trigger()
    intro = opened.args[0]
    assert intro.a.contact_id() == people["jane"]
    intro.b.choose(people["erik"], "Erik Berg")
    intro.state.setCurrentIndex(intro.state.findData("asked_a"))
    intro.save()
    wait_idle()
    assert closed(intro)


def test_dormant_ties_list_names_how_long_ago(
    qtbot, make_window, add_contact, refer, store, clock, wait_idle
):
    old = add_contact("Olga", "Old")
    new = add_contact("Nina", "New")
    for _ in range(3):
        refer(old, new, outcome="won", referred_on="2021-01-01")
    with store.transaction() as session:
        from prm.core import touches

        touches.log_touch(
            session,
            draft=touches.TouchDraft([old], "call", occurred_at=clock.now().replace(year=2021)),
            clock=clock,
        )
    window = make_window()
    view = open_advocates(window, qtbot, wait_idle)
    view.chooser.group.button(DORMANT).click()
    assert names(view)[0] == "Olga Old"
    assert "last touch 5 years ago" in whys(view)[0]
    assert float(view.model.index(0, 1).data()) >= 15  # past value: 3 won referrals
    view.chooser.group.button(RANKED).click()
    assert "Olga Old" in names(view)


def test_meeting_brief_shows_advocacy_for_each_attendee(people, refer, store):
    from prm.core.meeting_brief import meeting_brief
    from prm.ui.meetings.meeting_brief_html import brief_html

    refer(people["erik"], people["acme"], for_what="workshop")
    with store.reading() as session:
        briefs = meeting_brief(
            session, contact_ids=[people["erik"], people["jane"]], today=date(2026, 3, 14)
        )
    page = brief_html(briefs, zone=local_zone(), today=date(2026, 3, 14))
    erik_part, jane_part = page.split("<hr>")
    assert "Advocacy" in erik_part and "Referred: Ada Acme" in erik_part
    assert "Advocacy" not in jane_part  # nothing recorded: no empty heading


def test_badge_follows_a_touch_that_settles_the_thank_you(
    qtbot, make_window, people, refer, store, clock, wait_idle
):
    from prm.core import touches

    refer(people["erik"], people["acme"])
    window = make_window()
    qtbot.waitUntil(lambda: window.sidebar.count_of(ADVOCATES) == 1)
    with store.transaction() as session:  # a thank-you written from the quick log
        touches.log_touch(session, draft=touches.TouchDraft([people["erik"]], "email"), clock=clock)
    wait_idle()
    qtbot.waitUntil(lambda: not window.sidebar.count_of(ADVOCATES))


def test_weekly_review_and_reach_out_name_the_thank_yous_owed(
    qtbot, make_window, people, refer, wait_idle
):
    from prm.ui.touches.touch_sections import REACH_OUT, REVIEW

    refer(people["erik"], people["acme"], outcome="won")
    window = make_window()
    window.sidebar.select(REVIEW)
    wait_idle()
    review_view = window.section(REVIEW).view
    texts = [w.text() for w in review_view.thanks.findChildren(QLabel)]
    assert any("thank Erik — Ada Acme signed" in t for t in texts)
    button = next(b for b in review_view.thanks.findChildren(QToolButton) if b.text() == "Thank…")
    button.click()  # the quick log, for Erik
    wait_idle()
    window.touch._dialog.reject()

    window.sidebar.select(REACH_OUT)
    wait_idle()
    label = window.section(REACH_OUT).view.thanks_label
    assert label.isVisible()
    assert "Thank-yous owed:" in label.text() and "thank Erik — Ada Acme signed" in label.text()


def test_a_touch_marked_as_an_ask_shows_the_balance_and_counts_as_a_favour(
    qtbot, make_window, people, store, clock, wait_idle
):
    erik, jane = people["erik"], people["jane"]
    with store.transaction() as session:
        ledger.add_introduction(
            session, draft=IntroductionDraft(a_id=erik, b_id=jane, made_on="2025-10-01"),
            clock=clock, zone=local_zone(),
        )  # fmt: skip
    window = make_window()
    wait_idle()
    window.touch.log_touch(erik)
    dialog = window.touch._dialog
    assert not dialog.ask_panel.isVisible()
    assert dialog.ask_check.focusPolicy() & Qt.FocusPolicy.TabFocus  # Tab reaches it
    assert "&ask" in dialog.ask_check.text()  # and Alt+A
    qtbot.keyClick(dialog.ask_check, Qt.Key.Key_Space)
    assert dialog.ask_check.isChecked()
    wait_idle()
    assert dialog.ask_panel.isVisible()
    assert "last gave: an introduction, 5 months ago" in dialog.ask_panel.text()
    dialog.form.summary.setText("Asked for an intro to their CFO")
    dialog.submit()
    wait_idle()
    with store.reading() as session:
        [signal] = ledger.list_signals(session, contact_id=erik)
    assert (signal.kind, signal.note, signal.on_date) == (
        "favour", "Asked for an intro to their CFO", date(2026, 3, 14),
    )  # fmt: skip


def test_editing_a_referral_carried_over_from_referred_by_keeps_its_day_a_guess(
    qtbot, make_window, people, store, clock, wait_idle
):
    with store.transaction() as session:
        ref = ledger.add_referral(
            session, draft=ReferralDraft(people["erik"], people["jane"]), clock=clock,
            zone=local_zone(),
        )  # fmt: skip
        ref.date_known = False  # as the migration writes them
    window = make_window()
    section = window.section(ADVOCATES)
    with qtbot.waitSignal(section.dialog_opened) as opened:
        section.edit_entry("referral", ref.id)
    dialog = opened.args[0]
    assert dialog.referred_on.text() == ""
    assert dialog.referred_on.placeholderText().startswith("unknown (~")
    dialog.for_what.setText("audit")
    dialog.save()
    wait_idle()
    with store.reading() as session:
        [row] = ledger.list_referrals(session)
    assert row.for_what == "audit" and not row.date_known  # no thank-you owed for a guess


def test_a_referral_recorded_in_advocates_is_on_the_card_when_going_back(
    qtbot, make_window, people, wait_idle
):
    window = make_window()
    card = show(window, qtbot, wait_idle, people["erik"])
    assert "Referred" not in card.details.toPlainText()
    view = open_advocates(window, qtbot, wait_idle)
    section = window.section(ADVOCATES)
    with qtbot.waitSignal(section.dialog_opened) as opened:
        view.buttons["refer"].click()
    dialog = opened.args[0]
    dialog.referrer.choose(people["erik"], "Erik Berg")
    dialog.referred.choose(people["jane"], "Jane Doe")
    dialog.save()
    wait_idle()
    qtbot.keyClick(view.table, Qt.Key.Key_O)  # open Erik from his row
    wait_idle()
    qtbot.waitUntil(lambda: "Referred" in card.details.toPlainText())
    assert "Jane Doe" in card.details.toPlainText()
