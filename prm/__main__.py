"""The ``prm`` entry point: no subcommand opens the app, otherwise the CLI runs.

Both halves are imported lazily so that ``prm contacts list`` never pays for
Qt, and the app never pays for argparse subcommands it does not use.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from prm.options import wants_gui

    if wants_gui(argv):
        from prm.ui.app import run

        return run(argv)
    from prm.cli.main import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
