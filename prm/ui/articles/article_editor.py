"""File an article, or edit one: title, web address, source, date, topics, summary.

Problems show under their fields and everything typed stays: the dialog
closes only once the store accepted the article. The topics are typed like a
contact's interests (comma-separated), since that is what they are matched to.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from prm.core import articles
from prm.core.articles import ArticleDraft
from prm.core.errors import KnownError, ValidationError
from prm.ui.articles.article_ops import ArticleOps
from prm.ui.common.errors import show_known_error
from prm.ui.common.tasks import Tasks
from prm.ui.contacts.contact_editor_pages import join_list, split_list
from prm.ui.widgets.field_errors import ErrorLabel
from prm.ui.widgets.form_fields import FieldSlot, show_field_errors

log = logging.getLogger(__name__)


class ArticleEditor(QDialog):
    saved = Signal(int)  # the article id, once stored
    loaded = Signal()  # editing: the article arrived and the form is filled in

    def __init__(
        self,
        tasks: Tasks,
        ops: ArticleOps,
        *,
        article_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._ops = ops
        self.article_id = article_id
        self._before: ArticleDraft | None = None
        self._saving = False
        self.setWindowTitle("Edit article" if article_id else "File an article")

        self.title = QLineEdit(self)
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("hbr.org/2026/03/the-piece")
        self.source = QLineEdit(self)
        self.source.setPlaceholderText("Harvard Business Review, a newsletter, a blog…")
        self.published_on = QLineEdit(self)
        self.published_on.setPlaceholderText("YYYY-MM-DD")
        self.published_on.setMaximumWidth(160)
        self.topics = QLineEdit(self)
        self.topics.setPlaceholderText("supply chain, AI, pricing")
        self.summary = QPlainTextEdit(self)
        self.summary.setPlaceholderText("Why it is worth their time, in a line or two")
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(self.fontMetrics().lineSpacing() * 5)

        self.slots = {
            "title": FieldSlot(self.title, self),
            "url": FieldSlot(self.url, self),
            "published_on": FieldSlot(self.published_on, self, hint="When it came out (optional)."),
            "topics": FieldSlot(
                self.topics,
                self,
                hint="Separate topics with commas; people whose interests match are suggested.",
            ),
        }
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, key, field in (
            ("&Title", "title", self.title),
            ("&Web address", "url", self.url),
            ("&Source", "", self.source),
            ("&Published", "published_on", self.published_on),
            ("T&opics", "topics", self.topics),
            ("Su&mmary", "", self.summary),
        ):
            field.setAccessibleName(label.replace("&", ""))
            form.addRow(label, self.slots[key] if key else field)

        self.error = ErrorLabel(self)  # anything not about one field
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.addButton(
            "Save" if article_id else "File article", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", QKeySequence.StandardKey.Save):
            QShortcut(QKeySequence(keys), self, self.submit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        if article_id is not None:
            self.setEnabled(False)
            tasks.run(
                lambda session: articles.draft_from_article(
                    articles.get_article(session, article_id=article_id)
                ),
                self._loaded,
                self._load_failed,
            )

    # --- the form ------------------------------------------------------------------

    def load(self, draft: ArticleDraft) -> None:
        self.title.setText(draft.title)
        self.url.setText(draft.url)
        self.source.setText(draft.source)
        self.published_on.setText(draft.published_on)
        self.topics.setText(join_list(draft.topics))
        self.summary.setPlainText(draft.summary)

    def draft(self) -> ArticleDraft:
        return ArticleDraft(
            title=self.title.text(),
            url=self.url.text(),
            source=self.source.text(),
            published_on=self.published_on.text(),
            summary=self.summary.toPlainText(),
            topics=split_list(self.topics.text()),
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        show_field_errors(errors, self.slots, self.error)

    # --- saving ----------------------------------------------------------------------

    def submit(self) -> None:
        if self._saving:
            return
        self.error.clear_message()
        draft = self.draft()
        try:
            draft.cleaned()  # every problem at once, before a round trip to the store
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        if self._before is not None and draft.cleaned() == self._before.cleaned():
            self.accept()  # nothing changed: no write, no undo step
            return
        self._set_saving(True)
        if self.article_id is None:
            self._ops.add(draft, on_done=self._saved, on_error=self._failed)
        else:
            assert self._before is not None
            self._ops.update(
                self.article_id, self._before, draft, on_done=self._saved, on_error=self._failed
            )

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.save_button.setEnabled(not saving)

    def _saved(self, article_id: int) -> None:
        if not isValid(self):
            return
        self._set_saving(False)
        self.saved.emit(article_id)
        self.accept()

    def _failed(self, exc: KnownError) -> None:
        if not isValid(self):
            show_known_error(None, exc)
            return
        self._set_saving(False)
        if isinstance(exc, ValidationError):
            self.show_errors(exc.errors)
        else:
            self.error.show_message(exc.message)

    def _loaded(self, draft: ArticleDraft) -> None:
        if not isValid(self):
            return
        self._before = draft
        self.load(draft)
        self.setEnabled(True)
        self.title.setFocus(Qt.FocusReason.OtherFocusReason)
        self.loaded.emit()

    def _load_failed(self, exc: KnownError) -> None:
        if isValid(self):
            show_known_error(self.parentWidget(), exc)
            self.reject()
