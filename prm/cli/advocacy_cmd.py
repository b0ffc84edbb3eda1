"""``prm referrals add|list``, ``prm intro``, ``prm advocacy add``, ``prm engagements add``,
``prm value [weights]``: who refers, introduces and speaks for the user, and what it is worth."""

from __future__ import annotations

import argparse
import sys

from prm.cli.common import app_context, print_json, say_none
from prm.cli.parser import limit
from prm.core.advocacy import ledger, value
from prm.core.advocacy.records import (
    INTRO_STATES,
    OUTCOMES,
    SIGNAL_KINDS,
    EngagementDraft,
    IntroductionDraft,
    ReferralDraft,
    SignalDraft,
)
from prm.core.contacts import resolve_contact
from prm.core.dates import today_in

_JSON = {"action": "store_true", "help": "machine-readable output (JSON)"}


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("referrals", help="who referred whom, and what came of it")
    verbs = group.add_subparsers(dest="verb", metavar="VERB", required=True)
    add = verbs.add_parser("add", help="record a referral")
    add.add_argument("referrer", metavar="REFERRER", help="who referred (id, UID or name)")
    add.add_argument("referred", metavar="REFERRED", help="who was referred to you")
    add.add_argument("--for", dest="for_what", default="", metavar="TEXT", help="what for")
    add.add_argument(
        "--outcome", choices=[o for o in OUTCOMES if o], default="", help="default: open"
    )
    add.add_argument("--value", default="", metavar="N", help="the engagement's value")
    add.add_argument("--currency", default="", metavar="CODE", help="ISO 4217, e.g. EUR")
    add.add_argument("--date", default="", metavar="YYYY-MM-DD", help="default today")
    add.add_argument("--notes", default="", help="anything else")
    add.add_argument("--json", **_JSON)
    add.set_defaults(handler=run_referral_add)
    listing = verbs.add_parser("list", help="referrals, newest first")
    listing.add_argument("--contact", metavar="NAME|ID", help="only referrals made by or for them")
    listing.add_argument("--json", **_JSON)
    listing.set_defaults(handler=run_referral_list)

    intro = commands.add_parser("intro", help="record an introduction you made (a touch for each)")
    intro.add_argument("a", metavar="A", help="id, UID or name")
    intro.add_argument("b", metavar="B", help="id, UID or name")
    intro.add_argument("--note", default="", help="why they should meet")
    intro.add_argument(
        "--state",
        choices=list(INTRO_STATES),
        default="introduced",
        help="double opt-in: asked_a, asked_b, asked_both, then introduced (default)",
    )
    intro.add_argument("--date", default="", metavar="YYYY-MM-DD", help="default today")
    intro.add_argument("--json", **_JSON)
    intro.set_defaults(handler=run_intro)

    advocacy = commands.add_parser("advocacy", help="testimonials, reference calls, favours...")
    a_verbs = advocacy.add_subparsers(dest="verb", metavar="VERB", required=True)
    a_add = a_verbs.add_parser("add", help="record an act of advocacy, or an ask")
    a_add.add_argument("contact", metavar="CONTACT", help="id, UID or name")
    a_add.add_argument(
        "kind", metavar="KIND", choices=list(SIGNAL_KINDS), help=", ".join(SIGNAL_KINDS)
    )
    a_add.add_argument("--date", default="", metavar="YYYY-MM-DD", help="default today")
    a_add.add_argument("--note", default="", help="what they said or did")
    a_add.add_argument("--json", **_JSON)
    a_add.set_defaults(handler=run_advocacy_add)

    engagements = commands.add_parser("engagements", help="paid work for a client")
    e_verbs = engagements.add_subparsers(dest="verb", metavar="VERB", required=True)
    e_add = e_verbs.add_parser("add", help="record an engagement")
    e_add.add_argument("contact", metavar="CONTACT", help="the client: id, UID or name")
    e_add.add_argument("name", metavar="NAME", help="what the work is")
    e_add.add_argument("--fees", required=True, metavar="N", help="e.g. 12000")
    e_add.add_argument("--currency", required=True, metavar="CODE", help="ISO 4217, e.g. EUR")
    e_add.add_argument("--start", default="", metavar="YYYY-MM-DD", help="when it started")
    e_add.add_argument("--end", default="", metavar="YYYY-MM-DD", help="when it ended")
    e_add.add_argument("--notes", default="", help="anything else")
    e_add.add_argument("--json", **_JSON)
    e_add.set_defaults(handler=run_engagement_add)

    ranking = commands.add_parser("value", help="relationships ranked by value, with the why")
    ranking.add_argument("--json", **_JSON)
    ranking.add_argument("--limit", type=limit, default=None, metavar="N", help="the first N")
    ranking.set_defaults(handler=run_value)
    v_verbs = ranking.add_subparsers(dest="verb", metavar="VERB")
    weights = v_verbs.add_parser("weights", help="show or change the dimensions' weights")
    weights.add_argument(
        "--set", nargs="+", default=[], metavar="DIM=W", help="e.g. --set revenue=2 recency=0"
    )
    weights.add_argument("--json", **_JSON)
    weights.set_defaults(handler=run_weights)
    replies = v_verbs.add_parser(
        "replies", help="how fast you answer people who wrote first: overall and slowest"
    )
    replies.add_argument("--json", **_JSON)
    replies.add_argument("--limit", type=limit, default=10, metavar="N", help="slowest N people")
    replies.set_defaults(handler=run_replies)


