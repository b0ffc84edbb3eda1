"""``prm <command>``: the CLI entry. Known errors print one clear line, exit code 2."""

from __future__ import annotations

import argparse
import logging
import sys

from prm import APP_NAME
from prm.cli import (
    advocacy_cmd,
    articles_cmd,
    backup_cmd,
    cadence_cmd,
    capture_cmd,
    contacts_cmd,
    duplicates_cmd,
    events_cmd,
    everything_cmd,
    export_cmd,
    gifts_cmd,
    import_cmd,
    key_cmd,
    meetings_cmd,
    store_cmd,
    sync_cmd,
    touch_cmd,
    trip_cmd,
)
from prm.cli.parser import refuse_undecodable_text
from prm.core.drafts import field_label
from prm.core.errors import KnownError, ValidationError
from prm.core.secrets import SecretStore
from prm.options import add_global_options

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prm",
        description=f"{APP_NAME}: your relationships, offline. Without a command, opens the app.",
    )
    add_global_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    store_cmd.register(commands)
    key_cmd.register(commands)
    backup_cmd.register(commands)
    contacts_cmd.register(commands)
    touch_cmd.register(commands)
    cadence_cmd.register(commands)
    meetings_cmd.register(commands)
    gifts_cmd.register(commands)
    events_cmd.register(commands)
    articles_cmd.register(commands)
    import_cmd.register(commands)
    export_cmd.register(commands)
    everything_cmd.register(commands)
    duplicates_cmd.register(commands)
    capture_cmd.register(commands)
    sync_cmd.register(commands)
    advocacy_cmd.register(commands)
    trip_cmd.register(commands)
    return parser


def main(argv: list[str] | None = None, *, secrets: SecretStore | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    if hasattr(sys.stdout, "reconfigure"):
        # A file name that is not UTF-8 (legal on Linux) prints as \xe9, as stderr does,
        # instead of a UnicodeEncodeError after the work is done.
        sys.stdout.reconfigure(errors="backslashreplace")
    try:
        refuse_undecodable_text(parser, args)
        return args.handler(args, secrets) or 0
    except ValidationError as exc:
        for field, message in exc.errors.items():
            print(f"prm: {field_label(field)}: {message}", file=sys.stderr)
        return 2
    except KnownError as exc:
        print(f"prm: {exc.message}", file=sys.stderr)
        if exc.hint:
            print(f"     {exc.hint}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `prm contacts list | head`
        return 0
