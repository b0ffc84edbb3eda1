"""Getting started: shown once to a new user (no contacts, never answered), and from
Help at any time. Three calm choices: look around with sample data (its own store;
the user's stays empty), import contacts (vCard, CSV, LinkedIn), or start empty."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

SAMPLE, IMPORT, EMPTY = "sample", "import", "empty"

TEXT = (
    "PRM helps you keep in touch with each person who matters, recently: who to reach "
    "out to this week, who waits for your reply, birthdays, follow-ups, and meetings "
    "kept to 45 minutes.\n\n"
    "Sample data opens made-up contacts in a separate store, so you can look around "
    "first; “Back to my contacts” returns here. Or bring your contacts in from a vCard "
    "(.vcf) or CSV file, such as a LinkedIn export. Or start with an empty address book "
    "and add people as you go (Ctrl+N)."
)


class GettingStartedDialog(QDialog):
    answered = Signal(str)  # SAMPLE, IMPORT or EMPTY

    def __init__(self, parent: QWidget | None = None, *, first_run: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("Getting started with PRM")
        title = QLabel("Welcome to PRM" if first_run else "Getting started")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setWeight(QFont.Weight.DemiBold)
        title.setFont(font)
        text = QLabel(TEXT)
        text.setWordWrap(True)
        text.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self.sample = QPushButton("Try &sample data")
        self.import_ = QPushButton("&Import contacts…")
        self.empty = QPushButton("Start &empty")
        self.sample.setDefault(True)
        for button, choice in ((self.sample, SAMPLE), (self.import_, IMPORT), (self.empty, EMPTY)):
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.empty, self.import_, self.sample):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.addWidget(title)
        layout.addSpacing(6)
        layout.addWidget(text)
        layout.addSpacing(12)
        layout.addLayout(buttons)

    def _choose(self, choice: str) -> None:
        self.accept()
        self.answered.emit(choice)

    def reject(self) -> None:
        """Escape or the close button: as good as "Start empty" (asked once, never nagged)."""
        super().reject()
        self.answered.emit(EMPTY)