def run_referral_add(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.transaction() as session:
        draft = ReferralDraft(
            referrer_id=resolve_contact(session, ref=args.referrer).id,
            referred_id=resolve_contact(session, ref=args.referred).id,
            referred_on=args.date,
            for_what=args.for_what,
            outcome=args.outcome,
            value=args.value,
            currency=args.currency,
            notes=args.notes,
        )
        referral = ledger.add_referral(session, draft=draft, clock=ctx.clock, zone=ctx.zone)
        row = ledger.referral_row(session, referral)
    if args.json:
        print_json(row.to_json())
    else:
        print(f"Added referral #{row.id}: {row.referrer_name} referred {row.referred_name}")
    return 0


def run_referral_list(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        contact_id = resolve_contact(session, ref=args.contact).id if args.contact else None
        rows = ledger.list_referrals(session, contact_id=contact_id)
    if args.json:
        print_json([row.to_json() for row in rows])
        return 0
    if not rows:
        say_none("No referrals yet.")
    for r in rows:
        money = f"\t{r.value} {r.currency}" if r.value else ""
        outcome = OUTCOMES.get(r.outcome, r.outcome)
        day = r.referred_on.isoformat() if r.date_known else f"~{r.referred_on}"
        what = f" for {r.for_what}" if r.for_what else ""
        print(f"#{r.id}\t{day}\t{r.referrer_name} → {r.referred_name}{what}\t{outcome}{money}")
    return 0


def run_intro(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.transaction() as session:
        draft = IntroductionDraft(
            a_id=resolve_contact(session, ref=args.a).id,
            b_id=resolve_contact(session, ref=args.b).id,
            made_on=args.date,
            state=args.state,
            note=args.note,
        )
        intro = ledger.add_introduction(session, draft=draft, clock=ctx.clock, zone=ctx.zone)
        row = ledger.introduction_row(session, intro)
    if args.json:
        print_json(row.to_json())
    else:
        print(f"Introduction #{row.id}: {row.a_name} ↔ {row.b_name} ({INTRO_STATES[row.state]})")
    return 0


def run_advocacy_add(args: argparse.Namespace, secrets) -> int:
    from prm.core.advocacy import load, reciprocity

    with app_context(args, secrets) as ctx, ctx.store.transaction() as session:
        contact = resolve_contact(session, ref=args.contact)
        today = today_in(ctx.zone, ctx.clock)
        if args.kind in ledger.ASK_KINDS:
            # Give before you ask: the balance first, and the load warning.
            bal = reciprocity.balance(session, contact_id=contact.id)
            print(
                f"prm: note: {contact.display_name}: given {bal.given_total}, asked "
                f"{bal.asked_total}; {bal.last_gave_text(today)}",
                file=sys.stderr,
            )
            warning = load.load_warning(session, contact_id=contact.id, today=today)
            if warning:
                print(f"prm: warning: {warning}", file=sys.stderr)
        draft = SignalDraft(
            contact_id=contact.id, kind=args.kind, on_date=args.date, note=args.note
        )
        signal = ledger.add_signal(session, draft=draft, clock=ctx.clock, zone=ctx.zone)
        row = ledger.signal_row(session, signal)
    if args.json:
        print_json(row.to_json())
    else:
        print(f"Added #{row.id}: {SIGNAL_KINDS[row.kind]} by {row.contact_name} on {row.on_date}")
    return 0


def run_engagement_add(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.transaction() as session:
        draft = EngagementDraft(
            contact_id=resolve_contact(session, ref=args.contact).id,
            name=args.name,
            start_on=args.start,
            end_on=args.end,
            fees=args.fees,
            currency=args.currency,
            notes=args.notes,
        )
        engagement = ledger.add_engagement(session, draft=draft, clock=ctx.clock)
        row = ledger.engagement_row(session, engagement)
    if args.json:
        print_json(row.to_json())
    else:
        print(
            f"Added engagement #{row.id} for {row.contact_name}: {row.name}, {row.fees} {row.currency}"
        )
    return 0


def run_value(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        today = today_in(ctx.zone, ctx.clock)
        rows = value.ranked(session, today=today, limit=args.limit)
    if args.json:
        print_json([row.to_json() for row in rows])
        return 0
    if not rows:
        say_none("No referrals, introductions, advocacy or engagements recorded yet.")
    for row in rows:
        parts = ", ".join(f"{d.label.lower()} {d.score:.1f}" for d in row.breakdown if d.score)
        print(f"{row.total:6.1f}\t#{row.contact_id}\t{row.name}\t{parts}")
    return 0


def run_weights(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx:
        if args.set:
            changes = value.parse_weight_changes(args.set)
            with ctx.store.transaction() as session:
                weights = value.set_weights(session, changes=changes)
        else:
            with ctx.store.reading() as session:
                weights = value.get_weights(session)
    if args.json:
        print_json(weights)
        return 0
    for name, weight in weights.items():
        label, rule = value.DIMENSIONS[name]
        print(f"{name}\t{weight:g}\t{label}: {rule}")
    return 0


def run_replies(args: argparse.Namespace, secrets) -> int:
    from prm.core.advocacy import responsiveness

    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        overall = responsiveness.reply_times(session)
        slowest = responsiveness.slowest_replies(session, limit=args.limit)
    if args.json:
        people = [dict(t.to_json(), name=name) for _, name, t in slowest]
        print_json({"overall": overall.to_json(), "slowest": people})
        return 0
    if not overall.describe():
        say_none("No messages marked as needing a reply yet.")
        return 0
    print(f"Everyone: {overall.describe()}")
    for contact_id, name, times in slowest:
        print(f"#{contact_id}\t{name}\t{times.describe()}")
    return 0
