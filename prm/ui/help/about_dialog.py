"""Help > About PRM: the version, where the data lives (with a button that opens the
folder), the licence, and the Qt and Python versions — all copyable for a bug report."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from prm import APP_NAME, __version__
from prm.core.paths import AppPaths

LICENCE = "Proprietary: all rights reserved."


def about_text(paths: AppPaths) -> str:
    return "\n".join(
        (
            f"{APP_NAME} {__version__}",
            f"Data folder: {paths.data_dir}",
            f"Licence: {LICENCE}",
            f"Qt {qVersion()}, PySide6 {pyside_version}",
            f"Python {platform.python_version()} on {platform.system()} {platform.machine()}",
        )
    )


class AboutDialog(QDialog):
    def __init__(self, paths: AppPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self.paths = paths
        self.text = about_text(paths)
        title = QLabel(f"{APP_NAME} {__version__}")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setWeight(QFont.Weight.DemiBold)
        title.setFont(font)
        blurb = QLabel("A personal relationship manager: each person who matters, recently.")
        blurb.setWordWrap(True)
        details = QLabel("\n".join(self.text.splitlines()[1:]))
        details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        details.setWordWrap(True)
        details.setAccessibleName("Version details")
        self.open_folder = QPushButton("&Open data folder")
        self.open_folder.clicked.connect(self._open_folder)
        self.copy = QPushButton("&Copy to clipboard")
        self.copy.clicked.connect(self._copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.open_folder, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addSpacing(8)
        layout.addWidget(details)
        layout.addSpacing(8)
        layout.addWidget(buttons)

    # The system's file manager (a seam: tests replace it).
    open_url = staticmethod(QDesktopServices.openUrl)

    def _open_folder(self) -> None:
        self.open_url(QUrl.fromLocalFile(str(self.paths.data_dir)))

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text)
