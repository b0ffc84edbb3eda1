"""Options shared by the app and the CLI, and the rule that picks between them.

Beside ``prm/__init__.py``, below both interfaces: ``prm.ui.app`` and
``prm.cli.main`` read the same ``--data-dir`` without importing each other.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from prm import APP_NAME, __version__


def add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="folder holding PRM's data (default: PRM_DATA_DIR, else the platform's user data folder)",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")


@dataclass(frozen=True)
class GlobalOptions:
    data_dir: str | None
    rest: list[str]


def parse_global(argv: list[str]) -> GlobalOptions:
    """Split ``--data-dir`` (and ``--version``) from whatever follows."""
    parser = argparse.ArgumentParser(prog="prm", add_help=False)
    add_global_options(parser)
    known, rest = parser.parse_known_args(argv)
    return GlobalOptions(data_dir=known.data_dir, rest=rest)


def wants_gui(argv: list[str]) -> bool:
    """No subcommand (only global options, or GUI-only flags) means: open the window."""
    rest = parse_global(argv).rest if "--version" not in argv else ["--version"]
    return not any(not arg.startswith("-") for arg in rest) and not any(
        arg in ("-h", "--help", "--version") for arg in rest
    )
