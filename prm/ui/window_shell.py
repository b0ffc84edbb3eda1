"""What finishes the window around its sections: the Help menu (keyboard shortcuts,
getting started, About), Home's routes to the rest of the window, and the
getting-started page a new user sees once. Kept apart from main_window.py, which
only composes."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from prm.ui.contacts.contacts_section import CONTACTS, TRASH
from prm.ui.home.home_section import HOME

# Answered once ("sample data", "import", "start empty"): never offered again at start.
GETTING_STARTED_KEY = "help/getting_started_answered"


class Shell(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = w = window
        self.dialog = None  # the open Help dialog, for tests
        bar = w.menuBar()
        menu = self.help_menu = bar.addMenu("&Help")
        self.shortcuts = QAction("&Keyboard shortcuts", w)
        self.shortcuts.setShortcuts([QKeySequence("F1"), QKeySequence("Ctrl+/")])
        self.shortcuts.setStatusTip("Every shortcut PRM has, searchable")
        self.shortcuts.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.getting_started = QAction("&Getting started…", w)
        self.getting_started.setStatusTip("Sample data, an import, or your first contact")
        self.about = QAction("&About PRM", w)
        self.about.setMenuRole(QAction.MenuRole.AboutRole)
        for action, slot in (
            (self.shortcuts, self.show_shortcuts),
            (self.getting_started, lambda: self.show_getting_started(first_run=False)),
            (self.about, self.show_about),
        ):
            action.triggered.connect(slot)
            menu.addAction(action)
            w.addAction(action)  # reachable with the menu bar hidden, too
        menu.insertSeparator(self.about)
        home = w.section(HOME)
        home.loaded.connect(w.home_loaded)
        home.conflicts_requested.connect(w.sync.resolve_first)
        home.new_contact_requested.connect(w.editing.new_contact)
        home.import_requested.connect(w.importing.choose_files)
        home.sample_requested.connect(w.open_sample_data)
        w.theme.changed.connect(self.retint)

    def retint(self) -> None:
        """The theme changed: icons and quiet colours are drawn again."""
        w = self.window
        w.actions.retint()
        w.sidebar.retint_icons()
        if w.section(CONTACTS).built:
            w.contacts_view.search.retint_icons()
        if w.section(TRASH).built:
            w.section(TRASH).view.retint_icons()
        w.section(HOME).retint()

    def show_shortcuts(self) -> None:
        from prm.ui.help.shortcuts_dialog import ShortcutsDialog

        self._open(ShortcutsDialog(self.window))

    def show_about(self) -> None:
        from prm.ui.help.about_dialog import AboutDialog

        self._open(AboutDialog(self.window.switcher.home.paths, self.window))

    def show_getting_started(self, *, first_run: bool) -> None:
        from prm.ui.help.getting_started import GettingStartedDialog

        dialog = GettingStartedDialog(self.window, first_run=first_run)
        dialog.answered.connect(self._answered)
        self._open(dialog)

    def offer_first_run(self) -> None:
        """At start: a store with no contacts, never answered -> the getting-started page."""
        w = self.window
        lists = w.section(HOME).view.lists
        answered = str(w.settings.value(GETTING_STARTED_KEY, "")) == "true"
        if answered or lists is None or lists.has_contacts or w.switcher.showing_sample:
            return
        self.show_getting_started(first_run=True)

    def _answered(self, choice: str) -> None:
        from prm.ui.help.getting_started import IMPORT, SAMPLE

        w = self.window
        w.settings.setValue(GETTING_STARTED_KEY, "true")
        w.settings.sync()
        if choice == SAMPLE:
            w.open_sample_data()
        elif choice == IMPORT:
            w.importing.choose_files()

    def _open(self, dialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()


def install_shell(window: QMainWindow) -> Shell:
    return Shell(window)
