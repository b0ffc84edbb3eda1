"""``prm events upcoming|add|status|ics``: the contacts' events, and a calendar file of them."""

from __future__ import annotations

import argparse
from datetime import date

from prm.cli.common import app_context, print_json, say_none
from prm.cli.parser import bounded_int, output_path, record_id
from prm.core import events, ics
from prm.core.contacts import resolve_contact
from prm.core.dates import today_in
from prm.core.errors import KnownError
from prm.core.upcoming import Occurrence
from prm.core.vocab import EVENT_KINDS, EVENT_STATUSES


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("events", help="your contacts' events, birthdays and anniversaries")
    verbs = group.add_subparsers(dest="verb", metavar="VERB", required=True)

    soon = verbs.add_parser("upcoming", help="what happens in the next days, birthdays included")
    soon.add_argument("--days", type=_days, default=30, help="how far ahead (default 30)")
    soon.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    soon.set_defaults(handler=run_upcoming)

    add = verbs.add_parser("add", help="add an event for a contact")
    add.add_argument("contact", metavar="NAME|ID")
    add.add_argument("--kind", choices=list(EVENT_KINDS), default="custom", help="default: custom")
    add.add_argument("--title", default="", help="what it is")
    add.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="the (first) day")
    add.add_argument(
        "--end-date", default="", metavar="YYYY-MM-DD", help="the last day, if several"
    )
    add.add_argument("--time", default="", metavar="HH:MM", help="start time (omit: all day)")
    add.add_argument("--end-time", default="", metavar="HH:MM", help="when it ends")
    add.add_argument(
        "--tz", default="", metavar="ZONE", help="IANA zone it happens in (default: yours)"
    )
    add.add_argument("--yearly", action="store_true", help="repeats every year")
    add.add_argument("--location", default="", help="where it happens")
    add.add_argument("--url", default="", help="its web page")
    add.add_argument(
        "--status",
        choices=list(EVENT_STATUSES),
        default="considering",
        help="whether you go (default: considering)",
    )
    add.add_argument("--notes", default="", help="anything else")
    add.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    add.set_defaults(handler=run_add)

    status = verbs.add_parser("status", help="set my status; 'attended' logs an event touch")
    status.add_argument("event_id", type=record_id, metavar="EVENT_ID")
    status.add_argument("status", choices=list(EVENT_STATUSES))
    status.set_defaults(handler=run_status)

    export = verbs.add_parser("ics", help="write upcoming events (or one) as an .ics calendar file")
    export.add_argument("out", type=output_path, metavar="OUT.ics")
    export.add_argument("--days", type=_days, default=30, help="how far ahead (default 30)")
    export.add_argument("--event", type=record_id, metavar="ID", help="only this event")
    export.set_defaults(handler=run_ics)


_days = bounded_int(1, 366, unit="days")


def _today(ctx) -> date:
    return today_in(ctx.zone, ctx.clock)


def occurrence_json(o: Occurrence) -> dict:
    return {
        "date": o.on.isoformat(),
        "end_date": o.end_on.isoformat() if o.end_on else None,
        "start_at": o.start_at.isoformat() if o.start_at else None,
        "end_at": o.end_at.isoformat() if o.end_at else None,
        "timezone": o.timezone or None,
        "source": o.source,
        "kind": o.kind,
        "title": o.what,
        "event_id": o.event_id,
        "contact_id": o.contact_id,
        "contact_name": o.contact_name,
        "yearly": o.yearly,
        "years": o.years,
        "my_status": o.my_status or None,
        "location": o.location,
        "url": o.url,
        "notes": o.notes,
    }


def run_upcoming(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        found = events.upcoming(session, today=_today(ctx), days=args.days)
    if args.json:
        print_json([occurrence_json(o) for o in found])
        return 0
    for o in found:
        when = f"{o.start_at:%H:%M %Z}" if o.start_at else "all day"
        extra = f" ({o.years_text})" if o.years_text else ""
        status = (
            f"  [{EVENT_STATUSES[o.my_status].lower()}]" if o.my_status in EVENT_STATUSES else ""
        )
        ref = f"#{o.event_id}" if o.event_id else "-"
        print(f"{o.on:%a %Y-%m-%d}\t{when}\t{ref}\t{o.contact_name}: {o.what}{extra}{status}")
    if not found:
        say_none(f"Nothing in the next {args.days} days.")
    return 0


def run_add(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.transaction() as session:
        contact = resolve_contact(session, ref=args.contact)
        draft = events.EventDraft(
            contact_id=contact.id,
            kind=args.kind,
            title=args.title,
            all_day=not args.time,
            start_date=args.date,
            end_date=args.end_date,
            start_time=args.time,
            end_time=args.end_time,
            timezone=args.tz,
            location=args.location,
            url=args.url,
            yearly=args.yearly,
            my_status=args.status,
            notes=args.notes,
        )
        event = events.add_event(
            session, draft=draft, clock=ctx.clock, default_zone=events.zone_name(ctx.zone)
        )
        data = {
            "id": event.id,
            "uid": event.uid,
            "contact_id": contact.id,
            "touch_id": event.touch_id,
        }
        text = f"Added event #{event.id} for {contact.display_name}: {events.event_label(event.kind, event.title)}"
    # After the commit: the id printed is an event that exists.
    if args.json:
        print_json(data)
    else:
        print(text)
    return 0


def run_status(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.transaction() as session:
        event = events.set_status(
            session, event_id=args.event_id, status=args.status, clock=ctx.clock
        )
        logged = " (event touch logged)" if args.status == events.ATTENDED else ""
        text = f"Event #{event.id}: {EVENT_STATUSES[event.my_status].lower()}{logged}"
    print(text)
    return 0


def run_ics(args: argparse.Namespace, secrets) -> int:
    if not args.out.name or args.out.is_dir():
        raise KnownError(f"{args.out} is a folder; name the .ics file to write.")
    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        if args.event is not None:
            found = [events.event_occurrence(session, event_id=args.event, today=_today(ctx))]
        else:
            found = events.upcoming(session, today=_today(ctx), days=args.days)
    count = ics.write_calendar(args.out, found, now=ctx.clock.now())
    print(f"Wrote {count} event{'' if count == 1 else 's'} to {args.out}")
    return 0
