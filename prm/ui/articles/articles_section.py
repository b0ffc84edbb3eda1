"""The Articles section: the library, and who each article would help."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from prm.core.changes import ARTICLE_TABLES, TOUCH_TABLES, Changes
from prm.ui.common.section import Section

ARTICLES = "articles"
# Who an article helps: interests match its topics, ranked by how overdue they are.
_PEOPLE_TABLES = TOUCH_TABLES | {"contact", "contact_interest", "cadence_tier"}


class ArticlesSection(Section):
    key, title, icon = ARTICLES, "Articles", "articles"
    watches = ARTICLE_TABLES | _PEOPLE_TABLES

    def build(self) -> QWidget:
        from prm.ui.articles.articles_view import ArticlesView

        view = ArticlesView(self.tasks, self.undo_stack)
        view.contact_activated.connect(self.open_contact)
        view.ops.message.connect(self.message)
        return view

    def reload(self) -> None:
        self.view.reload()

    def on_changes(self, changes: Changes) -> None:
        if self.built and self.on_screen and not changes.touched(ARTICLE_TABLES):
            if changes.touched(_PEOPLE_TABLES):
                self.view.refresh_people()  # the library itself did not change
            return
        super().on_changes(changes)

    def show_article(self, article_id: int) -> None:
        self.show_requested.emit(self.key)
        self.view.reload(select_id=article_id)

    def show_share(self, share_id: int) -> None:
        """An article share on a contact's timeline: open its article here."""
        from prm.core.article_shares import article_of_share

        # One row by its key: bounded, fine on this thread.
        article_id = self.tasks.read(lambda s: article_of_share(s, share_id=share_id))
        if article_id is not None:
            self.show_article(article_id)
