"""The app-wide preferences, kept in the window's QSettings: one typed read, one write.

Every part that behaves by a preference reads it here when it acts (the meeting planner
its presets, the meeting timer its warnings, the background backup its schedule, the
tray its notices), so an OK in Preferences reaches the next thing each of them does.
Per-store settings (cadence tiers) stay in the store.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from PySide6.QtCore import QSettings

from prm.core.meeting_timer import AMBER_AT, MINUTE, RED_AT, WRAP_UP_AT
from prm.core.meetings import MAX_MINUTES, PRESET_MINUTES
from prm.core.reach_out_week import DEFAULT_WEEKLY_CAPACITY, MAX_WEEKLY_CAPACITY
from prm.ui.common.theme import SETTINGS_KEY as THEME_KEY
from prm.ui.common.theme import SYSTEM, THEMES
from prm.ui.tray import START_IN_TRAY_KEY

DAILY, WEEKLY, OFF = "daily", "weekly", "off"
SCHEDULES = {DAILY: "Every day", WEEKLY: "Every week", OFF: "Off"}
MAX_PRESETS = 6
MAX_KEEP = 60

# field name -> QSettings key (the capacity and theme keys predate this module)
KEYS = {
    "theme": THEME_KEY,
    "start_in_tray": START_IN_TRAY_KEY,
    "weekly_capacity": "reach_out/weekly_capacity",
    "meeting_presets": "meetings/presets",
    "amber_minutes": "meetings/warn_amber_minutes",
    "red_minutes": "meetings/warn_red_minutes",
    "wrap_up_minutes": "meetings/warn_wrap_up_minutes",
    "backup_schedule": "backups/schedule",
    "backup_keep": "backups/keep_daily",
    "tray_icon": "tray/enabled",
    "close_to_tray": "tray/close_to_tray",
    "notify_birthday": "notify/birthday",
    "notify_follow_up": "notify/follow_up",
    "notify_reply": "notify/reply",
    "notify_meeting": "notify/meeting",
}


@dataclass(frozen=True)
class Prefs:
    theme: str = SYSTEM
    start_in_tray: bool = False
    weekly_capacity: int = DEFAULT_WEEKLY_CAPACITY
    meeting_presets: tuple[int, ...] = PRESET_MINUTES
    amber_minutes: int = AMBER_AT // MINUTE
    red_minutes: int = RED_AT // MINUTE
    wrap_up_minutes: int = WRAP_UP_AT // MINUTE
    backup_schedule: str = DAILY
    backup_keep: int = 7  # daily copies (rotation also keeps 4 weekly and 12 monthly)
    tray_icon: bool = True
    close_to_tray: bool = False
    notify_birthday: bool = True
    notify_follow_up: bool = True
    notify_reply: bool = True
    notify_meeting: bool = True

    def notice_kinds(self) -> list[str]:
        """The notices.KINDS the user wants to hear about."""
        return [
            kind
            for kind, on in (
                ("birthday", self.notify_birthday),
                ("follow_up", self.notify_follow_up),
                ("reply", self.notify_reply),
            )
            if on
        ]

    def warnings_ms(self) -> dict[str, int]:
        return {
            "amber_ms": self.amber_minutes * MINUTE,
            "red_ms": self.red_minutes * MINUTE,
            "wrap_up_ms": self.wrap_up_minutes * MINUTE,
        }


DEFAULTS = Prefs()


def parse_presets(text: str) -> tuple[int, ...]:
    """ "15, 25 30" -> (15, 25, 30); ValueError naming the value that is not a length."""
    values = []
    for part in text.replace(",", " ").split():
        if not part.isdigit() or not 1 <= int(part) <= MAX_MINUTES:
            raise ValueError(f"“{part}” is not a length in minutes (1 to {MAX_MINUTES}).")
        values.append(int(part))
    if not values:
        raise ValueError("Give at least one length, for example 15, 30, 45.")
    if len(set(values)) > MAX_PRESETS:
        raise ValueError(f"At most {MAX_PRESETS} lengths fit beside the planner's field.")
    return tuple(sorted(set(values)))


def _read(settings: QSettings, name: str, default: object) -> object:
    raw = settings.value(KEYS[name])
    if raw is None:
        return default
    try:
        if isinstance(default, bool):
            return str(raw).lower() in ("true", "1", "yes")
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, tuple):
            return parse_presets(raw if isinstance(raw, str) else " ".join(map(str, raw)))
    except (TypeError, ValueError):
        return default  # a hand-edited file: the default, never a crash
    return str(raw)


def load_prefs(settings: QSettings | None) -> Prefs:
    if settings is None:
        return DEFAULTS
    values = {f.name: _read(settings, f.name, getattr(DEFAULTS, f.name)) for f in fields(Prefs)}
    prefs = Prefs(**values)
    return _sane(prefs)


def _sane(p: Prefs) -> Prefs:
    """Values out of range (an old or edited settings file) fall back to the defaults."""
    d = DEFAULTS
    warnings_ok = p.amber_minutes >= p.red_minutes >= p.wrap_up_minutes >= 1
    return replace(
        p,
        theme=p.theme if p.theme in THEMES else d.theme,
        weekly_capacity=min(max(p.weekly_capacity, 1), MAX_WEEKLY_CAPACITY),
        amber_minutes=p.amber_minutes if warnings_ok else d.amber_minutes,
        red_minutes=p.red_minutes if warnings_ok else d.red_minutes,
        wrap_up_minutes=p.wrap_up_minutes if warnings_ok else d.wrap_up_minutes,
        backup_schedule=p.backup_schedule if p.backup_schedule in SCHEDULES else d.backup_schedule,
        backup_keep=min(max(p.backup_keep, 1), MAX_KEEP),
    )


def save_prefs(settings: QSettings, prefs: Prefs) -> None:
    for f in fields(Prefs):
        value = getattr(prefs, f.name)
        if isinstance(value, tuple):
            value = ", ".join(map(str, value))
        settings.setValue(KEYS[f.name], value)
    settings.sync()


def backup_job_options(settings: QSettings | None) -> dict[str, int | None]:
    """BackgroundBackup's schedule arguments from the preferences."""
    prefs = load_prefs(settings)
    every = {DAILY: 1, WEEKLY: 7, OFF: None}[prefs.backup_schedule]
    return {"every_days": every, "keep_daily": prefs.backup_keep}
