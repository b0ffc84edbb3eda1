"""Home: today's short lists (cards, one click or key from what they name) and four
charts; for a new user with no contacts, how to begin instead.

The lists' rows come in one worker call and show first (the cold start ends there:
``loaded``); their totals, when a list holds more than it shows, and the charts
come in the calls after.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from prm.core.home import HomeCharts, HomeLists, count_lists, home_charts, home_lists
from prm.ui.common.formatting import channel_label, plural
from prm.ui.common.latest import LatestOnly
from prm.ui.common.palette import muted_color
from prm.ui.common.tasks import Tasks
from prm.ui.home.home_cards import CardView
from prm.ui.home.home_charts import Bar, ShareBars, WeekColumns
from prm.ui.home.home_texts import cards
from prm.ui.touches.reach_out_texts import stored_capacity

CARD_COLUMNS = 2


class HomeView(QScrollArea):
    activated = Signal(object)  # a home_texts.Target chosen
    loaded = Signal()  # the lists are on screen
    counted = Signal()  # every list's total is known
    charts_loaded = Signal()
    new_contact_requested = Signal()
    import_requested = Signal()
    sample_requested = Signal()

    def __init__(self, tasks: Tasks, settings: QSettings | None = None) -> None:
        super().__init__()
        self.tasks, self._settings = tasks, settings
        self._lists_job = LatestOnly(tasks, reads_only=True)
        self._totals_job = LatestOnly(tasks, reads_only=True)
        self._charts_job = LatestOnly(tasks, reads_only=True)
        self.lists: HomeLists | None = None
        self.charts: HomeCharts | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Home")
        page = QWidget()
        self.setWidget(page)
        self.heading = QLabel("Today")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(font)
        self.day = QLabel()
        self.welcome = self._welcome()
        self.card_views: dict[str, CardView] = {}
        self._cards = QGridLayout()
        self._cards.setSpacing(12)
        self.charts_title = QLabel("How you keep in touch")
        self.charts_title.setFont(font)
        self.weeks_chart = WeekColumns("Touches per week, last 26 weeks")
        self.tiers_chart = ShareBars("On track, by cadence tier")
        self.tiers_chart.empty_text = "No one has a cadence yet."
        self.meetings_chart = ShareBars("Meetings within 45 minutes, last 26 weeks")
        self.meetings_chart.empty_text = "No meetings timed yet."
        self.channels_chart = ShareBars("Channels, last 4 weeks")
        self.channels_chart.empty_text = "No touches logged yet."
        charts = QGridLayout()
        charts.setHorizontalSpacing(24)
        charts.setVerticalSpacing(16)
        for i, chart in enumerate(
            (self.weeks_chart, self.tiers_chart, self.meetings_chart, self.channels_chart)
        ):
            charts.addWidget(chart, i // 2, i % 2)
        self.charts_box = QWidget()
        self.charts_box.setLayout(charts)

        column = QVBoxLayout(page)
        column.setContentsMargins(24, 18, 24, 24)
        column.setSpacing(10)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addSpacing(12)
        top.addWidget(self.day, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        column.addLayout(top)
        column.addWidget(self.welcome)
        column.addLayout(self._cards)
        column.addSpacing(14)
        column.addWidget(self.charts_title)
        column.addWidget(self.charts_box)
        column.addStretch(1)
        self.welcome.hide()
        self.charts_title.hide()
        self.charts_box.hide()
        self.retint()

    def _welcome(self) -> QFrame:
        box = QFrame()
        box.setObjectName("home-welcome")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        title = QLabel("Welcome to PRM")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setWeight(QFont.Weight.DemiBold)
        title.setFont(font)
        text = QLabel(
            "Home gathers who to reach out to this week, who waits for your reply, "
            "follow-ups, birthdays and events. Start with your own contacts, or look "
            "around with made-up ones first."
        )
        text.setWordWrap(True)
        self.add_button = QPushButton("&Add a contact…")
        self.import_button = QPushButton("&Import contacts…")
        self.sample_button = QPushButton("Try &sample data")
        self.add_button.clicked.connect(self.new_contact_requested)
        self.import_button.clicked.connect(self.import_requested)
        self.sample_button.clicked.connect(self.sample_requested)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.import_button, self.sample_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        return box

    def retint(self) -> None:
        self.day.setStyleSheet(f"color: {muted_color(self.palette()).name()};")
        for card in self.card_views.values():
            card.retint()

    # --- loading -------------------------------------------------------------

    def refresh(self) -> None:
        ctx = self.tasks.ctx
        now, zone = ctx.clock.now(), ctx.zone
        today = now.astimezone(zone).date()
        capacity = stored_capacity(self._settings)
        self._lists_job.run(
            lambda s: home_lists(s, now=now, zone=zone, capacity=capacity),
            lambda lists: self._lists_arrived(lists, today),
        )

    def _lists_arrived(self, lists: HomeLists, today: date) -> None:
        """The rows first (the cold start ends here), then the totals, then the charts."""
        self._show_lists(lists, today)
        self.loaded.emit()
        if not lists.has_contacts:
            self.charts_title.hide()
            self.charts_box.hide()
            return
        if not lists.counted:
            self._totals_job.run(
                lambda s: count_lists(s, lists, today=today),
                lambda counted: self._show_lists(counted, today),
            )
        ctx = self.tasks.ctx
        now, zone = ctx.clock.now(), ctx.zone
        self._charts_job.run(lambda s: home_charts(s, now=now, zone=zone), self._show_charts)

    def _show_lists(self, lists: HomeLists, today: date) -> None:
        self.lists = lists
        self.day.setText(f"{today:%A} {today.day} {today:%B %Y}")
        new_user = not lists.has_contacts
        self.welcome.setVisible(new_user)
        for i, card in enumerate(cards(lists, today, self.tasks.ctx.zone)):
            view = self.card_views.get(card.key)
            if view is None:
                view = self.card_views[card.key] = CardView()
                view.activated.connect(self.activated)
                self._cards.addWidget(view, i // CARD_COLUMNS, i % CARD_COLUMNS)
            view.show_card(card)
            view.setVisible(not new_user)
        self._chain_focus()
        if lists.counted:
            self.counted.emit()

    def _chain_focus(self) -> None:
        """Tab (and the arrow keys) go card by card: each card's rows, then its link."""
        chain = []
        for card in self.card_views.values():
            chain += [*card.rows, card.more]
        chain += [self.weeks_chart, self.tiers_chart, self.meetings_chart, self.channels_chart]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _show_charts(self, charts: HomeCharts) -> None:
        self.charts = charts
        self.weeks_chart.set_weeks([(w.start, w.touches) for w in charts.weeks])
        self.tiers_chart.set_bars(
            [Bar(t.label, t.share, f"{t.share:.0%} of {t.total:,}") for t in charts.tiers]
        )
        meetings = []
        if charts.meetings_total:
            longer = charts.meetings_total - charts.meetings_under
            meetings = [
                Bar("Within 45 min", charts.meetings_share,
                    f"{charts.meetings_under:,} of {plural(charts.meetings_total, 'meeting')}"),
                Bar("Longer", 1 - charts.meetings_share, f"{longer:,}"),
            ]  # fmt: skip
        self.meetings_chart.set_bars(meetings)
        total = sum(n for _c, n in charts.channels)
        self.channels_chart.set_bars(
            [
                Bar(channel_label(c), n / total, f"{n / total:.0%}  ({n:,})")
                for c, n in charts.channels[:6]
            ]  # fmt: skip
        )
        self.charts_title.show()
        self.charts_box.show()
        self.charts_loaded.emit()
