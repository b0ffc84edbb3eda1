"""What every CLI command needs: the store for --data-dir, and JSON output."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from prm.cli.unlock import open_cli_store
from prm.core.backups import backup_after_write
from prm.core.clock import SystemClock
from prm.core.context import AppContext
from prm.core.logs import setup_logging
from prm.core.paths import AppPaths
from prm.core.secrets import KeyringSecretStore, SecretStore


@contextmanager
def app_context(args: argparse.Namespace, secrets: SecretStore | None) -> Iterator[AppContext]:
    paths = AppPaths.resolve(args.data_dir)
    paths.ensure_writable()
    setup_logging(paths.log_dir)
    secrets = secrets or KeyringSecretStore()
    store = open_cli_store(paths, secrets)
    for notice in store.notices:
        print(f"prm: note: {notice}", file=sys.stderr)
    try:
        yield AppContext(store=store, clock=SystemClock(), secrets=secrets)
        # A daily backup after a command that wrote; its failure only warns:
        # the command's own work is done and committed.
        warning = backup_after_write(store, SystemClock().now())
        if warning:
            print(f"prm: warning: {warning}", file=sys.stderr)
    finally:
        store.close()


def say_none(message: str) -> None:
    """An empty listing says so on stderr: stdout stays empty for scripts that parse it."""
    print(message, file=sys.stderr)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def print_json_array(items: Iterable[Any]) -> None:
    """Stream a JSON array item by item: 100k contacts never sit in memory at once."""
    out = sys.stdout
    out.write("[")
    empty = True
    for item in items:
        out.write("\n" if empty else ",\n")
        out.write(json.dumps(item, ensure_ascii=False, default=str))
        empty = False
    out.write("]\n" if empty else "\n]\n")


def n_of(n: int, one: str, many: str) -> str:
    """``1 touch``, ``12 touches``, ``1,204 contacts``."""
    return f"{n:,} {one if n == 1 else many}"
