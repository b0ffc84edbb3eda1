"""Argument types and checks shared by the CLI's commands (the options the app
shares with the CLI are in ``prm.options``)."""

from __future__ import annotations

import argparse
import errno
import re
from pathlib import Path

from prm.core.errors import KnownError
from prm.core.validation import MAX_CADENCE_DAYS, MAX_ID


def bounded_int(lo: int, hi: int, *, unit: str = ""):
    """An argparse ``type=`` for a whole number from ``lo`` to ``hi``.

    Every integer option goes through this: SQLite holds 64-bit integers, so a
    number past that (or a silly limit) is a clear usage error naming the
    option, never a traceback from deep inside the query.
    """
    what = f"a number of {unit}" if unit else "a whole number"

    def parse(text: str) -> int:
        digits = text.strip().removeprefix("#")
        value = None
        if re.fullmatch(r"[+-]?[0-9]{1,30}", digits):
            value = int(digits)
        if value is None or not lo <= value <= hi:
            shown = text if len(text) <= 40 else text[:37] + "..."
            raise argparse.ArgumentTypeError(f"“{shown}” is not {what} from {lo} to {hi}")
        return value

    parse.__name__ = "number"  # argparse names the type in some messages
    return parse


# The shared shapes: record ids are SQLite's positive 64-bit integers.
record_id = bounded_int(1, MAX_ID)
limit = bounded_int(1, 1_000_000)
cadence_days = bounded_int(1, MAX_CADENCE_DAYS, unit="days")


# Arguments that name files: any bytes the file system allows are fine there.
PATH_DESTS = frozenset({"data_dir", "files", "out", "photo"})


def refuse_undecodable_text(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Text that is not UTF-8 (a byte like 0xff reaches Python as a lone surrogate)
    cannot be stored; say which option held it instead of failing deep in SQLite."""
    for dest, value in vars(args).items():
        if dest in PATH_DESTS:
            continue
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and _SURROGATE.search(text):
                raise KnownError(
                    f"{_option_name(parser, args, dest)}: the text is not valid UTF-8.",
                    hint="Check the terminal's encoding, or retype the value.",
                )


_SURROGATE = re.compile("[\ud800-\udfff]")


def _option_name(
    parser: argparse.ArgumentParser | None, args: argparse.Namespace, dest: str
) -> str:
    """``given_name`` -> ``--given``: the option as the user typed it, looked up in the
    command actually run (``contact`` is ``--contact`` in one, ``CONTACT`` in another)."""
    found = dest
    while parser is not None:
        chosen = None
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                chosen = action
            elif action.dest == dest:
                found = (
                    action.option_strings[-1] if action.option_strings else (action.metavar or dest)
                )
        parser = chosen.choices.get(getattr(args, chosen.dest, None)) if chosen else None
    return found


def output_path(text: str) -> Path:
    """An argparse ``type=`` for a file or folder to write: a name the system can take."""
    if not text.strip() or "\x00" in text:
        raise argparse.ArgumentTypeError("give the name of a file to write")
    path = Path(text).expanduser()
    try:
        path.exists()
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise argparse.ArgumentTypeError(f"the file name is too long: {text[:60]}…") from None
        # Anything else (a folder we may not look into) is reported by the writer itself.
    return path
