"""Exporting vCards from the window: the choices, where to write, the export on the worker."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from sqlmodel import Session

from prm.core.contacts import tag_names
from prm.core.errors import KnownError
from prm.ui.common.errors import show_known_error
from prm.ui.common.formatting import plural
from prm.ui.common.tasks import Tasks

if TYPE_CHECKING:  # the dialog loads when first opened, not at start-up
    from prm.ui.vcard.export_dialog import ExportChoice

log = logging.getLogger(__name__)


class ExportFlow(QObject):
    message = Signal(str)
    dialog_opened = Signal(object)  # the ExportDialog (tests)

    def __init__(
        self, tasks: Tasks, window: QWidget, selected_ids: Callable[[], list[int]]
    ) -> None:
        super().__init__(window)
        self._tasks, self._window, self._selected_ids = tasks, window, selected_ids
        self.last_dir = str(Path.home())

    def open(self) -> None:
        from prm.ui.vcard.export_dialog import ExportDialog

        tags = self._tasks.read(tag_names)  # bounded: tags are a short, user-made list
        selected = self._selected_ids()
        dialog = ExportDialog(tags=tags, selected=len(selected), parent=self._window)
        dialog.accepted.connect(lambda: self._export(dialog.choice(), selected))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.dialog_opened.emit(dialog)

    def choose_target(self, choice: ExportChoice) -> str:
        """Where to write: a .vcf file, or a folder for one file per contact ("" = cancelled)."""
        if choice.split:
            return QFileDialog.getExistingDirectory(
                self._window, "Export vCards into folder", self.last_dir
            )
        name = f"{choice.tag or 'contacts'}.vcf"
        path, _ = QFileDialog.getSaveFileName(
            self._window, "Export vCards", str(Path(self.last_dir) / name), "vCard files (*.vcf)"
        )
        if path and not path.lower().endswith((".vcf", ".vcard")):
            path += ".vcf"
        return path

    def _export(self, choice: ExportChoice, selected: list[int]) -> None:
        target = self.choose_target(choice)
        if not target:
            return
        self.last_dir = target if choice.split else str(Path(target).parent)
        clock = self._tasks.ctx.clock
        from prm.ui.vcard.export_dialog import SELECTED, TAG

        def work(session: Session):
            from prm.core.vcard.write import export_vcards

            return export_vcards(
                session,
                out=target,
                version=choice.version,
                contact_ids=selected if choice.scope == SELECTED else None,
                tag=choice.tag if choice.scope == TAG else None,
                split=choice.split,
                include_notes=choice.include_notes,
                clock=clock,
            )

        def done(result) -> None:
            text = f"Exported {plural(result.count, 'contact')} to {target}"
            if result.left_out:
                text += f"; {plural(len(result.left_out), 'line')} left out"
                self._report_left_out(choice.version, result.left_out)
            self.message.emit(text)

        def failed(exc: KnownError) -> None:
            show_known_error(self._window, exc, title="Export vCards")

        self.message.emit("Exporting…")
        self._tasks.run(work, done, failed)

    def _report_left_out(self, version: str, left_out: list[str]) -> None:
        """What the chosen vCard version could not carry, so nothing goes missing unseen."""
        box = QMessageBox(self._window)
        box.setWindowTitle("Export vCards")
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(f"vCard {version} cannot carry {plural(len(left_out), 'kept line')}:")
        box.setDetailedText("\n".join(left_out))
        box.setInformativeText("\n".join(left_out[:5]) + ("\n…" if len(left_out) > 5 else ""))
        box.open()
        self.left_out_box = box  # kept so the box outlives this call (and tests can find it)
