"""Before an import writes anything: what it would do, card by card, and the user's choice.

Left, the cards by what would happen to them (new, updates, unchanged,
merged into an earlier card, skipped, bad); right, the selected card: for an update, field by
field what the contact has and what the card brings, with the values PRM keeps
as they are (conflicts) marked. The buttons: import, import only the good cards
when some are bad, or cancel (nothing written).

For CSV files a table above shows how each column is read; changing one emits
``mapping_changed``, the flow plans again and hands the new plan to ``set_plan``.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from prm.core.csv_contacts.table import Table
from prm.core.drafts import ContactDraft
from prm.core.vcard.importer import REPLACE, BadCard, CardPlan, ImportPlan, SkippedCard
from prm.core.vcard.merge import CONFLICT, FILL, describe_photo, describe_value
from prm.ui.common.formatting import plural
from prm.ui.vcard.csv_mapping import ColumnMapping
from prm.ui.widgets.separator import finish_splitter

ENTRY = Qt.ItemDataRole.UserRole

_KIND_NOTE = {FILL: "filled in", "add": "added", CONFLICT: "kept yours", REPLACE: "replaced"}


class ImportPreviewDialog(QDialog):
    """``accept()`` means: write the plan (its good cards). ``reject()``: write nothing."""

    mapping_changed = Signal(int, int, str)  # CSV file index, column, field key
    plan_changed = Signal()  # set_plan showed a new plan

    def __init__(
        self,
        plan: ImportPlan,
        sources: list[str],
        parent: QWidget | None = None,
        *,
        csv_files: list[tuple[Table, list[str]]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.plan = plan
        self._sources = sources
        # What one record is called: CSV files have rows, vCard files have cards.
        self.unit = "row" if csv_files and len(csv_files) == len(sources) else "card"
        self.setWindowTitle("Import contacts" if csv_files else "Import vCards")
        self.resize(860, 640 if csv_files else 560)

        self.summary = QLabel(self._summary(sources))
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.unit.capitalize(), "In the file"])
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._several_files = len(sources) > 1
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.details)
        splitter.setSizes([360, 500])
        finish_splitter(splitter).setChildrenCollapsible(False)  # a line, not a grip

        self.buttons = QDialogButtonBox()
        self.import_button = self._import_button()
        self.cancel_button = self.buttons.addButton(
            "Close" if self.import_button is None else "Cancel",
            QDialogButtonBox.ButtonRole.RejectRole,
        )
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        self.columns: ColumnMapping | None = None
        if csv_files:
            self.columns = ColumnMapping(csv_files)
            self.columns.changed.connect(self._mapping_changed)
            note = QLabel("How the CSV columns are read — change one and the preview follows:")
            parts = QSplitter(Qt.Orientation.Vertical)
            parts.addWidget(self.columns)
            parts.addWidget(splitter)
            parts.setSizes([200, 360])
            parts.setChildrenCollapsible(False)
            layout.addWidget(note)
            splitter = parts
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self._fill()
        self.tree.currentItemChanged.connect(self._show)
        self._select_first()
        if self.import_button is not None:
            self.import_button.setFocus()

    def _select_first(self) -> None:
        # Show an update's differences first: that is what needs a look before importing.
        tops = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        first = next((t for t in tops if t.data(0, ENTRY) == "Updates"), tops[0] if tops else None)
        if first is not None:
            self.tree.setCurrentItem(first.child(0))
        else:
            self._show(None)

    # --- a changed column mapping ----------------------------------------------

    def _mapping_changed(self, index: int, column: int, key: str) -> None:
        if self.import_button is not None:  # the plan shown is about to be stale
            self.import_button.setEnabled(False)
        self.mapping_changed.emit(index, column, key)

    def set_plan(self, plan: ImportPlan) -> None:
        """Show the plan made with the changed mapping."""
        self.plan = plan
        self.summary.setText(self._summary(self._sources))
        self.tree.clear()
        self._fill()
        self._select_first()
        if self.import_button is not None:
            self.buttons.removeButton(self.import_button)
            self.import_button.deleteLater()
        self.import_button = self._import_button()
        self.cancel_button.setText("Close" if self.import_button is None else "Cancel")
        self.plan_changed.emit()

    # --- building --------------------------------------------------------------

    def _summary(self, sources: list[str]) -> str:
        p = self.plan
        counts = [
            (len(p.new), "new"),
            (len(p.updates), "to update"),
            (len(p.unchanged), "unchanged"),
            (len(p.duplicates), "merged into an earlier card"),
            (len([s for s in p.skipped if s.kind != "invalid"]), "skipped"),
            (len(p.bad), "bad"),
        ]
        names = ", ".join(s.rsplit("/", 1)[-1] for s in sources) or "the file"
        parts = [f"{n:,} {label}" for n, label in counts if n]
        text = f"<b>{escape(names)}</b>: {plural(p.cards_seen, self.unit)} — {' · '.join(parts) or 'nothing usable'}"
        bad = len(p.bad)
        if bad:
            text += (
                f"<br><span style='color:#c0392b'><b>{plural(bad, self.unit)} cannot be imported</b> "
                f"(listed under “Bad {self.unit}s”). Import the {plural(p.to_write, 'good ' + self.unit)}, or nothing.</span>"
            )
        elif p.to_write == 0:
            text += f"<br>Nothing to import: every {self.unit} is already in your contacts."
        conflicts = sum(len(c.conflicts) for c in p.updates + p.unchanged)
        if conflicts:
            text += (
                f"<br>{plural(conflicts, 'value')} on the {self.unit}s {'differs' if conflicts == 1 else 'differ'} "
                f"from what you have; yours {'is' if conflicts == 1 else 'are'} kept (marked “kept yours”)."
            )
        return text

    def _import_button(self) -> QPushButton | None:
        n = self.plan.to_write
        if n == 0:
            return None
        text = (
            f"Import only the {plural(n, 'good ' + self.unit)}"
            if self.plan.bad
            else f"Import {plural(n, 'contact')}"
        )
        button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
        button.setDefault(True)
        return button

    def _fill(self) -> None:
        p = self.plan
        bad_skips = [s for s in p.skipped if s.kind == "invalid"]
        groups: list[tuple[str, list]] = [
            ("New", p.new),
            ("Updates", p.updates),
            ("Unchanged", p.unchanged),
            (f"Merged into an earlier {self.unit}", p.duplicates),
            ("Skipped", [s for s in p.skipped if s.kind != "invalid"]),
            (f"Bad {self.unit}s", [*p.errors, *bad_skips]),
        ]
        for title, entries in groups:
            if not entries:
                continue
            top = QTreeWidgetItem([f"{title} ({len(entries):,})", ""])
            top.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setData(0, ENTRY, title)
            for entry in entries:
                item = QTreeWidgetItem([self._entry_name(entry), self._where(entry)])
                item.setData(0, ENTRY, entry)
                if isinstance(entry, BadCard):
                    item.setToolTip(0, entry.message)
                if isinstance(entry, CardPlan) and entry.conflicts:
                    item.setToolTip(
                        0, f"{plural(len(entry.conflicts), 'value')} kept as you have it"
                    )
                top.addChild(item)
            self.tree.addTopLevelItem(top)
            top.setExpanded(title in ("Updates", f"Bad {self.unit}s") or len(entries) <= 50)

    @staticmethod
    def _entry_name(entry: CardPlan | SkippedCard | BadCard) -> str:
        if isinstance(entry, BadCard):
            return entry.message
        if (
            isinstance(entry, CardPlan)
            and entry.existing_name
            and entry.existing_name != entry.name
        ):
            return f"{entry.name} → {entry.existing_name}"
        return entry.name

    def _where(self, entry: CardPlan | SkippedCard | BadCard) -> str:
        source = entry.source.rsplit("/", 1)[-1] if self._several_files else ""
        spot = (
            f"line {entry.line}"
            if entry.position == 0
            else f"{self.unit} {entry.position} · line {entry.line}"
        )
        return f"{source}: {spot}" if source else spot

    # --- the selected card -------------------------------------------------------

    def _show(self, item: QTreeWidgetItem | None) -> None:
        entry = item.data(0, ENTRY) if item is not None else None
        if isinstance(entry, CardPlan):
            html = (
                self._update_html(entry) if entry.contact_id is not None else self._new_html(entry)
            )
        elif isinstance(entry, SkippedCard):
            reason = entry.reason[:1].upper() + entry.reason[1:]
            html = f"<h3>{escape(entry.name)}</h3><p>{escape(self._where(entry))}</p><p>{escape(reason)}.</p>"
        elif isinstance(entry, BadCard):
            what = "The file" if entry.position == 0 else f"Card {entry.position}"
            html = (
                f"<h3>{what} cannot be imported</h3><p>{escape(self._where(entry))}</p>"
                f"<p>{escape(entry.message[:1].upper() + entry.message[1:])}.</p>"
            )
        else:
            html = "<p>Select a card to see what importing it would do.</p>"
        self.details.setHtml(html)

    def _update_html(self, card: CardPlan) -> str:
        rows = []
        for change in card.changes:
            conflict = change.kind == CONFLICT
            style = " style='background-color:rgba(217,130,43,0.22)'" if conflict else ""
            old = escape(change.old) or ("—" if change.kind == "add" else "<i>empty</i>")
            rows.append(
                f"<tr{style}><td>{escape(change.label)}</td><td>{old}</td><td>{escape(change.new)}</td>"
                f"<td><i>{_KIND_NOTE.get(change.kind, change.kind)}</i></td></tr>"
            )
        title = escape(card.existing_name or card.name)
        head = f"<h3>{title}</h3><p>{escape(self._where(card))} · matched by {escape(card.match_by)}</p>"
        if not rows:
            return head + "<p>The card brings nothing new.</p>" + self._warnings(card)
        table = (
            "<table cellspacing='0' cellpadding='4' width='100%'>"
            "<tr><th align='left'>Field</th><th align='left'>You have</th>"
            "<th align='left'>The card has</th><th align='left'>Result</th></tr>"
            + "".join(rows)
            + "</table>"
        )
        return head + table + self._warnings(card)

    def _new_html(self, card: CardPlan) -> str:
        assert card.draft is not None
        touches = [("Touch", f"{t.on:%d %b %Y}: {t.summary}") for t in card.touches]
        rows = "".join(
            f"<tr><td>{escape(k)}</td><td>{escape(v)}</td></tr>"
            for k, v in draft_rows(card.draft) + touches
        )
        return (
            f"<h3>{escape(card.name)}</h3><p>{escape(self._where(card))} · a new contact</p>"
            f"<table cellpadding='3'>{rows}</table>" + self._warnings(card)
        )

    @staticmethod
    def _warnings(card: CardPlan) -> str:
        if not card.warnings:
            return ""
        items = "".join(f"<li>{escape(w)}</li>" for w in card.warnings)
        return f"<p><b>Notes from reading the card</b></p><ul>{items}</ul>"


def draft_rows(draft: ContactDraft) -> list[tuple[str, str]]:
    """A new contact's fields as (label, value) lines, in the editor's order."""
    rows = [
        (label, getattr(draft, name))
        for label, name in (
            ("Organization", "organization"),
            ("Department", "department"),
            ("Title", "title"),
            ("Nickname", "nickname"),
            ("Birthday", "birthday"),
            ("Anniversary", "anniversary"),
            ("How we met", "how_we_met"),
        )
    ]
    for label, values in (
        ("Email", draft.emails),
        ("Phone", draft.phones),
        ("Web", draft.urls),
        ("Address", draft.addresses),
    ):
        rows += [(label, describe_value(v)) for v in values]
    if draft.tags:
        rows.append(("Tags", ", ".join(draft.tags)))
    if draft.photo:
        rows.append(("Photo", describe_photo(draft)))
    if draft.notes:
        rows.append(("Notes", draft.notes if len(draft.notes) < 200 else draft.notes[:200] + "…"))
    return [(k, v) for k, v in rows if v]
