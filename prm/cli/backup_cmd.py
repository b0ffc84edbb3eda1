"""``prm backup [create|list|restore]``: verified backups, and putting one back.

``list`` and ``restore`` never open the store: a restore must work when the
database is missing or damaged. The key comes from ``resolve_key``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from prm.cli.common import app_context, print_json
from prm.core.backups import BackupInfo, find_backup, list_backups, restore_backup
from prm.core.backups.catalog import human_size
from prm.core.clock import SystemClock
from prm.core.errors import KnownError
from prm.core.paths import AppPaths


def register(commands: argparse._SubParsersAction) -> None:
    backup = commands.add_parser(
        "backup",
        help="verified backups: create (the default), list, restore",
        description="Without an action, writes a verified backup now (same as `prm backup create`).",
    )
    backup.set_defaults(handler=run_create)
    actions = backup.add_subparsers(dest="backup_action", metavar="ACTION")
    create = actions.add_parser("create", help="write a verified backup now")
    create.set_defaults(handler=run_create)
    listing = actions.add_parser("list", help="the backups, newest first")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=run_list)
    restore = actions.add_parser(
        "restore", help="put a backup in place of the current data (which is kept, undoably)"
    )
    restore.add_argument("id", metavar="ID", help="the backup's id, as `prm backup list` shows it")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.set_defaults(handler=run_restore)


def run_create(args: argparse.Namespace, secrets) -> int:
    from prm.core.backups import backup_store

    with app_context(args, secrets) as ctx:
        info = backup_store(ctx.store, now=ctx.clock.now(), kind="manual")
    print(
        f"Backup {info.id} written and verified ({_contacts(info)}, {human_size(info.size)}): "
        f"{info.path}"
    )
    return 0


def run_list(args: argparse.Namespace, _secrets) -> int:
    paths = AppPaths.resolve(args.data_dir)
    found = list_backups(paths.backup_dir)
    if args.json:
        print_json([b.to_json() for b in found])
        return 0
    if not found:
        print(f"No backups yet in {paths.backup_dir}. Make one with: prm backup")
        return 0
    rows = [("ID", "MADE (LOCAL)", "KIND", "CONTACTS", "SIZE", "VERIFIED")]
    rows += [
        (
            b.id,
            local_time(b.created_at),
            b.kind,
            "?" if b.contacts is None else str(b.contacts),
            human_size(b.size),
            "yes" if b.verified else "no",
        )
        for b in found
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 0


def run_restore(args: argparse.Namespace, secrets) -> int:
    from prm.core.logs import setup_logging
    from prm.core.secrets import KeyringSecretStore
    from prm.core.store_keys import resolve_key

    paths = AppPaths.resolve(args.data_dir)
    setup_logging(paths.log_dir)
    chosen = find_backup(paths.backup_dir, args.id)
    if not args.yes and not _confirm(chosen):
        print("Nothing was changed.")
        return 1
    key = resolve_key(paths, secrets or KeyringSecretStore())
    result = restore_backup(paths, chosen.id, key, now=SystemClock().now())
    print(
        f"Restored backup {chosen.id} (made {local_time(chosen.created_at)}, "
        f"{_contacts(chosen)}) into {paths.database}."
    )
    if result.kept_aside is not None:
        print(f"Your data as it was is kept as backup {result.kept_aside.id}.")
        print(f"To undo this restore: {result.undo_command}")
    if result.set_aside_file is not None:
        print(f"The unreadable database was kept, untouched, as {result.set_aside_file}.")
    return 0


def _confirm(chosen: BackupInfo) -> bool:
    if not sys.stdin.isatty():
        raise KnownError(
            "Restoring replaces your current data (it is kept as a backup first), so PRM asks "
            "before it does that, and there is no terminal to ask on.",
            hint=f"Run it again with --yes: prm backup restore {chosen.id} --yes",
        )
    answer = input(
        f"Restore backup {chosen.id} (made {local_time(chosen.created_at)}, {_contacts(chosen)})?\n"
        "Your current data is kept as a backup first, so this can be undone. [y/N] "
    )
    return answer.strip().lower() in ("y", "yes")


def _contacts(info: BackupInfo) -> str:
    if info.contacts is None:
        return "contacts not counted"
    return f"{info.contacts} contact" + ("" if info.contacts == 1 else "s")


def local_time(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")
