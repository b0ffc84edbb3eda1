"""``prm tiers list|edit`` and ``prm tags tier``: the cadence settings."""

from __future__ import annotations

import argparse

from prm.cli.common import app_context, print_json
from prm.cli.parser import cadence_days
from prm.core import cadence


def register(commands: argparse._SubParsersAction) -> None:
    tiers = commands.add_parser("tiers", help="cadence tiers: how often each group hears from you")
    verbs = tiers.add_subparsers(dest="verb", metavar="VERB", required=True)
    listing = verbs.add_parser("list", help="the tiers and the tags that use them")
    listing.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    listing.set_defaults(handler=run_list)
    edit = verbs.add_parser("edit", help="change a tier's target and maximum days")
    edit.add_argument("tier", metavar="NAME")
    edit.add_argument(
        "--target", type=cadence_days, metavar="DAYS", help="reach out every DAYS days"
    )
    edit.add_argument("--max", type=cadence_days, metavar="DAYS", help="overdue after DAYS days")
    edit.add_argument("--rename", metavar="NEW_NAME", help="give the tier a new name")
    edit.set_defaults(handler=run_edit)

    tags = commands.add_parser("tags", help="tags and their cadence tier")
    tag_verbs = tags.add_subparsers(dest="verb", metavar="VERB", required=True)
    assign = tag_verbs.add_parser("tier", help="give everyone with a tag a tier ('none' to clear)")
    assign.add_argument("tag")
    assign.add_argument("tier", metavar="TIER|none")
    assign.set_defaults(handler=run_tag_tier)


def run_list(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        tiers = cadence.list_tiers(session)
        tags = cadence.tag_tiers(session)
    rows = [
        {
            "id": t.id,
            "name": t.name,
            "target_days": t.target_days,
            "max_days": t.max_days,
            "tags": [name for name, tier_id in tags.items() if tier_id == t.id],
        }
        for t in tiers
    ]
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        every = (
            f"every {row['target_days']} days, overdue after {row['max_days']}"
            if row["target_days"]
            else "no cadence"
        )
        tagged = f"  (tags: {', '.join(row['tags'])})" if row["tags"] else ""
        print(f"{row['name']}: {every}{tagged}")
    return 0


def run_edit(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.transaction() as session:
        tier = cadence.tier_named(session, name=args.tier)
        tier = cadence.update_tier(
            session,
            tier_id=tier.id,
            name=args.rename or tier.name,
            target_days=args.target if args.target is not None else tier.target_days,
            max_days=args.max if args.max is not None else tier.max_days,
        )
        text = f"{tier.name}: every {tier.target_days} days, overdue after {tier.max_days}"
    print(text)
    return 0


def run_tag_tier(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.transaction() as session:
        tier = None if args.tier.lower() == "none" else cadence.tier_named(session, name=args.tier)
        tag = cadence.set_tag_tier(session, tag_name=args.tag, tier_id=tier.id if tier else None)
        text = f"Tag {tag.name}: {tier.name if tier else 'no tier'}"
    print(text)
    return 0
