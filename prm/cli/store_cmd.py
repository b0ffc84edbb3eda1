"""``prm info``, ``prm demo``: commands about the store itself (backups: backup_cmd)."""

from __future__ import annotations

import argparse

from prm import __version__
from prm.cli.common import app_context, print_json
from prm.cli.parser import bounded_int
from prm.core import demo
from prm.core.backups import latest_verified_backup
from prm.core.demo_advocacy import add_sample_advocacy
from prm.core.errors import KnownError
from prm.core.validation import MAX_ID


def register(commands: argparse._SubParsersAction) -> None:
    info = commands.add_parser("info", help="where the data is and what state it is in")
    info.add_argument("--json", action="store_true", help="machine-readable output")
    info.set_defaults(handler=run_info)

    sample = commands.add_parser("demo", help="fill the data folder with realistic sample contacts")
    sample.add_argument(
        "--contacts",
        type=bounded_int(0, 1_000_000),
        default=200,
        metavar="N",
        help="how many sample people to add (default: 200)",
    )
    sample.add_argument(
        "--touches",
        type=bounded_int(0, 10_000_000),
        default=None,
        metavar="M",
        help="touch history to spread over them (default: 10 per contact)",
    )
    sample.add_argument(
        "--seed", type=bounded_int(0, MAX_ID), default=0, metavar="S", help="same seed, same data"
    )
    sample.add_argument(
        "--force",
        action="store_true",
        help="add sample people even though the store already has contacts",
    )
    sample.set_defaults(handler=run_demo)


def run_info(args: argparse.Namespace, secrets) -> int:
    from prm.core.contact_list import count_contacts

    with app_context(args, secrets) as ctx:
        with ctx.store.reading() as session:
            live = count_contacts(session)
            trashed = count_contacts(session, trashed=True)
        latest = latest_verified_backup(ctx.paths.backup_dir)
        data = {
            "version": __version__,
            "data_dir": str(ctx.paths.data_dir),
            "database": str(ctx.paths.database),
            "schema_revision": ctx.store.revision,
            "encrypted": ctx.store.encrypted,
            "protection": ctx.store.header.protection if ctx.store.header else None,
            "store_id": ctx.store.header.store_id if ctx.store.header else None,
            "contacts": live,
            "trashed": trashed,
            "latest_backup": str(latest.path) if latest else None,
            "log_dir": str(ctx.paths.log_dir),
        }
    if args.json:
        print_json(data)
    else:
        width = max(map(len, data))
        for key, value in data.items():
            print(f"{key.replace('_', ' '):<{width}}  {value}")
    return 0


def run_demo(args: argparse.Namespace, secrets) -> int:
    from prm.core.contact_list import count_contacts

    with app_context(args, secrets) as ctx:
        touches = args.contacts * 10 if args.touches is None else args.touches
        if touches and not args.contacts:
            raise KnownError("Touches need contacts: give --contacts too.")
        with ctx.store.reading() as session:
            existing = count_contacts(session) + count_contacts(session, trashed=True)
        if existing and not args.force:
            people = "contact" if existing == 1 else "contacts"
            raise KnownError(
                f"{ctx.paths.data_dir} already has {existing} {people}: "
                "sample people would be mixed in with them.",
                hint="Use an empty --data-dir for sample data, or add --force to mix them in anyway.",
            )
        summary = demo.populate(
            ctx.store, contacts=args.contacts, touches=touches, seed=args.seed, clock=ctx.clock
        )
        with ctx.store.transaction() as session:  # as the app's sample: Advocates not empty
            ledger = add_sample_advocacy(
                session, contact_ids=summary.ids, clock=ctx.clock, zone=ctx.zone
            )
        extras = [f"{summary.meetings} meetings"] if summary.meetings else []
        extras += ["referrals and an introduction"] if ledger else []
        extras += ["sample gifts, events and articles"] if summary.notes else []
        with_extras = f" (with {'; '.join(extras)})" if extras else ""
        print(
            f"Added {summary.contacts} sample contacts and {summary.touches} touches{with_extras} "
            f"to {ctx.paths.data_dir}."
        )
    return 0
