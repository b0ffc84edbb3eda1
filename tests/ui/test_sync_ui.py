"""Sync in the window, against a real Radicale on 127.0.0.1 and a "phone" beside it:
the accounts dialog, Sync now refreshing the open list, the mass-deletion question,
a conflicted contact's banner and chooser, and failures said once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from prm.core import contacts
from prm.core.sync import accounts
from prm.core.sync.remote import AddressBook
from prm.ui.sync.conflict_dialog import ConflictDialog
from tests.servers.phone import Phone, new_card
from tests.servers.radicale import PASSWORD, USER, radicale_server  # noqa: F401


@pytest.fixture
def book(radicale_server):  # noqa: F811
    url = radicale_server.make_address_book("contacts")
    radicale_server.book_url = url
    return radicale_server


@pytest.fixture
def phone(book):
    with Phone(book.book_url) as client:
        yield client


@pytest.fixture
def account(store, clock, secret_store, book):
    """ "Phone", added as the dialog would, with its password kept."""

    def add(password: str = PASSWORD) -> int:
        with store.transaction() as session:
            account_id = accounts.add_account(
                session, name="Phone", server_url=book.url, username=USER,
                book=AddressBook(book.book_url, "contacts"), clock=clock,
            )  # fmt: skip
            accounts.set_sync_on_timer(session, account_id=account_id, enabled=True)
        accounts.store_password(store, secret_store, account_id, password)
        return account_id

    return add


def _dialogs(qtbot, window):
    opened = []
    window.sync.dialog_opened.connect(opened.append)
    return opened


def _sync_now(qtbot, window, wait_idle):
    with qtbot.waitSignal(window.sync.runner.finished, timeout=30_000):
        window.actions.sync_now.trigger()
    wait_idle()


def _names(window) -> list[str]:
    model = window.contacts_view.table.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_accounts_dialog_adds_and_removes_an_account(qtbot, window, book, wait_idle):
    opened = _dialogs(qtbot, window)
    window.actions.sync_accounts.trigger()
    dialog = opened[-1]
    wait_idle()
    assert dialog.table.rowCount() == 0
    dialog.add_button.click()
    add = dialog.add_dialog
    assert not add.add_button.isEnabled()  # no book chosen yet
    add.name.setText("Phone")
    qtbot.keyClicks(add.url, book.url)
    qtbot.keyClicks(add.user, USER)
    qtbot.keyClicks(add.password, PASSWORD)
    with qtbot.waitSignal(add.books_found, timeout=20_000):
        add.find_button.click()
    assert add.book.currentText() == "contacts" and add.add_button.isEnabled()
    with qtbot.waitSignal(dialog.added, timeout=20_000):
        add.add_button.click()
    wait_idle()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    assert dialog.table.item(0, 0).text() == "Phone"
    assert dialog.table.item(0, 1).text() == "contacts"
    assert "Phone" in window.statusBar().currentMessage()
    dialog.table.selectRow(0)
    dialog.remove_button.click()
    wait_idle()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0)


def test_a_wrong_password_is_said_in_the_add_dialog(qtbot, window, book, wait_idle):
    opened = _dialogs(qtbot, window)
    window.actions.sync_accounts.trigger()
    add_dialog = opened[-1]
    add_dialog.add_button.click()
    add = add_dialog.add_dialog
    add.url.setText(book.url)
    add.user.setText(USER)
    add.password.setText("wrong")
    with qtbot.waitSignal(add.books_found, timeout=20_000):
        add.find_button.click()
    assert add.error.isVisible() and add.error.text()
    assert not add.add_button.isEnabled()


def test_sync_now_brings_the_phones_contacts_into_the_open_list(
    qtbot, window, account, phone, wait_idle
):
    account()
    phone.put("zoe.vcf", new_card("zoe-1", "Zoe Park", email="zoe@x.org"))
    assert "Zoe Park" not in _names(window)
    said = []
    window.sync.runner.progress.connect(lambda _value, text: said.append(text))
    _sync_now(qtbot, window, wait_idle)
    assert "Fetching cards from Phone… 1 of 1" in said
    qtbot.waitUntil(lambda: "Zoe Park" in _names(window))
    assert "Phone" in window.statusBar().currentMessage()
    assert not window.sync.progress_bar.isVisible()


def test_an_emptied_book_asks_before_anything_goes_to_the_trash(
    qtbot, window, account, phone, wait_idle
):
    account()
    for n in range(3):
        phone.put(f"p{n}.vcf", new_card(f"p-{n}", f"Person {n}"))
    _sync_now(qtbot, window, wait_idle)
    qtbot.waitUntil(lambda: "Person 2" in _names(window))
    for href in phone.list():
        phone.delete(href)
    opened = _dialogs(qtbot, window)
    _sync_now(qtbot, window, wait_idle)
    [question] = [d for d in opened if isinstance(d, QMessageBox)]
    assert "Phone" in question.text() and "3" in question.text()
    assert "Person 0" in _names(window)  # nothing applied while it asks
    apply = next(b for b in question.buttons() if "Apply" in b.text())
    with qtbot.waitSignal(window.sync.runner.finished, timeout=30_000):
        apply.click()
    wait_idle()
    qtbot.waitUntil(lambda: not any(n.startswith("Person") for n in _names(window)))


def test_a_conflicted_contact_shows_a_banner_and_the_chooser_writes_the_choice(
    qtbot, window, store, clock, account, phone, wait_idle
):
    account()
    phone.put("ann.vcf", new_card("ann-1", "Ann Lee", email="ann@x.org"))
    _sync_now(qtbot, window, wait_idle)
    with store.reading() as session:
        ann = contacts.resolve_contact(session, ref="Ann Lee").id
    _edit_title(store, clock, ann, "CEO")
    [(href, etag)] = phone.list().items()  # as PRM uploaded it after matching
    card = phone.get(href)
    card.add("title").value = "CTO"
    phone.put(href, card, etag=etag)
    _sync_now(qtbot, window, wait_idle)
    qtbot.waitUntil(lambda: ann in window.sync.conflicts)
    assert "1 sync conflict" in window.sync.conflicts_button.text()
    window.contacts_view.show_contact(ann)
    banner = window.sync.banner
    qtbot.waitUntil(banner.isVisible)
    assert "Phone" in banner.label.text() and "Title" in banner.label.text()
    opened = _dialogs(qtbot, window)
    banner.action_button.click()
    chooser = opened[-1]
    assert isinstance(chooser, ConflictDialog)
    left, right = chooser.fields.choices["title"]
    assert (left.text(), right.text()) == ("CEO", "CTO") and left.isChecked()
    chooser.choose("title", "there")
    chooser.keep_button.click()
    wait_idle()
    with store.reading() as session:
        assert contacts.get_contact(session, contact_id=ann).title == "CTO"
    qtbot.waitUntil(lambda: not banner.isVisible())
    assert not window.sync.conflicts_button.isVisible()


def _edit_title(store, clock, contact_id: int, title: str) -> None:
    with store.transaction() as session:
        draft = contacts.draft_from_contact(contacts.get_contact(session, contact_id=contact_id))
        draft.title = title
        contacts.update_contact(session, contact_id=contact_id, draft=draft, clock=clock)


def test_a_failure_names_the_account_once(qtbot, window, account, wait_idle):
    account(password="wrong")
    opened = _dialogs(qtbot, window)
    _sync_now(qtbot, window, wait_idle)
    boxes = [d for d in opened if isinstance(d, QMessageBox)]
    assert len(boxes) == 1 and "Phone" in boxes[0].text()
    boxes[0].done(0)
    # The timer's runs never open a dialog: the status bar says it.
    with qtbot.waitSignal(window.sync.runner.finished, timeout=30_000):
        window.sync.sync_scheduled()
    wait_idle()
    assert len([d for d in opened if isinstance(d, QMessageBox)]) == 1
    assert "Phone" in window.statusBar().currentMessage()


def test_sync_now_without_accounts_opens_the_dialog(qtbot, window, wait_idle):
    opened = _dialogs(qtbot, window)
    window.actions.sync_now.trigger()
    wait_idle()
    assert opened and opened[-1].windowTitle() == "Sync accounts"
    assert window.toolbar.actions()[-1].text() == "Sync"
    opened[-1].done(0)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
