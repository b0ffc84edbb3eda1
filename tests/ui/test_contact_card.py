"""The contact card: what a user reads about a contact, and the links they follow."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor, QTextDocument

from prm.core import contact_cards, contacts
from prm.core.drafts import AddressDraft, ContactDraft, LabeledValue, RelationDraft
from prm.ui.contacts.contact_card import ContactCard, work_line


@pytest.fixture
def create(store, clock):
    def create(**fields) -> int:
        with store.transaction() as session:
            return contacts.create_contact(session, draft=ContactDraft(**fields), clock=clock).id

    return create


@pytest.fixture
def card_for(store):
    def card_for(contact_id: int) -> contact_cards.ContactCard:
        with store.session() as session:
            return contact_cards.contact_card(session, contact_id=contact_id)

    return card_for


@pytest.fixture
def widget(qtbot, clock) -> ContactCard:
    card = ContactCard(clock=clock)
    card.resize(520, 700)
    qtbot.addWidget(card)
    card.show()
    qtbot.waitExposed(card)
    return card


def _body(widget: ContactCard) -> str:
    return widget.details.toPlainText()


def test_no_contact_shows_a_calm_placeholder(widget):
    widget.show_card(None)
    assert widget.placeholder.isVisible()
    assert widget.placeholder.text() == "Select a contact"


def test_a_sparse_contact_shows_only_sections_with_content(widget, create, card_for):
    carla = create(given_name="Carla", emails=[LabeledValue("carla@example.com")])
    widget.show_card(card_for(carla))
    assert widget.name_label.text() == "Carla"
    body = _body(widget)
    assert "WAYS TO REACH" in body and "carla@example.com" in body
    for absent in ("DATES AND TIME", "CONNECTIONS", "INTERESTS", "PREFERENCES", "PRIVATE NOTES"):
        assert absent not in body
    assert not widget.work_label.isVisible()
    assert not widget.tags_box.isVisible()


def test_a_full_contact_reads_like_an_address_book(widget, create, card_for):
    bob = create(given_name="Bob", family_name="Marsh")
    ann = create(
        given_name="Ann",
        family_name="Lee",
        nickname="Annie",
        organization="Globex",
        department="Strategy",
        title="Partner",
        birthday="02-29",
        anniversary="2015-06-20",
        timezone="Europe/Paris",
        preferred_channel="text",
        how_we_met="FinTech Week",
        referred_by_id=bob,
        pref_coffee="Flat white",
        pref_dietary="Vegetarian",
        emails=[LabeledValue("ann@globex.example", "work", True)],
        phones=[LabeledValue("+33 6 12 34 56 78", "mobile")],
        urls=[LabeledValue("https://www.linkedin.com/in/annlee", "linkedin")],
        addresses=[AddressDraft("work", "1 Rue de Rivoli", "Paris", "", "75001", "France")],
        tags=["client", "board"],
        interests=["sailing", "jazz"],
        relations=[RelationDraft("reports_to", bob)],
        notes="Likes boats.",
    )
    widget.show_card(card_for(ann))

    assert widget.work_label.text() == "Partner at Globex (Strategy)"
    assert widget.nickname_label.text() == "“Annie”"
    assert widget.tags_box.isVisible()
    body = _body(widget)
    assert "29 February" in body and "29 February 20" not in body  # no invented year
    assert "20 June 2015" in body
    assert "10:30 there now" in body  # 09:30 UTC in Paris in March
    assert "Prefers text message" in body
    assert "LinkedIn" in body and "linkedin.com/in/annlee" in body
    assert "Paris, 75001" in body
    assert "Referred by" in body and "Reports to" in body and "Bob Marsh" in body
    assert "sailing · jazz" in body
    assert "Flat white" in body and "Likes boats." in body
    html = widget.details.toHtml()
    assert 'href="mailto:ann@globex.example"' in html
    assert 'href="tel:+33612345678"' in html


def test_user_text_is_escaped_not_rendered(widget, create, card_for):
    contact_id = create(
        given_name="<b>Eve</b>",
        organization="<i>Acme</i>",
        notes="<script>alert(1)</script>\n& more",
        tags=["<u>x</u>"],
    )
    widget.show_card(card_for(contact_id))
    assert widget.name_label.text() == "<b>Eve</b>"
    assert widget.name_label.textFormat() == Qt.TextFormat.PlainText
    body = _body(widget)
    assert "<script>alert(1)</script>" in body and "& more" in body
    assert "<script>" not in widget.details.toHtml()


def test_activating_a_related_person_emits_their_id(qtbot, widget, create, card_for):
    bob = create(given_name="Bob", family_name="Marsh")
    ann = create(given_name="Ann", relations=[RelationDraft("colleague", bob)])
    widget.show_card(card_for(ann))

    with qtbot.waitSignal(widget.contact_activated, timeout=1000) as blocker:
        _click_text(qtbot, widget, "Bob Marsh")
    assert blocker.args == [bob]


def test_the_referrer_and_referrals_are_links_too(qtbot, widget, create, card_for):
    bob = create(given_name="Bob")
    ann = create(given_name="Ann", referred_by_id=bob)
    widget.show_card(card_for(bob))
    assert "Referred" in _body(widget)
    with qtbot.waitSignal(widget.contact_activated, timeout=1000) as blocker:
        _click_text(qtbot, widget, "Ann")
    assert blocker.args == [ann]


def test_edit_button_asks_to_edit(qtbot, widget, create, card_for):
    widget.show_card(card_for(create(given_name="Ann")))
    with qtbot.waitSignal(widget.edit_requested, timeout=1000):
        qtbot.mouseClick(widget.edit_button, Qt.MouseButton.LeftButton)


def test_work_line_uses_whatever_exists():
    assert work_line("Partner", "Globex", "") == "Partner at Globex"
    assert work_line("", "Globex", "Strategy") == "Globex (Strategy)"
    assert work_line("", "", "Strategy") == "Strategy"
    assert work_line("", "", "") == ""


def _click_text(qtbot, widget: ContactCard, text: str) -> None:
    """Click in the middle of the first link whose text is ``text``, as a user would."""
    document = widget.details.document()
    cursor = document.find(text, 0, QTextDocument.FindFlag.FindCaseSensitively)
    while not cursor.isNull() and not cursor.charFormat().isAnchor():
        cursor = document.find(text, cursor, QTextDocument.FindFlag.FindCaseSensitively)
    assert not cursor.isNull(), f"no link reads {text!r}"
    middle = QTextCursor(document)
    middle.setPosition((cursor.selectionStart() + cursor.selectionEnd()) // 2)
    rect = widget.details.cursorRect(middle)
    widget.details.ensureCursorVisible()
    point = QPoint(rect.center().x(), rect.center().y())
    qtbot.mouseClick(widget.details.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_card_says_how_long_since_the_last_touch_and_the_cadence(qtbot, store, clock):
    from datetime import timedelta

    from prm.core import contacts, touches
    from prm.core.drafts import ContactDraft
    from prm.ui.contacts.contact_card import ContactCard as CardWidget

    with store.transaction() as session:
        cid = contacts.create_contact(
            session, draft=ContactDraft(given_name="Ann", cadence_tier_id=2), clock=clock
        ).id
        touches.log_touch(
            session,
            draft=touches.TouchDraft([cid], "call", occurred_at=clock.now() - timedelta(days=12)),
            clock=clock,
        )
    with store.reading() as session:
        card = contact_cards.contact_card(session, contact_id=cid)
    widget = CardWidget(clock=clock)
    qtbot.addWidget(widget)
    widget.show_card(card)
    text = widget.details.toPlainText()
    assert "every 30 days (overdue after 45)" in text
    assert "12 days ago" in text
