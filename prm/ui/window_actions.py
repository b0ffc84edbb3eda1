"""The main window's actions, menus and toolbar, built in one place.

Shortcuts use Qt's standard key sequences where one exists, so they follow
each platform's conventions (Ctrl+Z here, Cmd+Z on macOS).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QToolBar
from shiboken6 import isValid

from prm.ui.common.icons import icon
from prm.ui.common.theme import THEMES

StandardKey = QKeySequence.StandardKey
# Edit > Advocacy: (key, text, tip, shortcut)
ADVOCACY_ACTIONS = (
    ("referral", "Record a &referral…", "Who referred whom, for what, and what came of it",
     "Ctrl+Shift+R"),
    ("introduction", "&Introduce two people…", "Connect two contacts (a touch for each)",
     "Ctrl+Shift+N"),
    ("signal", "Record &advocacy…", "A testimonial, reference call, case study, favour…", None),
    ("engagement", "Add an &engagement…", "Paid work for a client: fees, start and end", None),
    ("weights", "Value &weights…", "How much each dimension of relationship value counts", None),
)  # fmt: skip


@dataclass
class WindowActions:
    new_contact: QAction
    edit: QAction
    delete: QAction
    undo: QAction
    redo: QAction
    find: QAction
    load_sample: QAction
    quit: QAction
    log_touch: QAction
    plan_meeting: QAction
    cadence_settings: QAction
    import_vcards: QAction
    export_vcards: QAction
    data_protection: QAction
    restore_backup: QAction
    export_everything: QAction
    import_everything: QAction
    capture_sources: QAction
    sync_now: QAction
    sync_accounts: QAction
    preferences: QAction
    themes: dict[str, QAction] = field(default_factory=dict)
    # "referral" / "introduction" / "signal" / "engagement" / "weights" -> its action
    advocacy: dict[str, QAction] = field(default_factory=dict)
    # action -> icon name, so icons can be redrawn when the theme changes
    icon_names: dict[QAction, str] = field(default_factory=dict)

    def retint(self) -> None:
        for action, name in self.icon_names.items():
            action.setIcon(icon(name))


def _action(window: QMainWindow, text: str, *, tip: str = "", shortcut: object = None) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    return action


def create_actions(window: QMainWindow, undo_stack: QUndoStack) -> WindowActions:
    undo = undo_stack.createUndoAction(window, "Undo")
    undo.setShortcut(QKeySequence(StandardKey.Undo))
    redo = undo_stack.createRedoAction(window, "Redo")
    # Ctrl+Shift+Z everywhere; Qt's standard Redo is Ctrl+Y on Windows, so add it too.
    redo_keys = [QKeySequence("Ctrl+Shift+Z")]
    redo_keys += [k for k in QKeySequence.keyBindings(StandardKey.Redo) if k not in redo_keys]
    redo.setShortcuts(redo_keys)
    actions = WindowActions(
        new_contact=_action(window, "&New contact…", tip="Add a contact", shortcut=StandardKey.New),
        edit=_action(window, "&Edit contact…", tip="Edit the selected contact"),
        delete=_action(
            window,
            "&Delete",
            tip="Move the selected contacts to the trash",
            shortcut=StandardKey.Delete,
        ),
        undo=undo,
        redo=redo,
        find=_action(window, "&Find", tip="Search your contacts", shortcut=StandardKey.Find),
        load_sample=_action(
            window, "Load &sample data…", tip="Look around PRM with made-up contacts"
        ),
        quit=_action(window, "&Quit", shortcut=StandardKey.Quit),
        log_touch=_action(
            window,
            "&Log a touch…",
            tip="Log a call, email, meeting or message",
            shortcut="Ctrl+L",
        ),
        plan_meeting=_action(
            window,
            "Plan a &meeting…",
            tip="Plan and time a meeting: 45 minutes, on agenda",
            shortcut="Ctrl+M",
        ),
        cadence_settings=_action(
            window, "&Cadence tiers…", tip="How often each group of people should hear from you"
        ),
        import_vcards=_action(
            window,
            "&Import contacts…",
            tip="Import contacts from vCard (.vcf) or CSV files (or drop them on the window)",
            shortcut="Ctrl+Shift+I",
        ),
        export_vcards=_action(window, "E&xport vCards…", tip="Save contacts as vCard (.vcf) files"),
        data_protection=_action(
            window, "Data &protection…", tip="Encryption, passphrase and your recovery key"
        ),
        restore_backup=_action(
            window,
            "&Restore from backup…",
            tip="Go back to an earlier copy of your data (the current data is kept)",
        ),
        export_everything=_action(
            window,
            "Export &everything…",
            tip="Save all your data in one open JSON file (prm export-all)",
        ),
        import_everything=_action(
            window,
            "Import every&thing…",
            tip="Load a file from Export everything into this empty store",
        ),
        capture_sources=_action(
            window,
            "&Capture sources…",
            tip="Calendars and mailboxes whose touches PRM proposes for you to accept",
        ),
        sync_now=_action(
            window,
            "S&ync now",
            tip="Sync contacts with your CardDAV address books (phone, other laptops)",
            shortcut="Ctrl+Shift+Y",
        ),
        sync_accounts=_action(
            window,
            "Sync &accounts…",
            tip="The CardDAV address books PRM syncs contacts with",
        ),
        preferences=_action(
            window,
            "Pre&ferences…",
            tip="Theme, reach out, meetings, backups, tray…",
            shortcut="Ctrl+,",
        ),  # fmt: skip
    )
    actions.quit.setMenuRole(QAction.MenuRole.QuitRole)
    actions.preferences.setMenuRole(QAction.MenuRole.PreferencesRole)  # the app menu on macOS
    actions.edit.setShortcuts([QKeySequence("Ctrl+E")])
    for act, name in (
        (actions.new_contact, "new"),
        (actions.edit, "edit"),
        (actions.delete, "trash"),
        (actions.undo, "undo"),
        (actions.redo, "redo"),
        (actions.load_sample, "sample"),
        (actions.log_touch, "log-touch"),
        (actions.plan_meeting, "meeting"),
        (actions.sync_now, "sync"),
    ):
        actions.icon_names[act] = name
    actions.retint()

    for kind, text, tip, keys in ADVOCACY_ACTIONS:
        actions.advocacy[kind] = _action(window, text, tip=tip, shortcut=keys)

    group = QActionGroup(window)
    group.setExclusive(True)
    for key, label in THEMES.items():
        theme_action = QAction(label, window, checkable=True)
        theme_action.setData(key)
        group.addAction(theme_action)
        actions.themes[key] = theme_action
    return actions


def build_bars(window: QMainWindow, actions: WindowActions) -> QToolBar:
    """The menus, and the toolbar (returned)."""
    build_menus(window, actions)
    return build_toolbar(window, actions)


def build_menus(window: QMainWindow, actions: WindowActions) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addAction(actions.new_contact)
    file_menu.addAction(actions.load_sample)
    file_menu.addSeparator()
    file_menu.addAction(actions.import_vcards)
    file_menu.addAction(actions.export_vcards)
    file_menu.addAction(actions.export_everything)
    file_menu.addAction(actions.import_everything)
    file_menu.addSeparator()
    file_menu.addAction(actions.capture_sources)
    file_menu.addAction(actions.sync_now)
    file_menu.addAction(actions.sync_accounts)
    file_menu.addSeparator()
    file_menu.addAction(actions.data_protection)
    file_menu.addAction(actions.restore_backup)
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)

    edit_menu = bar.addMenu("&Edit")
    edit_menu.addAction(actions.undo)
    edit_menu.addAction(actions.redo)
    edit_menu.addSeparator()
    edit_menu.addAction(actions.edit)
    edit_menu.addAction(actions.delete)
    edit_menu.addSeparator()
    edit_menu.addAction(actions.find)
    edit_menu.addSeparator()
    edit_menu.addAction(actions.log_touch)
    edit_menu.addAction(actions.plan_meeting)
    edit_menu.addAction(actions.cadence_settings)
    advocacy_menu = edit_menu.addMenu("Ad&vocacy")
    for key, advocacy_action in actions.advocacy.items():
        if key == "weights":
            advocacy_menu.addSeparator()
        advocacy_menu.addAction(advocacy_action)
    edit_menu.addSeparator()
    edit_menu.addAction(actions.preferences)

    view_menu = bar.addMenu("&View")
    theme_menu = view_menu.addMenu("&Theme")
    for theme_action in actions.themes.values():
        theme_menu.addAction(theme_action)


def build_toolbar(window: QMainWindow, actions: WindowActions) -> QToolBar:
    toolbar = QToolBar("Toolbar", window)
    toolbar.setObjectName("main-toolbar")  # saveState needs a name
    toolbar.setMovable(False)
    toolbar.setFloatable(False)
    toolbar.setIconSize(QSize(20, 20))
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.toggleViewAction().setEnabled(False)
    for act, text in (
        (actions.new_contact, "New"),
        (actions.edit, "Edit"),
        (actions.delete, "Delete"),
        (None, ""),
        (actions.log_touch, "Log touch"),
        (actions.plan_meeting, "Meeting"),
        (None, ""),
        (actions.undo, "Undo"),
        (None, ""),
        (actions.sync_now, "Sync"),
    ):
        if act is None:
            toolbar.addSeparator()
            continue
        # The toolbar shows short labels ("Undo", not "Undo Move Jane Doe to the trash")
        # but triggers the real menu action and mirrors its state.
        button_action = toolbar.addAction(act.icon(), text)
        button_action.triggered.connect(act.trigger)
        _Mirror(act, button_action)
        actions.icon_names[button_action] = actions.icon_names[act]
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    return toolbar


def _tip_with_shortcut(action: QAction) -> str:
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    tip = action.toolTip()
    return f"{tip} ({keys})" if keys else tip


class _Mirror(QObject):
    """Keeps a toolbar stand-in in step with its menu action; dies with the stand-in."""

    def __init__(self, source: QAction, target: QAction) -> None:
        super().__init__(target)  # a child: the connection goes when the target does
        self._source = source
        self._target = target
        source.changed.connect(self.sync)
        self.sync()

    def sync(self) -> None:
        if not (isValid(self._source) and isValid(self._target)):
            return  # the window is being torn down
        self._target.setEnabled(self._source.isEnabled())
        self._target.setToolTip(_tip_with_shortcut(self._source))


def connect_actions(a: WindowActions, window: QMainWindow) -> None:
    """Each action to the part of the window that carries it out."""
    w = window
    for action, slot in (
        (a.new_contact, w.editing.new_contact), (a.edit, w.edit_selected),
        (a.delete, w.delete_selected), (a.find, w.focus_search),
        (a.load_sample, w.open_sample_data), (a.log_touch, w.log_touch),
        (a.cadence_settings, w.touch.open_cadence_settings),
        (a.data_protection, w.store_actions.data_protection), (a.plan_meeting, w.plan_meeting),
        (a.import_vcards, w.importing.choose_files), (a.export_vcards, w.exporting.open),
        (a.restore_backup, w.store_actions.choose_backup_to_restore),
        (a.export_everything, w.everything.export_all),
        (a.import_everything, w.everything.import_all), (a.quit, lambda: _quit(w)),
        (a.capture_sources, w.section("capture").open_sources),
        (a.sync_now, w.sync.sync_now), (a.sync_accounts, w.sync.open_accounts),
    ):  # fmt: skip
        action.triggered.connect(slot)
    _connect_advocacy(a, w)
    a.preferences.triggered.connect(lambda: _open_preferences(w))
    for key, theme_action in a.themes.items():
        theme_action.triggered.connect(lambda _checked=False, k=key: w.set_theme(k))


def _quit(w: QMainWindow) -> None:
    """Quit quits, even when closing the window would only hide it in the tray."""
    tray = getattr(w, "tray", None)  # prm.ui.tray, once the window is ready
    if tray is not None:
        tray.quit()
    else:
        w.close()


def _open_preferences(w: QMainWindow) -> None:
    from prm.ui.preferences.open_prefs import open_preferences  # first use, not start-up

    open_preferences(w)


def _connect_advocacy(a: WindowActions, w: QMainWindow) -> None:
    """Edit > Advocacy and the contact card's advocacy links, to the Advocates section;
    a new entry starts with the contact on screen."""
    advocates = w.section("advocates")

    def shown() -> int | None:
        return w.contacts_view.current_id() if w.sidebar.current_key() == "contacts" else None

    for kind, action in a.advocacy.items():
        if kind == "weights":
            action.triggered.connect(advocates.edit_weights)
        else:
            action.triggered.connect(lambda _=False, k=kind: advocates.new_entry(k, shown()))
    w.touch.ask_logged.connect(advocates.record_asks)


def connect_card(w: QMainWindow, card) -> None:
    """The contact card (built with Contacts, on its first show): its advocacy links."""
    advocates = w.section("advocates")
    card.advocacy_new_requested.connect(advocates.new_entry)
    card.advocacy_edit_requested.connect(advocates.edit_entry)
