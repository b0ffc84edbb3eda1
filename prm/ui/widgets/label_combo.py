"""An editable label chooser ("work", "mobile", "linkedin"...) that also takes free text.

Stored labels are the vocabulary's lower-case keys; people see them spelled
properly ("LinkedIn", "Mobile"). Anything else the user types is kept verbatim.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

# Spellings that str.capitalize() would get wrong.
_PRETTY = {"linkedin": "LinkedIn", "github": "GitHub", "x": "X (Twitter)"}


def pretty_label(key: str) -> str:
    return _PRETTY.get(key, key[:1].upper() + key[1:])


class LabelCombo(QComboBox):
    def __init__(self, vocabulary: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._keys = list(vocabulary)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems([pretty_label(k) for k in self._keys])
        self.lineEdit().setPlaceholderText("Label")
        self.setMinimumContentsLength(8)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)

    def set_label(self, label: str) -> None:
        shown = pretty_label(label) if label in self._keys else label
        index = self.findText(shown)
        if index >= 0:
            self.setCurrentIndex(index)
        self.setEditText(shown)

    def label(self) -> str:
        text = " ".join(self.currentText().split())
        for key in self._keys:
            if text.casefold() in (key.casefold(), pretty_label(key).casefold()):
                return key
        return text
