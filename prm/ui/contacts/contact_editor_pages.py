"""The contact editor's pages, one class per tab; the dialog itself only composes them.

Each page owns its inputs, loads them from a draft and writes them back
(``load``/``store``), and names its single-value fields by the ValidationError
keys of ``ContactDraft.cleaned()`` so errors find their way home.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from prm.core.drafts import ContactDraft, derived_name
from prm.core.validation import timezone_names
from prm.core.vocab import CHANNELS, EMAIL_LABELS, PHONE_LABELS, URL_LABELS
from prm.ui.contacts.address_list_editor import AddressListEditor
from prm.ui.contacts.photo_picker import PhotoPicker
from prm.ui.contacts.relation_list_editor import RelationListEditor
from prm.ui.touches.cadence_fields import CadenceFields
from prm.ui.widgets.contact_picker import ContactPicker, NameForId, Picker
from prm.ui.widgets.form_fields import FieldSlot, HintLabel, chain_tab_order, heading
from prm.ui.widgets.value_list_editor import ValueKind, ValueListEditor

EMAIL_KIND = ValueKind("email", EMAIL_LABELS, "name@example.com", "Add email")
PHONE_KIND = ValueKind("phone number", PHONE_LABELS, "+1 555 010 0199", "Add phone")
URL_KIND = ValueKind("link", URL_LABELS, "linkedin.com/in/name or example.com", "Add link")


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def join_list(items: list[str]) -> str:
    return ", ".join(items)


def date_for_editing(value: str) -> str:
    """``--02-29`` (vCard's year-less form) is shown as the ``02-29`` people type."""
    return value[2:] if value.startswith("--") else value


class Page(QScrollArea):
    """A scrollable tab, so nothing is clipped when the dialog is made small."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget(self)
        self.grid = QGridLayout(self.body)
        self.grid.setContentsMargins(16, 14, 16, 14)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(8)
        self.setWidget(self.body)
        self.slots: dict[str, FieldSlot] = {}

    def line(self, key: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(self.body)
        edit.setPlaceholderText(placeholder)
        edit.textChanged.connect(self.changed)
        edit.setObjectName(key)
        return edit

    def add_field(
        self,
        row: int,
        column: int,
        label: str,
        field: QWidget,
        *,
        key: str = "",
        span: int = 1,
        hint: str = "",
        shown: QWidget | None = None,
    ) -> None:
        """Label in ``column``, field in the next one (spanning ``span`` columns)."""
        caption = QLabel(label, self.body)
        caption.setBuddy(field)
        field.setAccessibleName(label)
        if key:
            slot = FieldSlot(field, self.body, hint=hint, shown=shown)
            self.slots[key] = slot
            cell: QWidget = slot
        elif hint:
            cell = FieldSlot(field, self.body, hint=hint, shown=shown)
        else:
            cell = shown or field
        self.grid.addWidget(caption, row, column, Qt.AlignmentFlag.AlignTop)
        self.grid.addWidget(cell, row, column + 1, 1, span, Qt.AlignmentFlag.AlignTop)
        # Align the caption with the field's text, not with the top of its error line.
        caption.setMinimumHeight(field.sizeHint().height())
        caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def finish(self, last_row: int) -> None:
        self.grid.setRowStretch(last_row + 1, 1)


class NamePage(Page):
    """Photo, names, work, tags."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.photo = PhotoPicker(self.body)
        self.photo.changed.connect(self.changed)
        self.given_name = self.line("given_name")
        self.family_name = self.line("family_name")
        self.middle_name = self.line("middle_name")
        self.nickname = self.line("nickname")
        self.prefix = self.line("prefix", "Dr., Ms.")
        self.suffix = self.line("suffix", "Jr., PhD")
        # How the name is shown, sorted and exported (vCard FN) when not as derived
        # from the parts: "Kowalski Anna", "山田太郎", "Studio Nord". Empty = derived.
        self.formatted_name = self.line("formatted_name")
        self.organization = self.line("organization")
        self.department = self.line("department")
        self.title = self.line("title")
        self.tags = self.line("tags", "client, board, conference 2025")

        g = self.grid
        # Not AlignTop: the picker takes the rows' full height and its own stretch keeps
        # it at the top; a size hint would undercount a wrapped error message.
        g.addWidget(self.photo, 0, 0, 6, 1)
        g.setColumnMinimumWidth(0, self.photo.sizeHint().width() + 8)
        self.add_field(0, 1, "Given name", self.given_name, key="name")
        self.add_field(0, 3, "Family name", self.family_name)
        self.add_field(1, 1, "Middle name", self.middle_name)
        self.add_field(1, 3, "Nickname", self.nickname)
        self.add_field(2, 1, "Prefix", self.prefix)
        self.add_field(2, 3, "Suffix", self.suffix)
        self.add_field(3, 1, "Shown as", self.formatted_name, span=3)
        g.addWidget(heading("Work", self.body), 4, 1, 1, 4)
        self.add_field(5, 1, "Organization", self.organization, span=3)
        self.add_field(6, 1, "Department", self.department)
        self.add_field(6, 3, "Job title", self.title)
        g.setRowMinimumHeight(7, 10)
        self.add_field(
            8, 1, "Tags", self.tags, key="tags", span=3, hint="Separate tags with commas."
        )
        g.setColumnStretch(2, 1)
        g.setColumnStretch(4, 1)
        self.finish(8)
        for edit in (
            self.given_name,
            self.family_name,
            self.middle_name,
            self.prefix,
            self.suffix,
            self.nickname,
            self.organization,
        ):
            edit.textChanged.connect(self._update_initials)

    def load(self, d: ContactDraft) -> None:
        for name in [
            "given_name",
            "family_name",
            "middle_name",
            "nickname",
            "prefix",
            "suffix",
            "formatted_name",
            "organization",
            "department",
            "title",
        ]:
            getattr(self, name).setText(getattr(d, name))
        self.tags.setText(join_list(d.tags))
        self.photo.set_photo(d.photo, d.photo_mime)
        self._update_initials()

    def store(self, d: ContactDraft) -> None:
        for name in [
            "given_name",
            "family_name",
            "middle_name",
            "nickname",
            "prefix",
            "suffix",
            "formatted_name",
            "organization",
            "department",
            "title",
        ]:
            setattr(d, name, getattr(self, name).text())
        d.tags = split_list(self.tags.text())
        d.photo, d.photo_mime = self.photo.photo()

    def _update_initials(self) -> None:
        names = (self.given_name.text(), self.family_name.text())
        fallback = self.nickname.text() or self.organization.text()
        self.photo.set_name(" ".join(n for n in names if n.strip()) or fallback)
        # "Shown as" left empty shows the name derived from the parts: say which.
        parts = ContactDraft(
            prefix=self.prefix.text().strip(),
            given_name=self.given_name.text().strip(),
            middle_name=self.middle_name.text().strip(),
            family_name=self.family_name.text().strip(),
            suffix=self.suffix.text().strip(),
            nickname=self.nickname.text().strip(),
            organization=self.organization.text().strip(),
        )
        derived = derived_name(parts)
        self.formatted_name.setPlaceholderText("" if derived == "(no name)" else derived)


class ReachPage(Page):
    """Emails, phones, links and postal addresses."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.emails = ValueListEditor(EMAIL_KIND, self.body)
        self.phones = ValueListEditor(PHONE_KIND, self.body)
        self.urls = ValueListEditor(URL_KIND, self.body)
        self.addresses = AddressListEditor(self.body)
        row = 0
        for title, editor in (
            ("Email", self.emails),
            ("Phone", self.phones),
            ("Websites and social profiles", self.urls),
            ("Addresses", self.addresses),
        ):
            editor.changed.connect(self.changed)
            editor.rows_changed.connect(self._order_tabs)
            self.grid.addWidget(heading(title, self.body), row, 0)
            self.grid.addWidget(editor, row + 1, 0)
            row += 2
        self.finish(row)

    def _order_tabs(self) -> None:
        chain_tab_order(
            self.emails.focus_order()
            + self.phones.focus_order()
            + self.urls.focus_order()
            + self.addresses.focus_order()
        )

    def load(self, d: ContactDraft) -> None:
        # A new contact starts with an email and a phone row ready for typing.
        self.emails.set_items(d.emails, blank_row_if_empty=True)
        self.phones.set_items(d.phones, blank_row_if_empty=True)
        self.urls.set_items(d.urls)
        self.addresses.set_addresses(d.addresses)

    def store(self, d: ContactDraft) -> None:
        d.emails = self.emails.items()
        d.phones = self.phones.items()
        d.urls = self.urls.items()
        d.addresses = self.addresses.addresses()


class PersonalPage(Page):
    """Dates, time zone, channel, interests and the small preferences that make gifts land."""

    DATE_HINT = "YYYY-MM-DD, or MM-DD without the year"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.birthday = self.line("birthday", "YYYY-MM-DD or MM-DD")
        self.anniversary = self.line("anniversary", "YYYY-MM-DD or MM-DD")
        for edit in (self.birthday, self.anniversary):
            edit.setToolTip(self.DATE_HINT)
        self.timezone = self._timezone_combo()
        self.local_time = HintLabel("", self.body)
        self.channel = QComboBox(self.body)
        self.channel.addItem("No preference", "")
        for key, label in CHANNELS.items():
            self.channel.addItem(label, key)
        self.channel.currentIndexChanged.connect(self.changed)
        self.reach_hours = self.line("reach_hours", "09:00-18:00 (weekdays)")
        self.interests = self.line("interests", "sailing, jazz, AI policy")
        self.coffee = self.line("pref_coffee", "Flat white, no sugar")
        self.dietary = self.line("pref_dietary", "Vegetarian")
        self.food = self.line("pref_food", "Loves Thai, no seafood")
        self.culture = self.line("pref_culture", "Formal greetings; avoid Friday calls")

        self.add_field(0, 0, "Birthday", self.birthday, key="birthday", hint=self.DATE_HINT + ".")
        self.add_field(0, 2, "Anniversary", self.anniversary, key="anniversary")
        self.add_field(
            2,
            0,
            "Time zone",
            self.timezone,
            key="timezone",
            shown=self._with_note(self.timezone, self.local_time),
        )
        self.add_field(
            2, 2, "Reachable", self.reach_hours, key="reach_hours",
            hint="Their time: 09:00-18:00 (weekdays), Mon-Sat 08:30-20:00, daily 10-16.",
        )  # fmt: skip
        self.add_field(3, 0, "Prefers", self.channel, key="preferred_channel")
        self.grid.addWidget(heading("Interests", self.body), 4, 0, 1, 4)
        self.add_field(
            5,
            0,
            "Topics",
            self.interests,
            key="interests",
            span=3,
            hint="Separate topics with commas; they help you pick articles and gifts.",
        )
        self.grid.addWidget(heading("Preferences", self.body), 6, 0, 1, 4)
        self.add_field(7, 0, "Coffee", self.coffee)
        self.add_field(7, 2, "Dietary", self.dietary)
        self.add_field(8, 0, "Food", self.food, span=3)
        self.add_field(9, 0, "Culture", self.culture, span=3)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(3, 1)
        self.finish(9)
        self.timezone.currentTextChanged.connect(self._show_local_time)

    def _with_note(self, field: QWidget, note: QWidget) -> QWidget:
        """A field with a live note under it (the time in that zone)."""
        box = QWidget(self.body)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        column.addWidget(note)
        return box

    def _timezone_combo(self) -> QComboBox:
        combo = QComboBox(self.body)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItems(timezone_names())
        combo.setMaxVisibleItems(15)
        combo.lineEdit().setPlaceholderText("Type a city, e.g. Paris")
        completer = QCompleter(combo.model(), combo)
        # "paris" should find Europe/Paris: match anywhere, any case.
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        combo.setCompleter(completer)
        combo.currentTextChanged.connect(self.changed)
        return combo

    def _show_local_time(self, name: str) -> None:
        name = name.strip()
        try:
            now = datetime.now(ZoneInfo(name)) if name else None
        except (ValueError, KeyError, OSError):  # not (yet) a zone while the user types
            now = None
        self.local_time.setText(f"{now:%H:%M} there now" if now else "")
        self.local_time.setVisible(now is not None)

    def load(self, d: ContactDraft) -> None:
        self.birthday.setText(date_for_editing(d.birthday))
        self.anniversary.setText(date_for_editing(d.anniversary))
        self.timezone.setCurrentIndex(-1)
        self.timezone.setEditText(d.timezone)
        self._show_local_time(d.timezone)
        index = self.channel.findData(d.preferred_channel)
        if index < 0:  # an unknown channel stays visible so cleaning can name it
            self.channel.addItem(d.preferred_channel, d.preferred_channel)
            index = self.channel.count() - 1
        self.channel.setCurrentIndex(index)
        self.reach_hours.setText(d.reach_hours)
        self.interests.setText(join_list(d.interests))
        self.coffee.setText(d.pref_coffee)
        self.food.setText(d.pref_food)
        self.dietary.setText(d.pref_dietary)
        self.culture.setText(d.pref_culture)

    def store(self, d: ContactDraft) -> None:
        d.birthday = self.birthday.text()
        d.anniversary = self.anniversary.text()
        d.timezone = self.timezone.currentText()
        d.preferred_channel = self.channel.currentData() or ""
        d.reach_hours = self.reach_hours.text()
        d.interests = split_list(self.interests.text())
        d.pref_coffee = self.coffee.text()
        d.pref_food = self.food.text()
        d.pref_dietary = self.dietary.text()
        d.pref_culture = self.culture.text()


class RelationshipsPage(Page):
    """How we met, who referred them, and how they relate to other contacts."""

    def __init__(
        self,
        picker: Picker,
        name_for_id: NameForId,
        cadence: CadenceFields | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.cadence = cadence
        self.how_we_met = self.line("how_we_met", "Panel at FinTech Week 2024, introduced by Sam")
        self.referred_by = ContactPicker(picker, name_for_id, self.body)
        self.referred_by.changed.connect(self.changed)
        self.relations = RelationListEditor(picker, name_for_id, self.body)
        self.relations.changed.connect(self.changed)
        self.relations.rows_changed.connect(self._order_tabs)
        self.add_field(0, 0, "How we met", self.how_we_met)
        self.add_field(1, 0, "Referred by", self.referred_by, key="referred_by_id")
        self.grid.addWidget(heading("Relationships", self.body), 2, 0, 1, 2)
        self.grid.addWidget(
            HintLabel("Each row reads from this contact's side: “reports to Bob”.", self.body),
            3,
            0,
            1,
            2,
        )
        self.grid.addWidget(self.relations, 4, 0, 1, 2)
        last_row = 4
        if cadence is not None:
            # How often they should hear from you: a tier, their tags' tier, or N days.
            cadence.setParent(self.body)
            cadence.changed.connect(self.changed)
            self.grid.addWidget(heading("Keep in touch", self.body), 5, 0, 1, 2)
            self.add_field(6, 0, "Cadence", cadence, key="cadence_days")
            self.slots["cadence_tier_id"] = self.slots["cadence_days"]
            last_row = 6
        self.grid.setColumnStretch(1, 1)
        self.finish(last_row)

    def _order_tabs(self) -> None:
        chain_tab_order([self.how_we_met, self.referred_by, *self.relations.focus_order()])

    def load(self, d: ContactDraft) -> None:
        self.how_we_met.setText(d.how_we_met)
        self.referred_by.set_contact_id(d.referred_by_id)
        self.relations.set_relations(d.relations)
        if self.cadence is not None:
            self.cadence.set_values(d.cadence_tier_id, d.cadence_days)

    def store(self, d: ContactDraft) -> None:
        d.how_we_met = self.how_we_met.text()
        d.referred_by_id = self.referred_by.contact_id()
        d.relations = self.relations.relations()
        if self.cadence is not None:
            d.cadence_tier_id, d.cadence_days = self.cadence.values()


class NotesPage(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slots: dict[str, FieldSlot] = {}
        self.notes = QPlainTextEdit(self)
        self.notes.setAccessibleName("Private notes")
        self.notes.setPlaceholderText(
            "Anything worth remembering: family, projects, what they care about…"
        )
        self.notes.setTabChangesFocus(True)
        self.notes.textChanged.connect(self.changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.addWidget(HintLabel("Your private notes about this person.", self))
        layout.addWidget(self.notes)

    def load(self, d: ContactDraft) -> None:
        self.notes.setPlainText(d.notes)

    def store(self, d: ContactDraft) -> None:
        d.notes = self.notes.toPlainText()
