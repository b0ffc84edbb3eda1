"""Choose, show and remove a contact's photo; only real images get in.

Large camera pictures are scaled down before they reach the database: the photo
is shown at avatar size, and every backup and sync carries its bytes.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeDatabase, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from prm.ui.contacts.contact_avatar import avatar_pixmap
from prm.ui.widgets.field_errors import ErrorLabel

log = logging.getLogger(__name__)

THUMB_SIZE = 88
MAX_FILE_BYTES = 40 * 1024 * 1024
MAX_SIDE = 1024  # pixels kept on the longer side
KEEP_AS_IS_BYTES = 512 * 1024
FILE_FILTER = "Images (*.png *.jpg *.jpeg *.gif *.bmp *.webp *.heic *.tif *.tiff);;All files (*)"


class PhotoError(ValueError):
    """The chosen file cannot be a contact photo; the message says why."""


def photo_from_file(path: str) -> tuple[bytes, str]:
    """(bytes, mime type) of an image file, shrunk if large; PhotoError otherwise."""
    name = os.path.basename(path)
    try:
        if os.path.getsize(path) > MAX_FILE_BYTES:
            raise PhotoError(f"“{name}” is too large for a contact photo (over 40 MB).")
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise PhotoError(f"“{name}” could not be read: {exc.strerror or exc}.") from None
    mime = QMimeDatabase().mimeTypeForData(data).name()
    image = QImage.fromData(data)
    if not mime.startswith("image/") or image.isNull():
        raise PhotoError(f"“{name}” is not an image. Choose a PNG, JPEG or similar picture.")
    if len(data) <= KEEP_AS_IS_BYTES and max(image.width(), image.height()) <= MAX_SIDE:
        return data, mime
    return _shrunk(image)


def _shrunk(image: QImage) -> tuple[bytes, str]:
    if max(image.width(), image.height()) > MAX_SIDE:
        image = image.scaled(
            MAX_SIDE,
            MAX_SIDE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    fmt, mime = ("PNG", "image/png") if image.hasAlphaChannel() else ("JPEG", "image/jpeg")
    raw = QByteArray()
    buffer = QBuffer(raw)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, fmt, 88)
    buffer.close()
    return bytes(raw.data()), mime


class PhotoPicker(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: bytes | None = None
        self._mime = ""
        self._name = ""
        self.thumbnail = QLabel(self)
        self.thumbnail.setFixedSize(THUMB_SIZE, THUMB_SIZE)
        self.thumbnail.setAccessibleName("Photo")
        self.choose_button = QPushButton("Choose…", self)
        self.choose_button.setAutoDefault(False)
        self.choose_button.setToolTip("Choose a photo from a file")
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setAutoDefault(False)
        self.error = ErrorLabel(self)
        # As wide as the buttons, so a long message wraps instead of widening the column.
        self.error.setFixedWidth(
            self.choose_button.sizeHint().width() + self.remove_button.sizeHint().width() + 4
        )

        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.thumbnail, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)

        self.choose_button.clicked.connect(self.choose)
        self.remove_button.clicked.connect(self.clear)
        self._refresh()

    def photo(self) -> tuple[bytes | None, str]:
        return self._data, self._mime if self._data else ""

    def set_photo(self, data: bytes | None, mime: str) -> None:
        self._data, self._mime = (data or None), (mime if data else "")
        self.error.clear_message()
        self._refresh()

    def set_name(self, name: str) -> None:
        """The initials shown while there is no photo follow the name being typed."""
        if name != self._name:
            self._name = name
            if self._data is None:
                self._refresh()

    def load_file(self, path: str) -> bool:
        try:
            data, mime = photo_from_file(path)
        except PhotoError as exc:
            log.info("photo rejected: %s", exc)
            self.error.show_message(str(exc))
            return False
        self.set_photo(data, mime)
        self.changed.emit()
        return True

    def choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, "Choose a photo", "", FILE_FILTER)
        if path:
            self.load_file(path)

    def clear(self) -> None:
        if self._data is not None:
            self.set_photo(None, "")
            self.changed.emit()

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.PaletteChange:
            self._refresh()
        super().changeEvent(event)

    def _refresh(self) -> None:
        ratio = self.devicePixelRatioF()
        self.thumbnail.setPixmap(
            avatar_pixmap(self._data, self._name, THUMB_SIZE, self.palette(), ratio)
        )
        self.remove_button.setEnabled(self._data is not None)
