"""``prm export OUT``: contacts out as vCards, for any address book."""

from __future__ import annotations

import argparse

from prm.cli.common import app_context, print_json
from prm.cli.parser import output_path
from prm.core.contacts import resolve_contact
from prm.core.vcard.write import VERSIONS, export_vcards


def register(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser(
        "export",
        help="write contacts as vCards (one .vcf file, or one file per contact)",
        description="Write live contacts as vCards. Private notes stay out unless --include-notes.",
    )
    export.add_argument(
        "out",
        type=output_path,
        metavar="OUT",
        help="the .vcf file to write (a folder with --split)",
    )
    export.add_argument(
        "--vcard-version",
        choices=VERSIONS,
        default="3.0",
        help="3.0 (default: every address book reads it) or 4.0 (RFC 6350)",
    )
    export.add_argument("--tag", metavar="T", help="only contacts with this tag")
    export.add_argument(
        "--contact",
        action="append",
        metavar="NAME|ID",
        help="only this contact (repeat for several)",
    )
    export.add_argument(
        "--split", action="store_true", help="one .vcf file per contact into the folder OUT"
    )
    export.add_argument(
        "--include-notes", action="store_true", help="also write private notes (NOTE)"
    )
    export.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    export.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        ids = None
        if args.contact:
            ids = [resolve_contact(session, ref=ref).id for ref in args.contact]
        result = export_vcards(
            session,
            out=args.out,
            version=args.vcard_version,
            contact_ids=ids,
            tag=args.tag,
            split=args.split,
            include_notes=args.include_notes,
            clock=ctx.clock,
        )
    if args.json:
        print_json(
            {
                "count": result.count,
                "version": args.vcard_version,
                "paths": [str(p) for p in result.paths],
                "left_out": result.left_out,
            }
        )
        return 0
    noun = "contact" if result.count == 1 else "contacts"
    where = f"{len(result.paths)} files in {args.out}" if args.split else args.out
    print(f"Exported {result.count} {noun} to {where} (vCard {args.vcard_version}).")
    if result.left_out:
        print(f"Left out (vCard {args.vcard_version} cannot carry them):")
        for note in result.left_out:
            print(f"  {note}")
    return 0
