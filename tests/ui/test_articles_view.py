"""Articles: file one, see who it would help, share it (with Undo), never twice by accident."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl

from prm.core import article_shares, articles, touches
from prm.core.article_readers import suggest_readers
from prm.core.articles import ArticleDraft
from prm.core.models import Contact
from prm.core.touches import TouchDraft
from prm.ui.articles.article_table_model import ArticleTableModel
from prm.ui.articles.reader_table_model import ReaderTableModel
from prm.ui.articles.share_log_model import ShareLogModel

INNER = 1  # seeded tier: every 14 days


@pytest.fixture
def undo_stack(tasks):
    from prm.ui.operations import new_undo_stack

    stack = new_undo_stack(tasks)
    yield stack
    stack.deleteLater()


@pytest.fixture
def view(qtbot, tasks, undo_stack, wait_idle):
    from PySide6.QtWidgets import QWidget

    from prm.ui.articles.articles_section import ArticlesSection

    window = QWidget()
    qtbot.addWidget(window)
    section = ArticlesSection(tasks, undo_stack, window)  # hears every change, as in the window
    view = section.view
    view.section = section  # the window keeps its sections; so does this test
    qtbot.addWidget(view)
    view.resize(1100, 640)
    view.show()
    section.shown()
    wait_idle()
    return view


@pytest.fixture
def people(add_contact, store, clock):
    """Ann (long overdue), Bob (a bit overdue), Cy (no shared interest)."""
    ann = add_contact("Ann", interests=["AI"], cadence_tier_id=INNER)
    bob = add_contact("Bob", interests=["supply chain"], cadence_tier_id=INNER)
    cy = add_contact("Cy", interests=["jazz"])
    clock.advance(days=40)
    with store.transaction() as session:
        touches.log_touch(
            session,
            draft=TouchDraft([bob], "call", occurred_at=clock.now() - timedelta(days=20)),
            clock=clock,
        )
    return ann, bob, cy


def file_article(view, qtbot, wait_idle, **fields):
    view.new_article()
    editor = view.dialog
    editor.title.setText(fields.get("title", "Supply chains after AI"))
    editor.url.setText(fields.get("url", "hbr.org/ai-supply"))
    editor.topics.setText(fields.get("topics", "AI, Supply Chain"))
    editor.submit()
    wait_idle()
    return editor


def suggestion_names(view) -> list[str]:
    model = view.details.readers
    return [model.row_at(r).name for r in range(model.rowCount())]


def test_filing_an_article_shows_who_it_would_help_most_overdue_first(
    view, qtbot, wait_idle, people
):
    assert view.stack.currentWidget() is view.empty
    file_article(view, qtbot, wait_idle)
    assert view.dialog is None and view.model.rowCount() == 1
    assert view.details.title.text() == "Supply chains after AI"
    assert suggestion_names(view) == ["Ann", "Bob"]  # 40/14 before 20/14; Cy likes jazz
    assert view.details.selected_people() == [(people[0], "Ann")]
    assert "overdue" in view.details.readers.index(0, ReaderTableModel.RHYTHM).data()


def test_sharing_moves_people_from_suggestions_to_the_log_and_undo_brings_them_back(
    view, qtbot, wait_idle, people, undo_stack, store, clock
):
    ann = people[0]
    file_article(view, qtbot, wait_idle)
    view.details.share_button.click()
    dialog = view.dialog
    assert dialog.people.people() == [(ann, "Ann")]
    dialog.response.setText("Loved it")
    dialog.submit()
    wait_idle()
    assert view.dialog is None
    assert suggestion_names(view) == ["Bob"]
    log = view.details.log
    assert [log.index(0, c).data() for c in (ShareLogModel.WHO, ShareLogModel.RESPONSE)] == [
        "Ann",
        "Loved it",
    ]
    with store.reading() as session:
        assert session.get(Contact, ann).last_touch_at == clock.now()
    assert view.model.index(0, ArticleTableModel.SHARED).data() == "1 person"

    undo_stack.undo()
    wait_idle()
    assert suggestion_names(view) == ["Ann", "Bob"] and view.details.log.rowCount() == 0
    with store.reading() as session:
        assert session.get(Contact, ann).last_touch_at is None
    undo_stack.redo()
    wait_idle()
    assert suggestion_names(view) == ["Bob"] and view.details.log.rowCount() == 1


def test_sharing_again_warns_naming_the_person_and_the_date(
    view, qtbot, wait_idle, people, store, clock
):
    ann, bob, _ = people
    file_article(view, qtbot, wait_idle)
    with store.transaction() as session:
        article_shares.share_article(
            session,
            article_id=view.current_id(),
            contact_ids=[ann],
            channel="email",
            at=None,
            clock=clock,
        )
    view.share([(ann, "Ann"), (bob, "Bob")])
    dialog = view.dialog
    wait_idle()
    assert dialog.warning.isVisible()
    assert dialog.warning.label.text() == "Ann already got it on 23 Apr 2026."
    assert dialog.share_button.text() == "Share again"
    dialog.warning.action_button.click()  # leave them out
    wait_idle()
    assert dialog.people.people() == [(bob, "Bob")]
    assert not dialog.warning.isVisible() and dialog.share_button.text() == "Share"


def test_the_editor_keeps_what_was_typed_and_names_each_problem(view, qtbot, wait_idle, people):
    view.new_article()
    editor = view.dialog
    editor.title.setText("Pricing power")
    editor.url.setText("not a url")
    editor.published_on.setText("2026-02-31")
    editor.submit()
    wait_idle()
    assert editor.isVisible()
    assert editor.slots["url"].error.text() == "“not a url” is not a web address"
    assert editor.slots["published_on"].error.text() == "2026-02-31 is not a real date"
    assert (editor.title.text(), editor.url.text()) == ("Pricing power", "not a url")
    editor.url.setText("example.com/pricing")
    assert editor.slots["url"].error.isHidden()  # typing clears the message


def test_a_duplicate_url_is_refused_under_the_field(view, qtbot, wait_idle, people):
    file_article(view, qtbot, wait_idle, title="First")
    editor = file_article(
        view, qtbot, wait_idle, title="Second", url="https://www.hbr.org/ai-supply/"
    )
    assert editor.isVisible() and editor.title.text() == "Second"
    assert editor.slots["url"].error.text() == "Already in the library as “First”."
    editor.reject()


def test_search_filters_the_library(view, qtbot, wait_idle, people):
    file_article(view, qtbot, wait_idle)
    file_article(
        view, qtbot, wait_idle, title="Jazz and negotiation", url="example.com/jazz", topics="jazz"
    )
    view.search.setText("jazz")
    view.search.flush()
    wait_idle()
    assert [view.model.row_at(r).title for r in range(view.model.rowCount())] == [
        "Jazz and negotiation"
    ]
    assert suggestion_names(view) == ["Cy"]


def test_the_models_are_well_behaved(qtmodeltester, store, clock, people, tasks):
    with store.transaction() as session:
        aid = articles.add_article(
            session,
            draft=ArticleDraft(title="T", url="example.com", topics=["AI", "supply chain"]),
            clock=clock,
        ).id
        article_shares.share_article(
            session,
            article_id=aid,
            contact_ids=[people[2]],
            channel="text",
            at=None,
            clock=clock,
            response="thanks",
        )
    with store.reading() as session:
        rows = articles.list_articles(session)
        readers = suggest_readers(session, article_id=aid, now=clock.now(), zone=tasks.ctx.zone)
        log = article_shares.share_log(session, article_id=aid)
    library, suggestions, shares = (
        ArticleTableModel(),
        ReaderTableModel(),
        ShareLogModel(tasks.ctx.zone),
    )
    library.set_rows(rows)
    suggestions.set_rows(readers)
    shares.set_rows(log)
    for model in (library, suggestions, shares):
        assert model.rowCount() > 0
        qtmodeltester.check(model, force_py=True)


def test_an_article_on_the_timeline_opens_it_in_the_articles_section(qtbot, window, store, clock):
    from prm.core import article_shares, articles, contacts
    from prm.core.articles import ArticleDraft
    from prm.core.drafts import ContactDraft

    with store.transaction() as session:
        people = [
            contacts.create_contact(session, draft=ContactDraft(given_name="Ann"), clock=clock).id
        ]

    with store.transaction() as session:
        article = articles.add_article(
            session,
            draft=ArticleDraft(title="Pricing for consultants", url="https://x.example/p"),
            clock=clock,
        )
        article_shares.share_article(
            session,
            article_id=article.id,
            contact_ids=[people[0]],
            channel="email",
            at=None,
            clock=clock,
        )
        article_id = article.id
    cv = window.contacts_view
    cv.reload(people[0])
    qtbot.waitUntil(lambda: cv.timeline.model.rowCount() == 1, timeout=5000)
    cv.timeline.select_entry("article", cv.timeline.model.entries()[0].id)
    cv.timeline.edit_current()
    qtbot.waitUntil(lambda: window.articles.view.current_id() == article_id, timeout=5000)
    assert window.sidebar.current_key() == "articles"


def test_their_response_is_written_down_from_the_share_log(
    qtbot, window, store, clock, monkeypatch
):
    from PySide6.QtWidgets import QInputDialog

    from prm.core import article_shares, articles, contacts
    from prm.core.articles import ArticleDraft
    from prm.core.drafts import ContactDraft
    from prm.ui.articles.share_log_model import ShareLogModel

    with store.transaction() as session:
        ann = contacts.create_contact(session, draft=ContactDraft(given_name="Ann"), clock=clock).id
        article = articles.add_article(
            session,
            draft=ArticleDraft(title="Hiring senior people", url="https://x.example/h"),
            clock=clock,
        )
        article_shares.share_article(
            session, article_id=article.id, contact_ids=[ann], channel="email", at=None, clock=clock
        )
        article_id = article.id
    view = window.articles.view
    window.sidebar.select("articles")
    view.reload(select_id=article_id)
    log = view.details.log
    qtbot.waitUntil(lambda: log.rowCount() == 1, timeout=5000)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Forwarded it to her team", True))
    view.details._double_clicked(log.index(0, ShareLogModel.RESPONSE))
    qtbot.waitUntil(
        lambda: log.rowCount() == 1 and log.row_at(0).response == "Forwarded it to her team",
        timeout=5000,
    )
    with store.reading() as session:
        (share,) = article_shares.share_log(session, article_id=article_id)
        assert share.response == "Forwarded it to her team"


def test_the_library_is_newest_first_and_sorts_by_a_clicked_header(view, qtbot, wait_idle):
    for title, url, day in (
        ("Beta", "b.org", "2026-03-01"),
        ("Alpha", "a.org", "2026-05-01"),
        ("Gamma", "c.org", ""),
    ):
        view.new_article()
        editor = view.dialog
        editor.title.setText(title)
        editor.url.setText(url)
        editor.published_on.setText(day)
        editor.submit()
        wait_idle()

    def titles():
        return [view.model.row_at(r).title for r in range(view.model.rowCount())]

    header = view.table.horizontalHeader()
    assert titles() == ["Alpha", "Beta", "Gamma"]  # newest published first, undated last
    assert header.isSortIndicatorShown()
    assert header.sortIndicatorSection() == ArticleTableModel.PUBLISHED
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

    view.table.selectRow(titles().index("Beta"))
    x = header.sectionViewportPosition(ArticleTableModel.TITLE) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert header.sortIndicatorSection() == ArticleTableModel.TITLE
    assert titles() in (["Alpha", "Beta", "Gamma"], ["Gamma", "Beta", "Alpha"])
    assert view.current_id() == view.model.row_at(titles().index("Beta")).id  # stays chosen
    view.reload()
    wait_idle()
    assert header.sortIndicatorSection() == ArticleTableModel.TITLE  # the order survives


def test_shared_with_has_room_for_four_rows(view, qtbot, wait_idle, people):
    file_article(view, qtbot, wait_idle)
    view.details.share_button.click()
    view.dialog.submit()
    wait_idle()
    assert view.details.log.rowCount() == 1
    table = view.details.log_table
    rows_shown = table.viewport().height() / table.verticalHeader().defaultSectionSize()
    assert rows_shown >= 4


@pytest.fixture
def opened_urls(monkeypatch):
    from PySide6.QtGui import QDesktopServices

    urls = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url) or True)
    return urls


def test_share_opens_a_mail_draft_to_their_email(
    view, qtbot, wait_idle, add_contact, opened_urls, store, clock
):
    from prm.ui.articles.share_article_dialog import ShareArticleDialog

    dee = add_contact("Dee", "Ng", emails=("dee@example.com",), interests=["AI"])
    file_article(view, qtbot, wait_idle, title="R&D: 50% faster?", url="https://hbr.org/a?x=1&y=2")
    view.details.share_button.click()
    dialog = view.dialog
    assert isinstance(dialog, ShareArticleDialog)
    assert dialog.people.people() == [(dee, "Dee Ng")]
    qtbot.mouseClick(dialog.mail_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened_urls))
    url = opened_urls[0].toString(QUrl.ComponentFormattingOption.FullyEncoded)
    assert url == (
        "mailto:dee@example.com?subject=R%26D%3A%2050%25%20faster%3F"
        "&body=R%26D%3A%2050%25%20faster%3F%0A%0Ahttps%3A%2F%2Fhbr.org%2Fa%3Fx%3D1%26y%3D2"
    )
    assert dialog.channel.currentData() == "email"
    assert "Mail draft opened" in dialog.send_note.text()
    dialog.submit()  # and Share still records it
    wait_idle()
    assert view.details.log.rowCount() == 1


def test_share_copies_the_link(view, qtbot, wait_idle, people):
    from PySide6.QtGui import QGuiApplication

    file_article(view, qtbot, wait_idle, url="https://hbr.org/ai-supply")
    view.details.share_button.click()
    dialog = view.dialog
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "https://hbr.org/ai-supply"
    assert "Link copied" in dialog.send_note.text()
