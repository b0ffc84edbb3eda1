"""``prm trip add|list|plan|holds|pack|import-notes`` and ``prm reach-now``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from prm.cli.common import app_context, print_json, say_none
from prm.cli.parser import bounded_int, output_path
from prm.core.errors import KnownError


def _day(text: str):
    from prm.core.dates import parse_day

    try:
        day = parse_day(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if day is None:
        raise argparse.ArgumentTypeError("give a date, like 2026-03-14")
    return day


def _hours(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a number of hours") from None
    if not 0 < value <= 24:
        raise argparse.ArgumentTypeError(f"look 0 to 24 hours ahead, not {text}")
    return value


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("trip", help="trips: who to see, when, calendar holds, a pack")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    add = verbs.add_parser("add", help="a trip to one or more cities")
    add.add_argument("cities", nargs="+", metavar="CITY", help="e.g. Munich, 'Portland, OR'")
    add.add_argument(
        "--from", dest="starts_on", type=_day, required=True, metavar="DATE",
        help="the first day, YYYY-MM-DD",
    )  # fmt: skip
    add.add_argument(
        "--to", dest="ends_on", type=_day, required=True, metavar="DATE",
        help="the last day, YYYY-MM-DD",
    )  # fmt: skip
    add.add_argument("--title", default="", help="default: Trip to CITY")
    add.add_argument("--notes", default="", help="anything to remember about the trip")
    add.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    add.set_defaults(handler=run_add)
    listing = verbs.add_parser("list", help="the trips, latest first")
    listing.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    listing.set_defaults(handler=run_list)
    plan = verbs.add_parser("plan", help="who to see on the trip, with reasons and slots")
    plan.add_argument("trip_id", type=bounded_int(1, 2**62), metavar="ID")
    plan.add_argument(
        "--radius", type=bounded_int(1, 1000, unit="km"), default=50, metavar="KM",
        help="how far from the city (default 50 km)",
    )  # fmt: skip
    plan.add_argument(
        "--limit", type=bounded_int(1, 500), default=50, metavar="N", help="at most N people (50)"
    )
    plan.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    plan.set_defaults(handler=run_plan)
    holds = verbs.add_parser("holds", help="the trip's scheduled meetings as an .ics file")
    holds.add_argument("trip_id", type=bounded_int(1, 2**62), metavar="ID")
    holds.add_argument("out", type=output_path, metavar="OUT.ics")
    holds.set_defaults(handler=run_holds)
    pack = verbs.add_parser("pack", help="an encrypted travel pack (HTML) of the trip's people")
    pack.add_argument("trip_id", type=bounded_int(1, 2**62), metavar="ID")
    pack.add_argument("out", type=output_path, metavar="OUT")
    pack.add_argument(
        "--passphrase-stdin", action="store_true", required=True,
        help="read the passphrase from the first line of standard input",
    )  # fmt: skip
    pack.add_argument(
        "--radius", type=bounded_int(1, 1000, unit="km"), default=50, metavar="KM",
        help="the people within this distance of the city (default 50 km)",
    )  # fmt: skip
    pack.set_defaults(handler=run_pack)
    notes = verbs.add_parser("import-notes", help="touches noted on the road (text or CSV)")
    notes.add_argument("file", type=Path, metavar="FILE")
    notes.add_argument("--yes", action="store_true", help="write them (default: only show)")
    notes.set_defaults(handler=run_import_notes)
    reach = commands.add_parser("reach-now", help="who you can politely call in the next hours")
    reach.add_argument("--hours", type=_hours, default=2.0, metavar="N", help="default 2")
    reach.add_argument(
        "--limit", type=bounded_int(1, 1000), default=50, metavar="N", help="at most N people (50)"
    )
    reach.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    reach.set_defaults(handler=run_reach_now)


def run_add(args: argparse.Namespace, secrets) -> int:
    from prm.core.travel.trips import StopDraft, TripDraft, add_trip, get_trip

    draft = TripDraft(
        title=args.title, starts_on=args.starts_on, ends_on=args.ends_on, notes=args.notes,
        stops=[StopDraft(city) for city in args.cities],
    )  # fmt: skip
    with app_context(args, secrets) as ctx:
        with ctx.store.transaction() as session:
            trip_id = add_trip(session, draft, ctx.clock)
        with ctx.store.reading() as session:
            trip = get_trip(session, trip_id)
    if args.json:
        print_json({"id": trip.id, "title": trip.title, "cities": trip.cities,
                    "starts_on": trip.starts_on.isoformat(), "ends_on": trip.ends_on.isoformat()})  # fmt: skip
        return 0
    where = "; ".join(f"{s.city}, {s.country_name}" for s in trip.stops)
    print(f"Trip #{trip.id}: {trip.title} ({where}), {trip.starts_on} to {trip.ends_on}")
    return 0


def run_list(args: argparse.Namespace, secrets) -> int:
    from prm.core.travel.trips import list_trips

    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        rows = list_trips(session)
    if args.json:
        print_json([r.to_dict() for r in rows])
        return 0
    if not rows:
        say_none("No trips yet. Add one: prm trip add CITY --from DATE --to DATE")
    for r in rows:
        meetings = f"  {r.meetings} meeting{'s' if r.meetings != 1 else ''}" if r.meetings else ""
        print(f"#{r.id}  {r.starts_on} – {r.ends_on}  {r.title}  ({r.cities}){meetings}")
    return 0


def run_plan(args: argparse.Namespace, secrets) -> int:
    from prm.core.travel.plan import plan_trip

    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        plan = plan_trip(
            session, args.trip_id, radius_km=args.radius, clock=ctx.clock, limit=args.limit
        )
    if args.json:
        print_json(plan.to_dict())
        return 0
    t = plan.trip
    print(f"{t.title}: {t.cities}, {t.starts_on} to {t.ends_on}")
    if not plan.people:
        say_none(f"Nobody within {args.radius} km of {t.cities}.")
    for i, p in enumerate(plan.people, 1):
        km = f"{p.distance_km:.0f} km" if p.distance_km is not None else p.city
        why = "; ".join(p.reasons) or "in town"
        print(f"{i:3}. {p.name}{f' ({p.organization})' if p.organization else ''} — {km} — {why}")
        for event in p.events_during_trip:
            print(f"       {event}")
    if plan.country_level:
        print(f"\nElsewhere in the country ({len(plan.country_level)}):")
        for p in plan.country_level:
            print(f"     {p.name} — {'; '.join(p.reasons)}")
    if plan.slots:
        names = {p.contact_id: p.name for p in plan.people}
        print("\nProposed slots:")
        for s in plan.slots:
            who = names.get(s.contact_id, "free") if s.contact_id else "free"
            print(
                f"  {s.starts_at:%a %d %b %H:%M} ({s.minutes} min, {s.starts_at.tzname()})  {who}"
            )
    return 0


def run_holds(args: argparse.Namespace, secrets) -> int:
    from prm.core.fsio import atomic_writer
    from prm.core.travel.schedule import holds_ics, trip_meeting_ids

    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        ids = trip_meeting_ids(session, args.trip_id)
        if not ids:
            raise KnownError(
                f"Trip #{args.trip_id} has no scheduled meetings yet.",
                hint="Choose people and slots in the Travel section first.",
            )
        data = holds_ics(session, args.trip_id, ids)
    with atomic_writer(args.out) as fh:
        fh.write(data)
    print(f"Wrote {len(ids)} calendar hold{'s' if len(ids) != 1 else ''} to {args.out}")
    return 0


def run_pack(args: argparse.Namespace, secrets) -> int:
    from prm.core.travel.pack import write_pack
    from prm.core.travel.plan import plan_trip

    passphrase = sys.stdin.readline().rstrip("\r\n")
    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        plan = plan_trip(session, args.trip_id, radius_km=args.radius, clock=ctx.clock, limit=500)
        summary = write_pack(
            session, contact_ids=[p.contact_id for p in plan.people], title=plan.trip.title,
            starts_on=plan.trip.starts_on, ends_on=plan.trip.ends_on, passphrase=passphrase,
            out=args.out, clock=ctx.clock,
        )  # fmt: skip
    print(f"Wrote the travel pack for {summary.people} people to {summary.path}")
    return 0


def run_import_notes(args: argparse.Namespace, secrets) -> int:
    from prm.core.travel.road_notes import apply_road_notes, load_road_notes, preview

    with app_context(args, secrets) as ctx:
        today = ctx.clock.now().astimezone(ctx.zone).date()
        with ctx.store.reading() as session:
            notes = load_road_notes(session, args.file, today=today)
        for line in preview(notes):
            print(line)
        if not notes.rows:
            say_none("Nothing to log.")
            return 0
        if not args.yes:
            count = len(notes.rows)
            what = "1 touch" if count == 1 else f"{count} touches"
            print(f"Would log {what}; run again with --yes to write them.")
            return 0
        with ctx.store.transaction() as session:
            ids = apply_road_notes(session, notes.rows, ctx.clock, zone=ctx.zone)
    print("Logged 1 touch." if len(ids) == 1 else f"Logged {len(ids)} touches.")
    return 0


def run_reach_now(args: argparse.Namespace, secrets) -> int:
    from prm.core.travel.reach_now import reach_now

    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        rows = reach_now(session, hours=args.hours, now=ctx.clock.now(), limit=args.limit)
    if args.json:
        print_json([r.to_dict() for r in rows])
        return 0
    if not rows:
        say_none(f"Nobody's hours open in the next {args.hours:g} hours.")
    for r in rows:
        when = "now" if not r.opens_in_minutes else f"in {r.opens_in_minutes} min"
        print(f"{r.name}  {r.local_time_text}  open {when}, {r.window_left_minutes} min left"
              f"  {r.channel or '-'}  {r.reason}")  # fmt: skip
    return 0
