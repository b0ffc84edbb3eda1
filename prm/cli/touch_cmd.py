"""``prm touch log|list|delete``, ``prm reach-out``, ``prm review``, ``prm snooze``."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date, datetime

from prm.cli.common import app_context, n_of, print_json, say_none
from prm.cli.parser import bounded_int, limit, record_id
from prm.core import reach_out, review, timeline, touches
from prm.core.contacts import resolve_contact
from prm.core.dates import today_in
from prm.core.vocab import TOUCH_CHANNELS


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("touch", help="log and list touches (calls, emails, meetings…)")
    verbs = group.add_subparsers(dest="verb", metavar="VERB", required=True)

    log = verbs.add_parser("log", help="log a touch with one or more contacts")
    log.add_argument(
        "--contact",
        action="append",
        required=True,
        metavar="NAME|ID",
        help="who it was with (repeat for a group)",
    )
    log.add_argument(
        "--channel", required=True, choices=list(TOUCH_CHANNELS), help="how you were in touch"
    )
    log.add_argument(
        "--direction",
        choices=["in", "out"],
        default="out",
        help="out: you reached them (default); in: they reached you",
    )
    log.add_argument(
        "--at", type=_moment, metavar="ISO", help="when (default now; local time if no offset)"
    )
    log.add_argument("--summary", default="", help="one line: what it was about")
    log.add_argument("--notes", default="", help="longer notes")
    log.add_argument(
        "--duration",
        type=bounded_int(0, 24 * 60, unit="minutes"),
        metavar="MINUTES",
        help="how long it took",
    )
    log.add_argument(
        "--needs-reply", action="store_true", help="an inbound touch you still owe an answer"
    )
    log.add_argument(
        "--follow-up",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="remind me to follow up by this day",
    )
    log.add_argument(
        "--yes", action="store_true", help="confirm a touch dated more than a day ahead"
    )
    log.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    log.set_defaults(handler=run_log)

    listing = verbs.add_parser("list", help="a contact's touches, newest first")
    listing.add_argument("--contact", required=True, metavar="NAME|ID", help="whose touches")
    listing.add_argument("--limit", type=limit, metavar="N", help="at most N touches")
    listing.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    listing.set_defaults(handler=run_list)

    delete = verbs.add_parser("delete", help="move a touch to the trash")
    delete.add_argument("touch_id", type=record_id, metavar="TOUCH_ID")
    delete.set_defaults(handler=run_delete)

    ranking = commands.add_parser("reach-out", help="who to reach out to, most overdue first")
    ranking.add_argument(
        "--limit", type=limit, default=50, metavar="N", help="at most N people (default 50)"
    )
    ranking.add_argument("--tag", metavar="T", help="only contacts with this tag")
    ranking.add_argument("--tier", metavar="NAME", help="only contacts in this cadence tier")
    ranking.add_argument("--include-snoozed", action="store_true", help="list snoozed contacts too")
    ranking.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    ranking.set_defaults(handler=run_reach_out)

    weekly = commands.add_parser(
        "review", help="the weekly review: overdue, replies owed, follow-ups"
    )
    weekly.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    weekly.set_defaults(handler=run_review)

    snooze = commands.add_parser("snooze", help="hide a contact from reach-out until a date")
    snooze.add_argument("contact", metavar="NAME|ID")
    snooze.add_argument(
        "--until",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="omit to wake the contact now",
    )
    snooze.add_argument("--reason", default="", help="why (shown with the snooze)")
    snooze.set_defaults(handler=run_snooze)


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
        return moment if moment.tzinfo else moment.astimezone()  # naive = the user's local time
    except (ValueError, OverflowError):  # astimezone() cannot place year 1 or 9999 everywhere
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise argparse.ArgumentTypeError(
            f"“{shown}” is not a date/time like 2026-03-14T09:30"
        ) from None


def run_log(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.transaction() as session:
        people = [resolve_contact(session, ref=ref) for ref in args.contact]
        draft = touches.TouchDraft(
            contact_ids=[p.id for p in people],
            channel=args.channel,
            direction=args.direction,
            occurred_at=args.at,
            summary=args.summary,
            notes=args.notes,
            duration_minutes=args.duration,
            needs_reply=args.needs_reply,
            follow_up_on=args.follow_up,
        )
        try:
            touch = touches.log_touch(session, draft=draft, clock=ctx.clock, allow_future=args.yes)
        except touches.FutureTouchError as exc:
            raise touches.FutureTouchError(exc.message, hint="Add --yes to log it anyway.") from exc
        names = ", ".join(p.display_name for p in people)
    # Printed once committed: a script that reads the id can rely on the touch existing.
    if args.json:
        print_json(
            {
                "id": touch.id,
                "uid": touch.uid,
                "occurred_at": touch.occurred_at.isoformat(),
                "contact_ids": draft.contact_ids,
                "channel": touch.channel,
                "direction": touch.direction,
            }
        )
    else:
        print(f"Logged {TOUCH_CHANNELS[touch.channel].lower()} #{touch.id} with {names}")
    return 0


def run_list(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        contact = resolve_contact(session, ref=args.contact, include_trashed=True)
        entries = timeline.contact_timeline(session, contact_id=contact.id, limit=args.limit)
    if args.json:
        print_json([asdict(e) for e in entries])
        return 0
    if not entries:
        say_none(f"No touches with {contact.display_name} yet.")
    for e in entries:
        local = e.at.astimezone(ctx.zone)
        arrow = "←" if e.direction == "in" else "→"
        flag = "  [needs reply]" if e.needs_reply and not e.replied_at else ""
        print(f"#{e.id}\t{local:%Y-%m-%d %H:%M}\t{arrow} {e.channel}\t{e.summary}{flag}")
    return 0


def run_delete(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.transaction() as session:
        touches.get_touch(session, touch_id=args.touch_id)
        moved = touches.trash_touches(session, ids=[args.touch_id], clock=ctx.clock)
    print(f"{'moved to trash' if moved else 'already in the trash'}: touch #{args.touch_id}")
    return 0


def run_reach_out(args: argparse.Namespace, secrets) -> int:
    from prm.core.cadence import tier_named

    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        tier_id = tier_named(session, name=args.tier).id if args.tier else None
        rows = reach_out.reach_out(
            session,
            now=ctx.clock.now(),
            zone=ctx.zone,
            limit=args.limit,
            tag=args.tag,
            tier_id=tier_id,
            include_snoozed=args.include_snoozed,
        )
    if args.json:
        print_json([_reach_out_json(r) for r in rows])
        return 0
    if not rows:
        say_none(_nobody_due_text(args))
    for r in rows:
        drift = " drifting" if r.drifting else ""
        prefers = f" prefers {r.preferred_channel}" if r.preferred_channel else ""
        print(
            f"#{r.contact_id}\t{r.name}\t{r.days_since}d / {r.target_days}d\t{r.status}{drift}{prefers}"
        )
    return 0


def _nobody_due_text(args: argparse.Namespace) -> str:
    only = [f"tag “{args.tag}”"] if args.tag else []
    only += [f"tier “{args.tier}”"] if args.tier else []
    among = f" among contacts with {' and '.join(only)}" if only else ""
    return f"Nobody to reach out to{among}."


def _reach_out_json(row: reach_out.ReachOutRow) -> dict:
    return {
        "contact_id": row.contact_id,
        "name": row.name,
        "organization": row.organization,
        "last_touch_at": row.last_touch_at.isoformat() if row.last_touch_at else None,
        "last_channel": row.last_channel or None,
        "target_days": row.target_days,
        "max_days": row.max_days,
        "days_since": row.days_since,
        "status": row.status,
        "drifting": row.drifting,
        "typical_gap_days": row.typical_gap_days,
        "preferred_channel": row.preferred_channel or None,
        "snoozed_until": row.snoozed_until.isoformat() if row.snoozed_until else None,
    }


def run_review(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        data = review.weekly_review(session, now=ctx.clock.now(), zone=ctx.zone)
    out = {
        "week_start": data.week_start.isoformat(),
        "overdue": [_reach_out_json(r) for r in data.overdue],
        "overdue_total": data.overdue_total,
        "replies_owed": [
            {**asdict(r), "received_at": r.received_at.isoformat()} for r in data.replies_owed
        ],
        "follow_ups_due": [
            {**asdict(f), "due_on": f.due_on.isoformat()} for f in data.follow_ups_due
        ],
        "done_last_week": {
            "touches_by_channel": data.done_last_week,
            "people_touched": data.people_touched_last_week,
        },
        "thank_yous_owed": [t.to_json() for t in data.thank_yous_owed],
    }
    if args.json:
        print_json(out)
        return 0
    print(f"Week of {data.week_start:%d %B %Y}")
    print(
        f"  {data.overdue_total:,} overdue, {n_of(len(data.replies_owed), 'reply', 'replies')} owed, "
        f"{n_of(len(data.follow_ups_due), 'follow-up', 'follow-ups')} due"
    )
    for r in data.replies_owed:
        print(f"  reply to {r.name} ({r.channel}, waiting {r.waiting_days}d): {r.summary}")
    for f in data.follow_ups_due:
        print(f"  follow up with {f.name} by {f.due_on}: {f.summary}")
    for t in data.thank_yous_owed:
        print(f"  {t.text} (owed since {t.since}{', late' if t.late else ''})")
    for r in data.overdue[:10]:
        print(f"  overdue: {r.name}, {r.days_since} days (every {r.target_days})")
    done = sum(data.done_last_week.values())
    people = n_of(data.people_touched_last_week, "person", "people")
    print(f"  last week you reached out {n_of(done, 'time', 'times')} to {people}")
    return 0


def run_snooze(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.transaction() as session:
        contact = resolve_contact(session, ref=args.contact)
        today = today_in(ctx.zone, ctx.clock)
        reach_out.snooze_contact(
            session, contact_id=contact.id, until=args.until, reason=args.reason, today=today
        )
        name = contact.display_name
    print(f"Snoozed {name} until {args.until}" if args.until else f"{name} is back in reach-out")
    return 0
