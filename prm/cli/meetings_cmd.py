"""``prm meetings list|stats``: how long meetings really take."""

from __future__ import annotations

import argparse

from prm.cli.common import app_context, print_json, say_none
from prm.cli.parser import limit
from prm.core import meeting_history
from prm.core.contacts import resolve_contact
from prm.core.meeting_timer import RULE_MINUTES


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("meetings", help="past meetings and how long they ran")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    listing = verbs.add_parser("list", help="ended meetings, newest first")
    listing.add_argument("--contact", metavar="CONTACT", help="only meetings with this person")
    listing.add_argument("--limit", type=limit, metavar="N", help="at most N meetings")
    listing.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    listing.set_defaults(handler=run_list)
    scheduled = verbs.add_parser(
        "scheduled", help="meetings planned for a time (trips), soonest first"
    )
    scheduled.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    scheduled.set_defaults(handler=run_scheduled)
    stats = verbs.add_parser(
        "stats", help=f"count, median minutes, share under {RULE_MINUTES} minutes, overruns"
    )
    stats.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    stats.set_defaults(handler=run_stats)


def run_list(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        contact_id = resolve_contact(session, ref=args.contact).id if args.contact else None
        rows = meeting_history.list_meetings(session, contact_id=contact_id, limit=args.limit)
        zone = ctx.zone
    if args.json:
        print_json([r.to_dict() for r in rows])
        return 0
    if not rows:
        say_none(f"No meetings with {args.contact} yet." if args.contact else "No meetings yet.")
    for r in rows:
        over = f"  over by {r.actual_minutes - r.planned_minutes:.0f} min" if r.overran else ""
        print(
            f"{r.started_at.astimezone(zone):%Y-%m-%d %H:%M}  {r.actual_minutes:4.0f}/{r.planned_minutes} min"
            f"  {r.title}  ({', '.join(r.attendees)}){over}"
        )
    return 0


def run_scheduled(args: argparse.Namespace, secrets) -> int:
    from prm.core.scheduled_meetings import scheduled_meetings

    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        rows = scheduled_meetings(session)
        zone = ctx.zone
    if args.json:
        print_json([r.to_dict() for r in rows])
        return 0
    if not rows:
        say_none("No meetings scheduled.")
    for r in rows:
        trip = f"  [{r.trip_title}]" if r.trip_title else ""
        print(
            f"{r.scheduled_at.astimezone(zone):%Y-%m-%d %H:%M}  {r.planned_minutes} min"
            f"  {r.title}  ({', '.join(r.attendees)}){trip}"
        )
    return 0


def run_stats(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        stats = meeting_history.meeting_stats(session)
    if args.json:
        print_json(stats.to_dict())
        return 0
    if not stats.count:
        say_none("No meetings yet.")
        return 0
    print(f"Meetings: {stats.count}")
    print(f"Median length: {stats.median_minutes:.0f} minutes")
    print(f"Under {RULE_MINUTES} minutes: {stats.share_under_rule:.0%}")
    print(f"Ran past their plan: {stats.overruns}")
    for o in stats.overruns_by_contact:
        print(f"  {o.name}: {o.overruns} of {o.meetings} meetings overran")
    return 0
