"""``prm import FILE... [--map COLUMN=FIELD] [--dry-run] [--json] [--errors-ok]``: vCards and
contact CSVs (Google, Outlook, Apple, LinkedIn) into the store, carefully.

A CSV file's columns are recognised by their headers; ``--map`` overrides one,
and ``--dry-run`` shows the mapping. Its rows are planned exactly as vCards are.

A file with bad cards writes nothing unless ``--errors-ok`` says the good ones
are wanted anyway: a script that imports a half-broken export should notice,
not end up with half the people. Everything is one transaction either way.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from prm.cli.common import app_context, print_json
from prm.core.csv_contacts.cards import cards
from prm.core.csv_contacts.columns import FIELDS, IGNORE
from prm.core.csv_contacts.enrich import enrich_matches
from prm.core.csv_contacts.read import describe, is_csv, load_table, mapping_for
from prm.core.errors import KnownError
from prm.core.infile import MB, open_input
from prm.core.vcard.apply import apply_import
from prm.core.vcard.importer import ImportPlan, plan_import

# A vCard file of 100k contacts with photos is a few hundred MB; more is not an address book.
MAX_VCARD_BYTES = 512 * MB

EPILOG = """\
Cards are matched to your contacts by UID, then email, then phone number, then
exact full name. An email or phone number counts only when the names agree too
(initials, order, accents aside): two people sharing an address stay two. A
card for the same person as an earlier card of the import is merged into it.
Every card is created, merged or reported. A match gets what it lacks (empty fields filled, new emails,
phones, addresses, tags added); nothing you have is overwritten: differing
values are listed as "kept yours". Importing the same file twice changes nothing.

CSV files (Google, Outlook, Apple, LinkedIn Connections.csv; told from vCards
by their content) are read in any encoding with , ; or tab between values; each
column is recognised by its header. --dry-run lists how; --map "Column=field"
changes one (field "ignore" leaves it out). LinkedIn's "Connected On" becomes
how you met and a first touch on that day.

exit status:
  0  every card was imported (or, with --dry-run, would be)
  1  --errors-ok: the good cards were imported, the bad ones listed
  2  nothing was imported: some cards are bad (see the list; add --errors-ok
     to import the good ones), or a file could not be read
