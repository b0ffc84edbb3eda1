"""A contact shown like an address book's card: avatar, name, work, tags, then details.

The header is made of widgets; the details are rich text in a browser as tall
as its text that carries the links. The card has no scroll area of its own: the
contact page scrolls it together with the timeline below it. Colours come from the palette and
are re-applied when the theme changes.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from prm.core.clock import Clock, SystemClock
from prm.core.contact_cards import ContactCard as CardData
from prm.ui.advocates.links import ADVOCACY_SCHEME, NEW_LINKS
from prm.ui.common.palette import muted_color
from prm.ui.contacts.contact_avatar import avatar_pixmap
from prm.ui.contacts.contact_card_html import (
    CONTACT_SCHEME,
    GIFT_SCHEME,
    CardColors,
    card_body_html,
)
from prm.ui.widgets.elided_label import ElidedLabel
from prm.ui.widgets.flow_layout import FlowLayout

log = logging.getLogger(__name__)

AVATAR_SIZE = 72
# Local time in the contact's zone is shown to the minute; keep it current.
REFRESH_MS = 60_000


def work_line(title: str, organization: str, department: str) -> str:
    """ "Partner at Acme (Strategy)", or whichever parts exist."""
    line = f"{title} at {organization}" if title and organization else title or organization
    if department:
        line = f"{line} ({department})" if line else department
    return line


class TagChip(QLabel):
    def __init__(self, text: str, palette: QPalette, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.follow(palette)

    def follow(self, palette: QPalette) -> None:
        """Colours from ``palette`` (the card's): called again when the theme changes,
        as a style sheet's palette(...) is read once, when it is set."""
        background = palette.color(QPalette.ColorRole.Button).name()
        text = palette.color(QPalette.ColorRole.ButtonText).name()
        border = palette.color(QPalette.ColorRole.Mid).name()
        self.setStyleSheet(
            f"QLabel {{ background: {background}; color: {text}; border: 1px solid {border};"
            " border-radius: 9px; padding: 1px 8px; }"
        )


class FittedBrowser(QTextBrowser):
    """Rich text as tall as its contents, no scroll bar of its own: it lives inside
    the contact page's one scroll area, never a scroll box within a scroll box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().setDocumentMargin(0)
        self.document().documentLayout().documentSizeChanged.connect(self._fit_height)

    def _fit_height(self) -> None:
        height = int(self.document().size().height() + 0.999) + 2 * self.frameWidth()
        if height != self.height():
            self.setFixedHeight(max(height, 1))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def wheelEvent(self, event) -> None:
        event.ignore()  # the page's scroll area scrolls, not this


class ContactCard(QWidget):
    contact_activated = Signal(int)
    edit_requested = Signal()
    add_gift_requested = Signal()
    gift_activated = Signal(int)
    advocacy_new_requested = Signal(str, int)  # "referral"/"introduction"/…, this contact
    advocacy_edit_requested = Signal(str, int)  # "referral"/"introduction"/"engagement", its id
    shown = Signal(object)  # the contact now on the card (its id), or None

    def __init__(self, parent: QWidget | None = None, *, clock: Clock | None = None) -> None:
        super().__init__(parent)
        self._clock = clock or SystemClock()
        self._card: CardData | None = None
        self._stack = QStackedWidget(self)
        self.placeholder = QLabel("Select a contact", self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._stack.addWidget(self.placeholder)
        self._stack.addWidget(self._build_card_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(REFRESH_MS)
        self._clock_timer.timeout.connect(self._render_body)
        self._apply_colors()
        self.show_card(None)

    def _build_card_page(self) -> QWidget:
        page = QWidget(self)
        self.avatar = QLabel(page)
        self.avatar.setFixedSize(AVATAR_SIZE, AVATAR_SIZE)
        # One line each, shortened with "…" (whole text on hover): a long name or
        # company never wraps into a tall column beside the avatar.
        self.name_label = ElidedLabel("", page)
        font = QFont(self.name_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setWeight(QFont.Weight.DemiBold)
        self.name_label.setFont(font)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.nickname_label = ElidedLabel("", page)
        self.work_label = ElidedLabel("", page)
        self.work_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tags_box = QWidget(page)
        self._tags_layout = FlowLayout(self.tags_box, spacing=4)
        self.edit_button = QPushButton("Edit…", page)
        self.edit_button.setToolTip("Edit this contact")
        self.edit_button.clicked.connect(self.edit_requested)
        self.gift_button = QPushButton("Add gift…", page)
        self.gift_button.setToolTip(
            "Note a gift idea for this contact, or a gift given or received"
        )
        self.gift_button.clicked.connect(self.add_gift_requested)
        self.advocacy_button = self._advocacy_button(page)

        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addStretch(1)  # a short header sits centred beside the avatar
        for widget in (self.name_label, self.nickname_label, self.work_label):
            titles.addWidget(widget)
        titles.addSpacing(4)
        titles.addWidget(self.tags_box)
        # The buttons have a row of their own, so the name gets the card's width.
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 6, 0, 0)
        buttons.setSpacing(8)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.gift_button)
        buttons.addWidget(self.advocacy_button)
        buttons.addStretch(1)
        titles.addLayout(buttons)
        titles.addStretch(1)
        header = QHBoxLayout()
        header.setSpacing(14)
        header.addWidget(self.avatar, 0, Qt.AlignmentFlag.AlignTop)
        header.addLayout(titles, 1)

        rule = QFrame(page)
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Plain)
        rule.setForegroundRole(QPalette.ColorRole.Mid)

        self.details = FittedBrowser(page)
        self.details.setAccessibleName("Contact details")
        self.details.setOpenLinks(False)  # we route links: contacts inside, the rest outside
        self.details.anchorClicked.connect(self._on_link)

        # Strips other rooms put above the card (a sync conflict says so here).
        self.banners = QVBoxLayout()
        self.banners.setSpacing(0)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(20, 18, 20, 12)
        layout.setSpacing(12)
        layout.addLayout(self.banners)
        layout.addLayout(header)
        layout.addWidget(rule)
        layout.addWidget(self.details)
        return page

    def _advocacy_button(self, page: QWidget) -> QPushButton:
        """Advocacy ▾: record a referral they made, introduce them, their advocacy, an
        engagement (a menu, so the keyboard reaches each)."""

        button = QPushButton("Advocacy", page)
        button.setToolTip("Record a referral, an introduction, advocacy or an engagement")
        menu = QMenu(button)
        for kind, text in NEW_LINKS:
            menu.addAction(text, lambda k=kind: self._advocacy_link(f"new/{k}"))
        button.setMenu(menu)
        return button

    def _advocacy_link(self, path: str) -> None:
        kind, _, rest = path.partition("/")
        if self._card is None:
            return
        if kind == "new":
            self.advocacy_new_requested.emit(rest, self._card.contact.id)
        elif rest.isdigit():
            self.advocacy_edit_requested.emit(kind, int(rest))

    # --- API -------------------------------------------------------------------

    def card(self) -> CardData | None:
        return self._card

    def show_card(self, card: CardData | None) -> None:
        self._card = card
        if card is None:
            self._stack.setCurrentIndex(0)
            self._clock_timer.stop()
            self.details.clear()
            self.shown.emit(None)
            return
        c = card.contact
        self.name_label.setText(c.display_name)
        shows_nickname = c.nickname and c.nickname != c.display_name
        self.nickname_label.setText(f"“{c.nickname}”" if shows_nickname else "")
        self.nickname_label.setVisible(bool(self.nickname_label.text()))
        self.work_label.setText(work_line(c.title, c.organization, c.department))
        self.work_label.setVisible(bool(self.work_label.text()))
        self._show_tags([t.name for t in c.tags])
        self._render_avatar()
        self._render_body()
        self._stack.setCurrentIndex(1)
        if c.timezone:
            self._clock_timer.start()
        else:
            self._clock_timer.stop()
        self.shown.emit(c.id)

    # --- rendering ------------------------------------------------------------

    def _show_tags(self, names: list[str]) -> None:
        while (item := self._tags_layout.takeAt(0)) is not None:
            if item.widget() is not None:
                item.widget().deleteLater()
        for name in names:
            self._tags_layout.addWidget(TagChip(name, self.palette(), self.tags_box))
        self.tags_box.setVisible(bool(names))

    def _render_avatar(self) -> None:
        if self._card is None:
            return
        c = self._card.contact
        photo = c.photo.data if c.photo is not None else None
        self.avatar.setPixmap(
            avatar_pixmap(
                photo, c.display_name, AVATAR_SIZE, self.palette(), self.devicePixelRatioF()
            )
        )

    def _render_body(self) -> None:
        if self._card is None:
            return
        colors = CardColors(muted=muted_color(self.palette(), on_base=True).name())
        html = card_body_html(self._card, now=self._clock.now(), colors=colors)
        self.details.setHtml(html)

    def _apply_colors(self) -> None:
        muted = muted_color(self.palette(), on_base=True)
        for label in (self.placeholder, self.nickname_label, self.work_label):
            # On a Base background labels draw with the Text role, not WindowText.
            palette = label.palette()
            palette.setColor(QPalette.ColorRole.Text, muted)
            palette.setColor(QPalette.ColorRole.WindowText, muted)
            label.setPalette(palette)
        font = self.placeholder.font()
        font.setPointSizeF(self.font().pointSizeF() * 1.2)
        self.placeholder.setFont(font)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_colors()
            for chip in self.tags_box.findChildren(TagChip):
                chip.follow(self.palette())
            self._render_avatar()
            self._render_body()
        super().changeEvent(event)

    def _on_link(self, url: QUrl) -> None:
        if url.scheme() == CONTACT_SCHEME:
            try:
                contact_id = int(url.path())
            except ValueError:
                log.warning("bad contact link %s", url.toString())
                return
            self.contact_activated.emit(contact_id)
        elif url.scheme() == ADVOCACY_SCHEME:
            self._advocacy_link(url.path())
        elif url.scheme() == GIFT_SCHEME:
            if url.path() == "new":
                self.add_gift_requested.emit()
            elif url.path().isdigit():
                self.gift_activated.emit(int(url.path()))
        else:
            QDesktopServices.openUrl(url)
