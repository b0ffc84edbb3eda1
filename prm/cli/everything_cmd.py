"""``prm export-all OUT`` / ``prm import-all IN``: the whole store as one open JSON file."""

from __future__ import annotations

import argparse
from pathlib import Path

from prm.cli.common import app_context, print_json

FORMAT_NOTE = """\
The file is JSON: a header (format, format_version, app_version,
schema_revision, exported_at, counts) and then every row of every table under
"tables". Its schema is resources/export-format.schema.json in PRM's source.
"""


def register(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser(
        "export-all",
        help="write everything in the store to one JSON file (no lock-in)",
        description="Write every contact, touch, meeting, gift, event, article, tier and setting "
        "to one open JSON file. import-all reads it back into an empty store.",
        epilog=FORMAT_NOTE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument("out", metavar="OUT", help="the .json file to write")
    export.add_argument("--json", action="store_true", help="print the summary as JSON")
    export.set_defaults(handler=run_export_all)

    load = commands.add_parser(
        "import-all",
        help="load a file written by export-all into an empty store",
        description="Load a file written by export-all into an empty store (use --data-dir for a "
        "new one). Everything goes in or nothing does.",
        epilog=FORMAT_NOTE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    load.add_argument("source", metavar="IN", help="the .json file written by export-all")
    load.add_argument("--json", action="store_true", help="print the summary as JSON")
    load.set_defaults(handler=run_import_all)


def run_export_all(args: argparse.Namespace, secrets) -> int:
    from prm.core.export_all import export_everything

    with app_context(args, secrets) as ctx:
        summary = export_everything(ctx.store, args.out, now=ctx.clock.now())
    _report("Exported", "to", summary.path, summary.counts, args.json)
    return 0


def run_import_all(args: argparse.Namespace, secrets) -> int:
    from prm.core.import_all import import_everything
    from prm.core.json_stream import open_regular

    open_regular(Path(args.source)).close()  # a typo must not cost opening the store
    with app_context(args, secrets) as ctx:
        summary = import_everything(ctx.store, args.source)
    _report("Imported", "from", summary.path, summary.counts, args.json)
    return 0


def _report(verb: str, where: str, path: Path, counts: dict[str, int], as_json: bool) -> None:
    if as_json:
        print_json({"path": str(path), "total": sum(counts.values()), "counts": counts})
        return
    total = sum(counts.values())
    print(f"{verb} {total} row{'s' if total != 1 else ''} {where} {path}:")
    width = max((len(name) for name in counts), default=0)
    for name, count in counts.items():
        if count:
            print(f"  {name:<{width}}  {count}")
