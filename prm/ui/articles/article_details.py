"""One article: what it is, "Who would this help?", and who already got it.

Pure display plus buttons; the articles view loads the data and acts on the
signals. The suggestions allow several people at once: a good article often
goes to a handful.
"""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from prm.core.article_readers import SuggestedReader
from prm.core.article_shares import ShareRow
from prm.core.articles import ArticleRow
from prm.ui.articles.reader_table_model import ReaderTableModel
from prm.ui.articles.share_log_model import ShareLogModel
from prm.ui.common.formatting import local_date
from prm.ui.widgets.action_table import ActionTable
from prm.ui.widgets.form_fields import HintLabel, heading

LOG_MIN_ROWS, LOG_MAX_ROWS = 4, 8  # the "Shared with" table's height, in rows


class ArticleDetails(QWidget):
    edit_requested = Signal()
    delete_requested = Signal()
    share_requested = Signal(list)  # [(contact id, name)] picked from the suggestions
    contact_activated = Signal(int)
    response_edit_requested = Signal(int, str)  # share id, the response so far

    def __init__(self, zone: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.article: ArticleRow | None = None
        self.title = QLabel(self)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.meta = HintLabel("", self)
        self.link = QLabel(self)
        self.link.setOpenExternalLinks(True)
        self.link.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.edit_button = QPushButton("Edit…", self)
        self.edit_button.clicked.connect(self.edit_requested)
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setToolTip("Move this article to the trash (Undo brings it back)")
        self.delete_button.clicked.connect(self.delete_requested)

        self.readers = ReaderTableModel(self)
        self.readers_table = self._table(self.readers, "People this article would help")
        self.readers_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.readers_table.size_columns(
            {
                ReaderTableModel.TOPICS: "supply chain, AI",
                ReaderTableModel.RHYTHM: "365 days · overdue (every 180)",
            },
            ReaderTableModel.NAME,
        )
        self.readers_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.readers_hint = HintLabel("", self)
        self.share_button = QPushButton("Share…", self)
        self.share_button.setToolTip("Record that you sent it to the selected people")
        self.share_button.clicked.connect(self._share_selected)
        self.share_other_button = QPushButton("Share with someone else…", self)
        self.share_other_button.clicked.connect(lambda: self.share_requested.emit([]))

        self.log = ShareLogModel(zone, self)
        self.log_table = self._table(self.log, "Who already got this article")
        self.log_table.size_columns(
            {
                ShareLogModel.WHEN: "30 Sep 2026",
                ShareLogModel.CHANNEL: "Text message",
                ShareLogModel.RESPONSE: "Forwarded it to her whole team",
            },
            ShareLogModel.WHO,
        )
        self.log_table.setToolTip("Double-click a response to write down how they took it")
        self.log_empty = HintLabel("Nobody has had it yet.", self)

        actions = QHBoxLayout()
        actions.addWidget(self.link, 1)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.delete_button)
        share_row = QHBoxLayout()
        share_row.addWidget(self.readers_hint, 1)
        share_row.addWidget(self.share_other_button)
        share_row.addWidget(self.share_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addLayout(actions)
        layout.addWidget(self.summary)
        layout.addWidget(heading("Who would this help?", self))
        layout.addWidget(self.readers_table, 2)
        layout.addLayout(share_row)
        layout.addWidget(heading("Shared with", self))
        layout.addWidget(self.log_table, 1)
        layout.addWidget(self.log_empty)
        self._update_buttons()

    def _table(self, model, name: str) -> ActionTable:
        table = ActionTable(model, keys={}, parent=self)
        table.setFrameShape(QFrame.Shape.StyledPanel)
        table.setAccessibleName(name)
        table.doubleClicked.connect(self._double_clicked)
        return table

    # --- contents ----------------------------------------------------------------------

    def show_article(self, article: ArticleRow) -> None:
        self.article = article
        self.title.setText(article.title)
        bits = [article.source, local_date(article.published_on) if article.published_on else ""]
        topics = ", ".join(article.topics)
        meta = " · ".join(b for b in bits if b)
        self.meta.setText(f"{meta}\nTopics: {topics}" if meta else f"Topics: {topics or 'none'}")
        href = article.url.replace('"', "%22")
        shown = article.url if len(article.url) < 70 else article.url[:67] + "…"
        self.link.setText(f'<a href="{href}">{_escape(shown)}</a>')
        self.summary.setText(article.summary)
        self.summary.setVisible(bool(article.summary))

    def show_people(self, readers: list[SuggestedReader], log: list[ShareRow]) -> None:
        self.readers.set_rows(readers)
        self.log.set_rows(log)
        self.log_table.setVisible(bool(log))
        # Room for at least four rows, more (up to eight) when it has them; it shares
        # any further room with the suggestions.
        rows = min(max(len(log), LOG_MIN_ROWS), LOG_MAX_ROWS)
        self.log_table.setMinimumHeight(
            self.log_table.horizontalHeader().sizeHint().height()
            + rows * self.log_table.verticalHeader().defaultSectionSize()
            + 2 * self.log_table.frameWidth()
        )
        self.log_empty.setVisible(not log)
        if readers:
            self.readers_hint.setText("Shared interests, not had it yet; most overdue first.")
        elif self.article is not None and not self.article.topics:
            self.readers_hint.setText("Give the article topics to see who it would help.")
        else:
            self.readers_hint.setText("Nobody else has these interests yet.")
        if readers:  # the most overdue person is the obvious first pick
            self.readers_table.selectionModel().select(
                self.readers.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._update_buttons()

    def selected_people(self) -> list[tuple[int, str]]:
        rows = sorted(i.row() for i in self.readers_table.selectionModel().selectedRows())
        return [(self.readers.row_at(r).contact_id, self.readers.row_at(r).name) for r in rows]

    # --- reactions ------------------------------------------------------------------------

    def _share_selected(self) -> None:
        self.share_requested.emit(self.selected_people())

    def _double_clicked(self, index: QModelIndex) -> None:
        row = index.model().index(index.row(), 0).data(Qt.ItemDataRole.UserRole + 1)
        if index.model() is self.log and index.column() == ShareLogModel.RESPONSE:
            self.response_edit_requested.emit(row.id, row.response)
            return
        self.contact_activated.emit(row.contact_id)

    def _update_buttons(self, *_args: object) -> None:
        picked = len(self.selected_people())
        self.share_button.setEnabled(bool(picked))
        self.share_button.setText(f"Share with {picked}…" if picked > 1 else "Share…")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
