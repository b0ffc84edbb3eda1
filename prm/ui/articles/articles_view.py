"""Articles: the library on the left, the chosen article on the right with
"Who would this help?" and who already got it.

An article is a reason to reach out: the suggestions are the people whose
interests meet its topics, minus everyone who had it, most overdue first.
Everything loads on the DB worker; a newer load supersedes an older one.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QInputDialog,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from prm.core import article_shares, articles
from prm.ui.articles.article_details import ArticleDetails
from prm.ui.articles.article_ops import ArticleOps
from prm.ui.articles.article_table_model import ArticleTableModel
from prm.ui.common.latest import LatestOnly
from prm.ui.common.tasks import Tasks
from prm.ui.widgets.action_table import ActionTable
from prm.ui.widgets.empty_state import EmptyState
from prm.ui.widgets.list_page import PageHeader
from prm.ui.widgets.search_field import SearchField
from prm.ui.widgets.separator import finish_splitter

log = logging.getLogger(__name__)

SUGGESTIONS = 20


class ArticlesView(QWidget):
    contact_activated = Signal(int)
    loaded = Signal()  # the library list arrived
    details_loaded = Signal()  # the chosen article's suggestions and log arrived

    def __init__(self, tasks: Tasks, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._latest = LatestOnly(tasks)
        self._latest_details = LatestOnly(tasks)
        self.dialog = None  # the editor or share dialog on screen, for tests
        self.ops = ArticleOps(tasks, undo_stack, self)  # its writes come back as changes

        self.search = SearchField("Search articles")
        self.search.query_changed.connect(lambda _q: self.reload())
        self.new_button = QPushButton("File an article…")
        self.new_button.clicked.connect(self.new_article)
        self.model = ArticleTableModel(self)
        self.table = ActionTable(self.model, keys={})
        self.table.size_columns(
            {ArticleTableModel.PUBLISHED: "30 Sep 2026", ArticleTableModel.SHARED: "nobody yet"},
            ArticleTableModel.TITLE,
        )
        # The title needs the room; the details beside the list show source and topics.
        self.table.setColumnHidden(ArticleTableModel.SOURCE, True)
        self.table.setColumnHidden(ArticleTableModel.TOPICS, True)
        self.table.setAccessibleName("Articles")
        # Newest published first, shown in the header; a click on a header sorts by it.
        self.table.horizontalHeader().setSortIndicator(
            self.model.sort_column, self.model.sort_order
        )
        self.table.setSortingEnabled(True)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_article())
        self.search.leave_down.connect(lambda: self.table.setFocus())

        self.details = ArticleDetails(tasks.ctx.zone)
        self.details.edit_requested.connect(self.edit_article)
        self.details.delete_requested.connect(self._delete)
        self.details.share_requested.connect(self.share)
        self.details.contact_activated.connect(self.contact_activated)
        self.details.response_edit_requested.connect(self.edit_response)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.details)
        self.details_pane = scroll

        self.empty = EmptyState(
            "Your article library is empty",
            "File the articles worth sending. PRM tells you who each one would help "
            "and makes sure nobody gets the same one twice.",
        )
        self.empty.add_button("File an article…", primary=True).clicked.connect(self.new_article)
        self._build(scroll)

    def _build(self, details: QWidget) -> None:
        header = PageHeader("Articles", "Send the piece that helps them do their job.", self)
        self.summary = header.summary
        header.add_row(self.search, self.new_button)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addLayout(header)
        column.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(details)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        finish_splitter(self.splitter)
        self.splitter.setSizes([420, 630])
        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    # --- what the window asks ---------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        """Reload the library (and the chosen article's people), keeping the choice."""
        query = self.search.query()
        keep = select_id if select_id is not None else self.current_id()

        self._latest.run(
            lambda session: articles.article_library(session, query=query),
            lambda library: self._loaded(library, keep),
        )

    def refresh_people(self) -> None:
        """Touches or interests changed: the suggestions (and their order) may too."""
        self._load_details(self.current_id())

    def current_id(self) -> int | None:
        row = self.table.current_row()
        return self.model.row_at(row).id if 0 <= row < self.model.rowCount() else None

    def edit_response(self, share_id: int, response: str) -> None:
        """How they took it ("forwarded it to the team"): one line, kept in the share log."""
        text, ok = QInputDialog.getText(
            self, "Their response", "How did they respond to the article?", text=response
        )
        if ok and text.strip() != response:
            self.ops.set_response(share_id, text.strip())

    def new_article(self) -> None:
        self._open_editor(None)

    def edit_article(self) -> None:
        if self.current_id() is not None:
            self._open_editor(self.current_id())

    def share(self, people: list[tuple[int, str]]) -> None:
        from prm.ui.articles.share_article_dialog import ShareArticleDialog

        article = self.details.article
        if article is None:
            return
        dialog = ShareArticleDialog(
            self._tasks,
            self.ops,
            article_id=article.id,
            title=article.title,
            link=article.url,
            people=people,
            parent=self,
        )
        self._show_dialog(dialog)

    # --- loading --------------------------------------------------------------------------

    def _loaded(self, library: articles.ArticleLibrary, keep: int | None) -> None:
        # A search with no hits still shows the list (and the search box); an empty
        # library shows the invitation instead.
        rows, any_at_all = library.rows, library.any_at_all
        self.model.set_rows(rows)
        self.stack.setCurrentWidget(self.splitter if any_at_all else self.empty)
        count = len(rows)
        self.summary.setText(
            "Send the piece that helps them do their job."
            if not count
            else f"{count} article{'s' if count != 1 else ''} · pick one to see who it would help"
        )
        row = self.model.row_for_id(keep) if keep is not None else -1
        if rows:
            self.table.select_row(max(row, 0))
        else:
            self.details_pane.setVisible(False)
        self._current_changed()
        self.loaded.emit()

    def _current_changed(self, *_args: QModelIndex) -> None:
        article_id = self.current_id()
        self.details_pane.setVisible(article_id is not None)
        if article_id is None:
            return
        row = self.model.row_at(self.table.current_row())
        if self.details.article is None or self.details.article != row:
            self.details.show_article(row)
        self._load_details(article_id)

    def _load_details(self, article_id: int | None) -> None:
        if article_id is None:
            return
        ctx = self._tasks.ctx
        now, zone = ctx.clock.now(), ctx.zone

        self._latest_details.run(
            lambda session: article_shares.article_people(
                session, article_id=article_id, now=now, zone=zone, limit=SUGGESTIONS
            ),
            lambda people: self._details_arrived(article_id, people),
        )

    def _details_arrived(self, article_id: int, people: article_shares.ArticlePeople) -> None:
        if self.current_id() != article_id:
            return
        self.details.show_people(people.readers, people.shares)
        self.details_loaded.emit()

    # --- dialogs ---------------------------------------------------------------------------

    def _open_editor(self, article_id: int | None) -> None:
        from prm.ui.articles.article_editor import ArticleEditor

        dialog = ArticleEditor(self._tasks, self.ops, article_id=article_id, parent=self)
        dialog.saved.connect(self.reload)
        self._show_dialog(dialog)

    def _show_dialog(self, dialog) -> None:
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(self._forget_dialog)
        self.dialog = dialog
        dialog.open()

    def _forget_dialog(self, _result: int) -> None:
        self.dialog = None

    def _delete(self) -> None:
        article = self.details.article
        if article is not None and self.current_id() == article.id:
            self.ops.trash(article.id, article.title)
