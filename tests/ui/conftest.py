"""GUI fixtures, composed: ctx -> tasks -> window. Every widget goes through qtbot."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from shiboken6 import isValid

from prm.core import contacts
from prm.core.context import AppContext
from prm.core.drafts import ContactDraft, LabeledValue
from prm.ui.common import qt_compat
from prm.ui.common.tasks import Tasks
from prm.ui.common.theme import SYSTEM, ThemeController
from prm.ui.contacts.contacts_section import CONTACTS
from prm.ui.main_window import MainWindow

# The offscreen platform says these when a window is shown or raised; not ours.
OFFSCREEN_NOISE = (
    "This plugin does not support propagateSizeHints",
    r"This plugin does not support raise\(\)",
)


# A long GUI test session emits tens of thousands of signals; see qt_compat.
qt_compat.apply()


@pytest.fixture(scope="session")
def _gui_thread_collector(qapp):
    """As the app does (prm.ui.common.main_thread_gc): no collection on worker threads,
    for the whole session (a collector that came and went per test would itself be
    destroyed mid-collection)."""
    from prm.ui.common.main_thread_gc import MainThreadGarbageCollector

    collector = MainThreadGarbageCollector(qapp)
    # Tests collect between tests only (below): a collection inside a test's event
    # loop could free the previous test's Qt objects while Qt still dispatches to them.
    collector.pause()
    yield collector
    collector.stop()


@pytest.fixture(autouse=True)
def _collect_garbage_between_tests(_gui_thread_collector):
    yield
    _gui_thread_collector.collect_if_due()  # here: on the GUI thread, in no destructor


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/ui/" in item.nodeid:
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))


@pytest.fixture
def ctx(store, clock, secret_store) -> AppContext:
    return AppContext(store, clock, secret_store)


@pytest.fixture
def tasks(ctx, qapp):
    tasks = Tasks(ctx)
    yield tasks
    tasks.shutdown()  # before the store fixture closes the store


@pytest.fixture
def theme(qapp):
    controller = ThemeController(qapp)
    controller.apply(SYSTEM)
    yield controller
    controller.apply(SYSTEM)  # the palette is app-wide: leave it as found


@pytest.fixture
def settings(paths) -> QSettings:
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    return QSettings(str(paths.settings_file), QSettings.Format.IniFormat)


def _drop_editor(window: MainWindow) -> None:
    editor = window.editing.editor
    if editor is not None and isValid(editor):
        editor.done(0)  # closing the window would ask (modally) whether to discard the typing
    if window.meetings.running:
        window.meetings._close_meeting()  # closing would ask (modally) whether to quit mid-meeting


@pytest.fixture
def make_window(qtbot, tasks, settings, theme):
    """A shown main window with its first list loaded."""

    def make() -> MainWindow:
        window = MainWindow(tasks, settings=settings, theme=theme)
        qtbot.addWidget(window, before_close_func=_drop_editor)
        with qtbot.waitSignal(window.ready):
            window.show()
        # Home is the first screen; these tests start where the user works on contacts.
        window.sidebar.select(CONTACTS)
        _wait_idle(qtbot, tasks)
        return window

    return make


@pytest.fixture
def window(make_window) -> MainWindow:
    return make_window()


def _wait_idle(qtbot, tasks: Tasks) -> None:
    from PySide6.QtWidgets import QApplication

    # Announced changes arrive as queued signals and queue more jobs (which may
    # queue more): settle until two rounds in a row find nothing to do.
    quiet = 0
    while quiet < 2:
        QApplication.processEvents()
        if tasks.is_busy():
            quiet = 0
            qtbot.waitUntil(lambda: not tasks.is_busy())
        else:
            quiet += 1


@pytest.fixture
def wait_idle(qtbot, tasks):
    """Block until every queued job ran and its callback was delivered (chains included)."""
    return lambda: _wait_idle(qtbot, tasks)


@pytest.fixture
def add_contact(store, clock):
    """Create one contact through the real service (validation, search index and all)."""

    def add(given: str, family: str = "", *, emails: tuple[str, ...] = (), **fields) -> int:
        draft = ContactDraft(
            given_name=given,
            family_name=family,
            emails=[LabeledValue(e) for e in emails],
            **fields,
        )
        with store.transaction() as session:
            return contacts.create_contact(session, draft=draft, clock=clock).id

    return add
