"""Start the desktop app: logging, excepthook, one instance per data folder, the store, the window.

Start-up is measured against an empty QMainWindow (DESIGN.md §4), so nothing
optional is imported before the window shows: Alembic only when the schema
needs upgrading (core's business), backups only after the first list is up.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from prm import APP_ID, APP_NAME, __version__
from prm.core.clock import SystemClock
from prm.core.context import AppContext
from prm.core.errors import KnownError
from prm.core.paths import AppPaths
from prm.core.secrets import KeyringSecretStore
from prm.options import parse_global
from prm.ui.common import qt_compat
from prm.ui.store.single_instance import SingleInstance

if TYPE_CHECKING:  # imported lazily at run time, after the store opened
    from prm.ui.common.theme import ThemeController
    from prm.ui.main_window import MainWindow
    from prm.ui.store.background_backup import BackgroundBackup
    from prm.ui.store.between_windows import BetweenWindows

log = logging.getLogger(__name__)

SELF_TEST_FLAG = "--self-test"
# Benchmarks: quit as soon as the window shows its first page of contacts, and
# (if set) write the wall-clock moment it became usable to this file, so the
# measurement stops there rather than after shutdown's background work.
EXIT_AFTER_SHOW_ENV = "PRM_EXIT_AFTER_SHOW"
READY_FILE_ENV = "PRM_READY_FILE"
# Closing waits this long for a daily backup still copying (it reads the store).
BACKUP_WAIT_S = 120
# A window left open for days still gets its scheduled backups: is one due?
BACKUP_RECHECK_MS = 60 * 60_000


def _setup_logging(log_dir: Path) -> Path | None:
    """The rotating log file (core's), plus errors on stderr for whoever started us."""
    from prm.core.logs import FORMAT, setup_logging

    log_file = setup_logging(log_dir)
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.ERROR)  # warnings go to the file: stderr stays quiet
    console.setFormatter(logging.Formatter(FORMAT))
    logging.getLogger().addHandler(console)
    if log_file is None:
        log.warning("cannot write a log file in %s", log_dir)
    return log_file


def _qt_message(msg_type: QtMsgType, _context: object, message: str) -> None:
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }
    logging.getLogger("qt").log(levels.get(msg_type, logging.WARNING), "%s", message)


def _make_app(qt_args: list[str]) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0] if sys.argv else APP_ID, *qt_args])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName(APP_ID)  # matches resources/prm.desktop (Wayland icon, taskbar)
    return app


def run(argv: list[str]) -> int:
    options = parse_global(argv)
    if SELF_TEST_FLAG in options.rest:
        from prm.ui.store.self_test import self_test

        return self_test()
    paths = AppPaths.resolve(options.data_dir)
    log_file = _setup_logging(paths.log_dir)
    qt_compat.apply()  # before anything emits a signal
    log.info("PRM %s starting with data folder %s", __version__, paths.data_dir)
    qInstallMessageHandler(_qt_message)
    if QApplication.instance() is None:
        from prm.ui.platform_check import platform_problem

        problem = platform_problem(os.environ)
        if problem:
            log.error("%s", problem)
            sys.stderr.write(f"prm: {problem}\n")
            return 2
    app = _make_app(options.rest)
    from prm.ui.common.main_thread_gc import MainThreadGarbageCollector

    MainThreadGarbageCollector(app)  # a child of the app: lives as long as it

    from prm.core.store_header import PASSPHRASE
    from prm.core.store_keys import unlock_from_env
    from prm.core.store_open import NewStore
    from prm.ui.common.errors import install_excepthook
    from prm.ui.common.icons import app_icon
    from prm.ui.common.theme import SETTINGS_KEY, SYSTEM, ThemeController
    from prm.ui.store.store_opener import DialogPrompt, open_user_store

    install_excepthook(log_file)
    app.setWindowIcon(app_icon())
    theme = ThemeController(app)
    settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
    theme.apply(str(settings.value(SETTINGS_KEY, SYSTEM)))
    prompt = DialogPrompt()

    try:
        paths.ensure_writable()  # the lock file lives there
    except KnownError as exc:
        prompt.show_error(exc)
        return 2
    instance = claim_data_dir(paths, _tell_already_running)
    if isinstance(instance, int):
        return instance
    try:
        secrets = KeyringSecretStore()
        unlock = unlock_from_env()
        new = NewStore(PASSPHRASE, unlock.passphrase) if unlock.passphrase else None
        while True:
            store = open_user_store(paths, secrets, prompt, unlock=unlock, new=new)
            if store is None:
                return 2
            if store.recovery_key_to_show:  # created from PRM_PASSPHRASE: a script is watching
                from prm.core.keywrap import recovery_key_notice

                print(recovery_key_notice(store.recovery_key_to_show), file=sys.stderr)
                store.recovery_key_to_show = None
            key = store.key
            try:
                code, request = _run_window(
                    app, AppContext(store, SystemClock(), secrets), settings, theme, instance
                )
            finally:
                store.close()
            if request is None:
                return code
            # A restore or an encryption needs the store closed: do it, then reopen.
            request.run(paths, key, secrets, prompt)
    finally:
        instance.release()