"""


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "import",
        help="import contacts from vCard (.vcf) or CSV files",
        description="Import contacts from vCard 2.1, 3.0 and 4.0 files (Apple, Google, Outlook…) "
        "and from contact CSV files (Google, Outlook, Apple, LinkedIn).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="a .vcf or .csv file (several allowed)"
    )
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help='CSV: read COLUMN as FIELD (e.g. "E-mail 1 - Value=email.work", "Notes=ignore"); '
        "repeatable. Fields: " + ", ".join(FIELDS),
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="report what would happen; write nothing"
    )
    parser.add_argument(
        "--errors-ok",
        action="store_true",
        help="import the good cards even when some cards are bad",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace, secrets) -> int:
    from prm.core.vcard.read import read_vcards  # the reader is only needed here

    files = [Path(name) for name in args.files]
    # Before opening the store: a typo must not cost a migration check. CSVs are read
    # whole here (decoding needs all of it), so a bad header or --map fails early too.
    tables = {path: load_table(path) for path in files if is_csv(path)}
    for path in files:
        if path not in tables:
            open_input(path, limit=MAX_VCARD_BYTES, what="vCard file").close()
    if args.map and not tables:
        raise KnownError("--map is for CSV files; none of these is one.")
    mappings = dict(zip(tables, mapping_for(list(tables.values()), args.map), strict=True))
    with app_context(args, secrets) as ctx, ctx.store.transaction() as session:
        plan = ImportPlan()
        for path in files:
            if path in tables:
                rows = cards(tables[path], mappings[path])
                plan_import(session, rows, source=str(path), into=plan)
                continue
            # Checked again as opened: only a regular file, and never more than the limit.
            try:
                with open_input(path, limit=MAX_VCARD_BYTES, what="vCard file") as handle:
                    plan_import(
                        session, read_vcards(handle, name=str(path)), source=str(path), into=plan
                    )
            except OSError as exc:
                raise KnownError(f"Could not read {path}: {exc.strerror or exc}") from None
        enrich_matches(session, plan)  # LinkedIn: connection dates for people you have
        bad = plan.bad
        write = not args.dry_run and (not bad or args.errors_ok)
        if write:
            apply_import(session, plan, clock=ctx.clock)
    code = 2 if bad and not args.errors_ok else (1 if bad else 0)
    columns = {str(p): describe(t, mappings[p]) for p, t in tables.items()}
    if args.json:
        report = _as_json(plan, dry_run=args.dry_run, written=write and plan.to_write > 0)
        report["columns"] = {
            name: [{"column": c, "field": f, "sample": v} for c, f, v in rows]
            for name, rows in columns.items()
        }
        print_json(report)
    else:
        if args.dry_run:
            _print_columns(columns)
        unit = "row" if len(tables) == len(files) else "card"  # CSV rows, vCard cards
        _print_report(
            plan, dry_run=args.dry_run, refused=bool(bad) and not args.errors_ok, unit=unit
        )
    return code


def _print_columns(columns: dict[str, list[tuple[str, str, str]]]) -> None:
    for name, rows in columns.items():
        print(f"{name}: columns read as")
        width = max(len(c) for c, _, _ in rows)
        for column, field, sample in rows:
            example = f"  (e.g. “{sample[:40]}”)" if sample and field != FIELDS[IGNORE] else ""
            print(f"  {column:<{width}}  ->  {field}{example}")


def _problems(plan: ImportPlan) -> list[dict]:
    rows = [
        {
            "file": e.source,
            "card": e.position,
            "line": e.line,
            "kind": "error",
            "message": e.message,
        }
        for e in plan.errors
    ]
    rows += [
        {
            "file": s.source,
            "card": s.position,
            "line": s.line,
            "kind": s.kind,
            "name": s.name,
            "message": s.reason,
        }
        for s in (*plan.skipped, *plan.duplicates)
    ]
    rows += [
        {
            "file": c.source,
            "card": c.position,
            "line": c.line,
            "kind": "warning",
            "name": c.name,
            "message": w,
        }
        for c in (*plan.new, *plan.updates, *plan.unchanged)
        for w in c.warnings
    ]
    return sorted(rows, key=lambda r: (r["file"], r["card"]))


def _as_json(plan: ImportPlan, *, dry_run: bool, written: bool) -> dict:
    return {
        "dry_run": dry_run,
        "written": written,
        "cards": plan.cards_seen,
        "created": len(plan.new),
        "merged": plan.merged,
        "merged_into_earlier_card": len(plan.duplicates),
        "unchanged": len(plan.unchanged),
        "skipped": len(plan.skipped),
        "errors": len(plan.errors),
        "merges": [
            {
                "file": c.source,
                "card": c.position,
                "contact_id": c.contact_id,
                "name": c.existing_name,
                "matched_by": c.match_by,
                "changes": [
                    {"field": f.field, "kind": f.kind, "old": f.old, "new": f.new}
                    for f in c.changes
                ],
            }
            for c in plan.updates
        ],
        "problems": _problems(plan),
    }


def _print_report(plan: ImportPlan, *, dry_run: bool, refused: bool, unit: str) -> None:
    for row in _problems(plan):
        where = (
            f"line {row['line']}"
            if row["card"] == 0
            else f"{unit} {row['card']} (line {row['line']})"
        )
        tag = {
            "error": "",
            "invalid": "invalid, skipped: ",
            "warning": "note: ",
            "duplicate": "",
        }.get(row["kind"], "skipped: ")
        print(f"{row['file']}: {where}: {tag}{row['message']}", file=sys.stderr)
    for card in plan.updates + plan.unchanged:
        for conflict in card.conflicts:
            print(
                f"{card.source}: {unit} {card.position}: {card.existing_name}: kept your "
                f"{conflict.label.lower()} “{conflict.old}” (the {unit} has “{conflict.new}”)"
            )
    earlier = f" ({len(plan.duplicates)} into an earlier {unit})" if plan.duplicates else ""
    counts = (
        f"{plan.cards_seen} {unit}{'s' * (plan.cards_seen != 1)}: created {len(plan.new)}, "
        f"merged {plan.merged}{earlier}, unchanged {len(plan.unchanged)}, "
        f"skipped {len(plan.skipped)}, errors {len(plan.errors)}"
    )
    bad = len(plan.bad)
    if refused:
        print(
            f"Nothing was imported: {bad} {unit}{'s are' if bad != 1 else ' is'} bad. Fix "
            f"{'them' if bad != 1 else 'it'}, or add --errors-ok to import the "
            f"{plan.to_write} good one{'s' * (plan.to_write != 1)}. (If imported: {counts}.)"
        )
    elif dry_run:
        print(f"Dry run, nothing written. If imported: {counts}.")
    else:
        print(counts[0].upper() + counts[1:] + ".")
