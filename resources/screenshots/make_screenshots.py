"""The README's screenshots, taken from the app itself so they stay current.

    xvfb-run -a .venv/bin/python resources/screenshots/make_screenshots.py

A temporary store filled with the sample data (the made-up people of "Try it
with sample data"), the main window at its default size, then each view in the
light and the dark theme: Home (once the app has it), Contacts with a contact
open, Reach out, Advocates, and the meeting timer with a meeting under way.
The PNGs go next to this script, reduced to an 8-bit palette by pngquant when
it is installed (`apt-get install pngquant`). The sample's "today" is fixed, so
a new run changes a picture only when the app changed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run from a checkout, as the command above does
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtGui import QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

OUT = Path(__file__).resolve().parent
THEMES = ("light", "dark")
SHOTS = ("home", "contacts", "reach_out", "advocates", "meeting")
TODAY = datetime(2026, 5, 12, 8, 30, tzinfo=UTC)
SETTLE_MS = 1500  # long enough for a section's worker query and its first paint
MEETING_MINUTES_IN = 23
NOTES = """Rollout ahead of plan: 3 of 4 sites live, Lagos next week.
Budget for Q3 approved; wants a short proposal for the analytics add-on.
Ask about the board offsite in June."""


def wait(ms: int = SETTLE_MS) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


class Studio:
    """The app on a throwaway sample store, and a camera pointed at it."""

    def __init__(self, folder: Path) -> None:
        from prm.core.clock import FakeClock
        from prm.core.context import AppContext
        from prm.core.paths import AppPaths
        from prm.core.sample_store import fill_sample_store
        from prm.core.secrets import MemorySecretStore
        from prm.core.store_header import PLAIN
        from prm.core.store_open import NewStore, open_store
        from prm.ui.common.tasks import Tasks
        from prm.ui.common.theme import ThemeController
        from prm.ui.main_window import MainWindow

        app = QApplication.instance()
        self.clock = FakeClock(TODAY)
        secrets = MemorySecretStore()
        self.store = open_store(AppPaths.for_dir(folder / "data"), secrets, new=NewStore(PLAIN))
        fill_sample_store(self.store, clock=self.clock, zone=UTC)
        # UTC, not this computer's zone: the pictures are the same wherever they are made.
        self.tasks = Tasks(AppContext(self.store, self.clock, secrets, zone=UTC))
        settings = QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)
        self.window = MainWindow(self.tasks, settings=settings, theme=ThemeController(app))
        self.window.show()
        wait()

    def available(self) -> list[str]:
        return [s for s in SHOTS if s in ("contacts", "meeting") or s in self.window.sections]

    def set_theme(self, mode: str) -> None:
        self.window.set_theme(mode)
        wait(300)

    def shoot(self, shot: str) -> QPixmap:
        if shot == "meeting":
            return self._meeting()
        self.window.sidebar.select(shot)
        if shot == "contacts":
            self.window.contacts_view.show_contact(self._busiest_contact())
        wait()
        return self.window.grab()

    def _busiest_contact(self) -> int:
        """Someone with a long history: the card and its timeline have something to show."""
        from sqlalchemy import text

        with self.store.reading() as session:
            return session.exec(
                text(
                    "SELECT p.contact_id FROM touch_participant p JOIN contact c"
                    " ON c.id = p.contact_id WHERE c.deleted_at IS NULL AND c.organization != ''"
                    " GROUP BY p.contact_id ORDER BY count(*) DESC, p.contact_id LIMIT 1"
                )
            ).scalar_one()

    def _meeting(self) -> QPixmap:
        """A planned meeting MEETING_MINUTES_IN minutes along, on its second agenda item."""
        flow = self.window.meetings
        if flow.session is None:
            from prm.core import meetings

            draft = meetings.MeetingDraft(
                attendee_ids=[self._busiest_contact()],
                title="Quarterly check-in",
                length_minutes=45,
                items=[
                    meetings.AgendaDraft("Catch up", 5),
                    meetings.AgendaDraft("Project status", 20),
                    meetings.AgendaDraft("Next quarter", 15),
                    meetings.AgendaDraft("Wrap-up", 5),
                ],
            )
            # Started MEETING_MINUTES_IN minutes before "today", so every view shows the same time.
            self.clock.set(TODAY - timedelta(minutes=MEETING_MINUTES_IN))
            with self.store.transaction() as session:
                meeting = meetings.start_meeting(session, draft=draft, clock=self.clock)
                meeting_id, title = meeting.id, meeting.title
                timer = meetings.saved_timer(meeting)
            self.clock.advance(minutes=6)
            timer.next_item(meetings.now_ms(self.clock))
            self.clock.set(TODAY)
            notes = {"notes": NOTES, "outcomes": "Pilot in two regions", "next_step": ""}
            # What "Start" in the plan dialog does once the meeting is saved.
            flow._begin(meeting_id, title, timer, notes)
        wait()
        return flow.meeting_window.grab()

    def close(self) -> None:
        from prm.ui.common.theme import SYSTEM

        flow = self.window.meetings
        if flow.session is not None:
            flow.session.stop_ticking()
            for window in (flow.meeting_window, flow.mini):
                window.hide()
                window.deleteLater()
        self.window.hide()
        self.window.theme.apply(SYSTEM)  # the palette is app-wide: leave it as found
        self.tasks.shutdown()
        self.window.deleteLater()
        self.store.close()


def save(pixmap: QPixmap, path: Path) -> None:
    """A PNG, as small as it still looks right (an 8-bit palette, if pngquant is here)."""
    if not pixmap.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    if shutil.which("pngquant"):
        subprocess.run(
            ["pngquant", "--quality=70-95", "--speed=1", "--strip", "--skip-if-larger",
             "--force", "--output", str(path), str(path)],
            check=False,  # too few colours to gain is exit code 98/99: keep the original
        )  # fmt: skip


def make(out: Path, shots: list[str] | None = None, themes=THEMES) -> list[Path]:
    written = []
    with tempfile.TemporaryDirectory(prefix="prm-shots-") as tmp:
        studio = Studio(Path(tmp))
        try:
            for theme in themes:
                studio.set_theme(theme)
                for shot in shots or studio.available():
                    path = out / f"{shot.replace('_', '-')}-{theme}.png"
                    save(studio.shoot(shot), path)
                    written.append(path)
        finally:
            studio.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNGs")
    parser.add_argument("--only", action="append", choices=SHOTS, help="this view only")
    args = parser.parse_args()
    from prm import APP_NAME
    from prm.ui.common import qt_compat
    from prm.ui.common.main_thread_gc import MainThreadGarbageCollector

    qt_compat.apply()  # as the app does, before anything emits a signal
    app = QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    MainThreadGarbageCollector(app)
    for path in make(args.out, args.only):
        print(f"{path} ({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