def claim_data_dir(paths: AppPaths, tell_user: Callable[[AppPaths], None]) -> SingleInstance | int:
    """This process's hold on the data folder, or the exit code if another PRM has it."""
    instance = SingleInstance(paths)
    if instance.acquire():
        return instance
    if instance.ask_running_to_raise():
        log.info("PRM is already running for %s; raised its window", paths.data_dir)
        return 0
    tell_user(paths)
    return 1


def _tell_already_running(paths: AppPaths) -> None:
    QMessageBox.information(
        None,
        APP_NAME,
        f"PRM is already running with the data folder {paths.data_dir}, "
        "but its window did not respond.\n\n"
        "Switch to it, or wait for it to finish closing and start PRM again.",
    )


def _run_window(
    app: QApplication,
    ctx: AppContext,
    settings: QSettings,
    theme: ThemeController,
    instance: SingleInstance,
) -> tuple[int, BetweenWindows | None]:
    """Show the window until it closes: (exit code, the work to do before it reopens)."""
    from prm.ui.common.tasks import Tasks

    # Home, the first screen, asks for its lists as the window is built: the worker
    # queries while this thread builds the rest; the contact list loads when shown.
    tasks = Tasks(ctx)
    from prm.ui.main_window import MainWindow

    window = MainWindow(tasks, settings=settings, theme=theme)
    instance.raise_requested.connect(window.raise_window)
    window.show_notices(ctx.store.notices)
    exit_after_show = os.environ.get(EXIT_AFTER_SHOW_ENV) == "1"
    backups: list[BackgroundBackup] = []

    def ready() -> None:
        if exit_after_show:
            window.repaint()  # paint (and fetch) the first page before measuring stops
            ready_file = os.environ.get(READY_FILE_ENV)
            if ready_file:
                Path(ready_file).write_text(repr(time.time()))
            QTimer.singleShot(0, app.quit)
        else:
            from prm.ui.tray.tray import install_tray

            tray = install_tray(window)
            if in_tray and not tray.starts_hidden():
                window.show()  # the tray went away meanwhile: never leave PRM unreachable
            backups.append(backup_if_due(ctx, window))
            recheck = QTimer(window, interval=BACKUP_RECHECK_MS)  # PRM may run for days
            recheck.timeout.connect(
                lambda: backups[-1].wait(0) and backups.append(backup_if_due(ctx, window))
            )
            recheck.start()
            window.shell.offer_first_run()  # a new user: sample data, an import, or empty

    window.ready.connect(ready)
    _close_on_signals(window)
    in_tray = not exit_after_show and _starts_in_tray(settings)
    if not in_tray:
        window.show()
    code = app.exec()
    instance.raise_requested.disconnect(window.raise_window)
    tasks.shutdown()
    for job in backups:  # its own connection: finish the copy before the store closes
        job.wait(BACKUP_WAIT_S)
    window.switcher.close()
    window.deleteLater()
    log.info("PRM closed (exit code %s)", code)
    return code, window.between_windows


def _starts_in_tray(settings: QSettings) -> bool:
    """Preferences > General: start in the tray (the tray module only when asked)."""
    from prm.ui.tray import START_IN_TRAY_KEY

    if str(settings.value(START_IN_TRAY_KEY, "false")).lower() != "true":
        return False
    from prm.ui.tray.tray import starts_in_tray

    return starts_in_tray(settings)


def _close_on_signals(window: QWidget) -> None:
    """Ctrl+C in a terminal, or a polite kill, closes the window properly (settings saved)."""
    # Closed from the event loop, never from inside the handler: a signal that lands
    # between here and ``window.show()`` would close a window not shown yet, which
    # then shows and never quits.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_args: QTimer.singleShot(0, window.close))
    # Python runs signal handlers between bytecodes only; wake it from Qt's C++ loop now and then.
    wake = QTimer(window)
    wake.timeout.connect(lambda: None)
    wake.start(250)


def backup_if_due(ctx: AppContext, window: MainWindow) -> BackgroundBackup:
    """The scheduled backup (Preferences > Backups: daily, weekly or off) on its own
    thread (never the DB worker), after the window is usable."""
    from prm.ui.preferences.prefs import backup_job_options
    from prm.ui.store.background_backup import BackgroundBackup

    options = backup_job_options(window.settings)
    job = BackgroundBackup(ctx.store, ctx.clock, window, **options)  # the user's own store

    def finished(_info: object, error: KnownError | None) -> None:
        if error is not None:
            log.warning("automatic backup failed: %s", error)
            window.show_status(f"Automatic backup failed: {error.message}")

    job.finished.connect(finished)
    job.start()
    return job
