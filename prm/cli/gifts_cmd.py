"""``prm gifts list|add|given``: gift ideas, gifts given and received."""

from __future__ import annotations

import argparse
import sys

from prm.cli.common import app_context, print_json, say_none
from prm.cli.parser import record_id
from prm.core import gifts
from prm.core.contacts import resolve_contact
from prm.core.dates import parse_day
from prm.core.errors import ValidationError
from prm.core.gifts import GiftDraft
from prm.core.vocab import GIFT_STATUSES


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("gifts", help="gift ideas, gifts given and received")
    verbs = group.add_subparsers(dest="verb", metavar="VERB", required=True)

    listing = verbs.add_parser("list", help="gifts, newest first")
    listing.add_argument("--contact", metavar="NAME|ID", help="only this person's gifts")
    listing.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    listing.set_defaults(handler=run_list)

    add = verbs.add_parser("add", help="note a gift idea, or a gift given or received")
    add.add_argument("contact", metavar="CONTACT", help="id, UID or name")
    add.add_argument("description", metavar="DESCRIPTION")
    add.add_argument(
        "--status", choices=list(GIFT_STATUSES), default=gifts.IDEA, help="default: idea"
    )
    add.add_argument("--occasion", default="", help="e.g. birthday, thank you")
    add.add_argument(
        "--date", default="", metavar="YYYY-MM-DD", help="when it was given or received"
    )
    add.add_argument("--price", default="", help="e.g. 12.50 (a comma works too)")
    add.add_argument("--currency", default="", metavar="CODE", help="ISO 4217, e.g. EUR")
    add.add_argument("--url", default="", help="where to find it")
    add.add_argument("--where", default="", help="shop or place")
    add.add_argument("--reaction", default="", help="how they liked it")
    add.add_argument("--notes", default="", help="anything else")
    add.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    add.set_defaults(handler=run_add)

    given = verbs.add_parser("given", help="mark a gift idea given (logs a gift touch)")
    given.add_argument("gift_id", type=record_id, metavar="GIFT_ID")
    given.add_argument("--date", default="", metavar="YYYY-MM-DD", help="default today")
    given.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    given.set_defaults(handler=run_given)


def run_list(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        contact_id = resolve_contact(session, ref=args.contact).id if args.contact else None
        rows = gifts.list_gifts(session, contact_id=contact_id)
    if args.json:
        print_json([row.to_json() for row in rows])
        return 0
    if not rows:
        say_none(f"No gifts for {args.contact} yet." if args.contact else "No gifts yet.")
    for row in rows:
        day = row.on_date.isoformat() if row.on_date else "—"
        price = f"\t{row.price} {row.currency}".rstrip() if row.price else ""
        print(f"#{row.id}\t{day}\t{row.status}\t{row.contact_name}\t{row.description}{price}")
    return 0


def run_add(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.transaction() as session:
        contact = resolve_contact(session, ref=args.contact)
        draft = GiftDraft(
            contact_id=contact.id,
            description=args.description,
            status=args.status,
            occasion=args.occasion,
            on_date=args.date,
            price=args.price,
            currency=args.currency,
            url=args.url,
            where=args.where,
            reaction=args.reaction,
            notes=args.notes,
        )
        if args.status != gifts.IDEA:
            clean = draft.cleaned()
            _warn_if_given(session, contact.display_name, clean, exclude_id=None)
        gift = gifts.add_gift(
            session, draft=draft, clock=ctx.clock, zone=ctx.zone, allow_again=True
        )
        row = gifts.row_of(session, gift)
    _report(row, args.json, "Added")
    return 0


def run_given(args: argparse.Namespace, secrets) -> int:
    try:
        on = parse_day(args.date)
    except ValueError as exc:
        raise ValidationError({"date": str(exc)}) from None
    with app_context(args, secrets) as ctx, ctx.store.transaction() as session:
        row = gifts.row_of(session, gifts.get_gift(session, gift_id=args.gift_id))
        _warn_if_given(session, row.contact_name, row.draft(), exclude_id=row.id)
        gift = gifts.mark_given(
            session, gift_id=args.gift_id, on=on, clock=ctx.clock, zone=ctx.zone, allow_again=True
        )
        row = gifts.row_of(session, gift)
    _report(row, args.json, "Given")
    return 0


def _warn_if_given(session, name: str, draft: GiftDraft, *, exclude_id: int | None) -> None:
    previous = gifts.same_gift_given(
        session,
        contact_id=draft.contact_id,
        description=draft.description,
        url=draft.url,
        exclude_id=exclude_id,
    )
    if previous is not None:
        when = f" on {gifts.day_text(previous.on_date)}" if previous.on_date else ""
        print(
            f"prm: warning: you already gave {name} “{previous.description}”{when} "
            f"(gift #{previous.id})",
            file=sys.stderr,
        )


def _report(row: gifts.GiftRow, as_json: bool, verb: str) -> None:
    if as_json:
        print_json(row.to_json())
    else:
        print(f"{verb} gift #{row.id} for {row.contact_name}: {row.description} ({row.status})")
