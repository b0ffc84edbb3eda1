"""Which backups to keep: 7 daily, 4 weekly, 12 monthly, and the newest few special copies.

Grandfather-father-son over each backup's ``created_at`` (from its manifest,
never from file times): of the daily and manual copies, the newest of each of
the last 7 days that have one, of the last 4 ISO weeks and of the last 12
months are kept. The newest 3 pre-migration and the newest 3 before-restore
copies are kept beside them, and the newest verified backup is never deleted.
Within a period a verified copy is preferred over an unverified one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from prm.core.backups.catalog import BackupInfo, list_backups

log = logging.getLogger(__name__)

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
KEEP_SPECIAL = 3  # pre-migration, before-restore, before-sync
ROTATING = ("daily", "manual")


def _day(moment: datetime) -> tuple[int, ...]:
    return (moment.year, moment.month, moment.day)


def _week(moment: datetime) -> tuple[int, ...]:
    iso = moment.isocalendar()
    return (iso.year, iso.week)


def _month(moment: datetime) -> tuple[int, ...]:
    return (moment.year, moment.month)


def _best_per_period(
    backups: list[BackupInfo], period: Callable[[datetime], tuple[int, ...]], count: int
) -> set[str]:
    groups: dict[tuple[int, ...], list[BackupInfo]] = {}
    for backup in backups:
        groups.setdefault(period(backup.created_at), []).append(backup)
    newest_periods = sorted(groups, reverse=True)[:count]
    return {
        max(groups[key], key=lambda b: (b.verified, b.created_at, b.id)).id
        for key in newest_periods
    }


def backups_to_keep(backups: Iterable[BackupInfo], *, keep_daily: int = KEEP_DAILY) -> set[str]:
    """The ids rotation keeps among ``backups`` (all the others may be deleted);
    ``keep_daily``: how many days' newest copies (Preferences > Backups)."""
    backups = list(backups)
    keep: set[str] = set()
    rotating = [b for b in backups if b.kind in ROTATING]
    for period, count in ((_day, keep_daily), (_week, KEEP_WEEKLY), (_month, KEEP_MONTHLY)):
        keep |= _best_per_period(rotating, period, count)
    for kind in ("pre-migration", "before-restore", "before-sync"):
        special = sorted(
            (b for b in backups if b.kind == kind), key=lambda b: (b.created_at, b.id), reverse=True
        )
        keep |= {b.id for b in special[:KEEP_SPECIAL]}
    verified = [b for b in backups if b.verified]
    if verified:
        keep.add(max(verified, key=lambda b: (b.created_at, b.id)).id)
    return keep


def rotate(
    backup_dir: Path, *, protect: Iterable[str] = (), keep_daily: int = KEEP_DAILY
) -> list[BackupInfo]:
    """Delete the backups the policy no longer keeps (and their manifests); returns them."""
    backups = list_backups(backup_dir, deep=False)
    keep = backups_to_keep(backups, keep_daily=keep_daily) | set(protect)
    deleted = []
    for backup in backups:
        if backup.id in keep:
            continue
        try:
            backup.path.unlink(missing_ok=True)  # the file first: a lone manifest lists nothing
            backup.manifest.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("cannot delete the old backup %s: %s", backup.path, exc)
            continue
        deleted.append(backup)
    if deleted:
        log.info("rotated away %d old backups in %s", len(deleted), backup_dir)
    return deleted
