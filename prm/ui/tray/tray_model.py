"""The tray's decisions, kept apart from QSystemTrayIcon so they can be tested where
no tray exists: the count and its words, the icon with the count painted on it, which
notices are new today, and how several are told at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from PySide6.QtCore import QRectF, QSettings, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from prm.core.notices import BIRTHDAY, FOLLOW_UP, REPLY, Notice

ICON_SIZE = 64
SHOWN_DAY_KEY, SHOWN_KEYS_KEY = "notices/shown_day", "notices/shown_keys"
MAX_LINES = 4  # a combined notification names this many, then "and N more"
# Where clicking a notice about several people goes: the screen that lists them.
KIND_SECTIONS = {BIRTHDAY: "upcoming", FOLLOW_UP: "review", REPLY: "replies"}


def reach_out_count(session, *, now: datetime, zone: tzinfo, capacity: int) -> int:
    """People to reach out to this week: those needing the user, up to the weekly capacity."""
    from prm.core.reach_out_week import needing_attention

    return min(needing_attention(session, now=now, zone=zone), capacity)


def tooltip(count: int | None) -> str:
    if count is None:
        return "PRM"
    if count == 0:
        return "PRM — nobody to reach out to this week"
    people = "person" if count == 1 else "people"
    return f"PRM — {count} {people} to reach out to this week"


def badge_text(count: int | None) -> str:
    if not count:
        return ""
    return "99+" if count > 99 else str(count)


def icon_with_count(base: QIcon, count: int | None) -> QIcon:
    """The app icon with the count in a round badge at its lower right (none at 0)."""
    pixmap = base.pixmap(ICON_SIZE, ICON_SIZE)
    if pixmap.isNull():  # no icon file (a broken install): the badge alone still says it
        pixmap = QPixmap(ICON_SIZE, ICON_SIZE)
        pixmap.fill(Qt.GlobalColor.transparent)
    text = badge_text(count)
    if not text:
        return QIcon(pixmap)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    side = ICON_SIZE * 0.58
    rect = QRectF(ICON_SIZE - side - 1, ICON_SIZE - side - 1, side, side)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#c62828"))  # readable on light and dark panels alike
    painter.drawEllipse(rect)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(round(side * (0.62 if len(text) == 1 else 0.5 if len(text) == 2 else 0.38)))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return QIcon(pixmap)


class NoticeMemory:
    """The notice keys already shown today (kept in the settings: a restart the same
    day does not tell them again; a new day starts afresh)."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def _shown(self, today: date) -> set[str]:
        if str(self._settings.value(SHOWN_DAY_KEY, "")) != today.isoformat():
            return set()
        raw = self._settings.value(SHOWN_KEYS_KEY, "")
        return set(str(raw).split()) if raw else set()

    def unseen(self, notices: list[Notice], today: date) -> list[Notice]:
        shown = self._shown(today)
        return [n for n in notices if n.key not in shown]

    def mark(self, notices: list[Notice], today: date) -> None:
        shown = self._shown(today) | {n.key for n in notices}
        self._settings.setValue(SHOWN_DAY_KEY, today.isoformat())
        self._settings.setValue(SHOWN_KEYS_KEY, " ".join(sorted(shown)))


@dataclass(frozen=True)
class Message:
    """One tray notification and what clicking it opens."""

    title: str
    text: str
    contact_id: int | None = None
    section: str | None = None


def message_for(notices: list[Notice]) -> Message | None:
    """One notice as it is; several as one message (a tray shows one at a time)."""
    if not notices:
        return None
    if len(notices) == 1:
        n = notices[0]
        return Message(n.title, n.text, contact_id=n.contact_id)
    lines = [n.title for n in notices[:MAX_LINES]]
    if len(notices) > MAX_LINES:
        lines.append(f"and {len(notices) - MAX_LINES} more")
    return Message(
        f"PRM: {len(notices)} reminders", "\n".join(lines), section=KIND_SECTIONS[notices[0].kind]
    )
