"""A contact shown like an address book's card: avatar, name, work, tags, then details.

The header is made of widgets (it stays put); the details are rich text in a
browser that scrolls and carries the links. Colours come from the palette and
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
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from prm.core.clock import Clock, SystemClock
from prm.core.contacts import ContactCard as CardData
from prm.ui.common.palette import muted_color
from prm.ui.contacts.contact_avatar import avatar_pixmap
from prm.ui.contacts.contact_card_html import (
    CONTACT_SCHEME,
    GIFT_SCHEME,
    CardColors,
    card_body_html,
)
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
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        # palette(...) keeps the chip right in light and dark themes.
        self.setStyleSheet(
            "QLabel { background: palette(button); color: palette(button-text);"
            " border: 1px solid palette(button);"
            " border-radius: 9px; padding: 1px 8px; }"
        )


class ContactCard(QWidget):
    contact_activated = Signal(int)
    edit_requested = Signal()
    add_gift_requested = Signal()
    gift_activated = Signal(int)

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
        self.name_label = self._plain_label(page, selectable=True)
        font = QFont(self.name_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setWeight(QFont.Weight.DemiBold)
        self.name_label.setFont(font)
        self.nickname_label = self._plain_label(page)
        self.work_label = self._plain_label(page, selectable=True)
        self.tags_box = QWidget(page)
        self._tags_layout = FlowLayout(self.tags_box, spacing=4)
        self.edit_button = QPushButton("Edit", page)
        self.edit_button.setToolTip("Edit this contact")
        self.edit_button.clicked.connect(self.edit_requested)
        self.gift_button = QPushButton("Add gift…", page)
        self.gift_button.setToolTip(
            "Note a gift idea for this contact, or a gift given or received"
        )
        self.gift_button.clicked.connect(self.add_gift_requested)

        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addStretch(1)  # a short header sits centred beside the avatar
        for widget in (self.name_label, self.nickname_label, self.work_label):
            titles.addWidget(widget)
        titles.addSpacing(4)
        titles.addWidget(self.tags_box)
        titles.addStretch(1)
        header = QHBoxLayout()
        header.setSpacing(14)
        header.addWidget(self.avatar, 0, Qt.AlignmentFlag.AlignTop)
        header.addLayout(titles, 1)
        header.addWidget(self.gift_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)

        rule = QFrame(page)
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Plain)
        rule.setForegroundRole(QPalette.ColorRole.Mid)

        self.details = QTextBrowser(page)
        self.details.setFrameShape(QFrame.Shape.NoFrame)
        self.details.setOpenLinks(False)  # we route links: contacts inside, the rest outside
        self.details.anchorClicked.connect(self._on_link)
        self.details.document().setDocumentMargin(0)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(20, 18, 20, 8)
        layout.setSpacing(12)
        layout.addLayout(header)
        layout.addWidget(rule)
        layout.addWidget(self.details, 1)
        return page

    @staticmethod
    def _plain_label(parent: QWidget, *, selectable: bool = False) -> QLabel:
        label = QLabel(parent)
        label.setTextFormat(Qt.TextFormat.PlainText)  # names are user text, never markup
        label.setWordWrap(True)
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        if selectable:
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    # --- API -------------------------------------------------------------------

    def card(self) -> CardData | None:
        return self._card

    def show_card(self, card: CardData | None) -> None:
        self._card = card
        if card is None:
            self._stack.setCurrentIndex(0)
            self._clock_timer.stop()
            self.details.clear()
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
        self.details.verticalScrollBar().setValue(0)
        self._stack.setCurrentIndex(1)
        if c.timezone:
            self._clock_timer.start()
        else:
            self._clock_timer.stop()

    # --- rendering ------------------------------------------------------------

    def _show_tags(self, names: list[str]) -> None:
        while (item := self._tags_layout.takeAt(0)) is not None:
            if item.widget() is not None:
                item.widget().deleteLater()
        for name in names:
            self._tags_layout.addWidget(TagChip(name, self.tags_box))
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
        position = self.details.verticalScrollBar().value()
        self.details.setHtml(html)
        self.details.verticalScrollBar().setValue(position)

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
        elif url.scheme() == GIFT_SCHEME:
            if url.path() == "new":
                self.add_gift_requested.emit()
            elif url.path().isdigit():
                self.gift_activated.emit(int(url.path()))
        else:
            QDesktopServices.openUrl(url)
