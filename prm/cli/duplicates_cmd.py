"""``prm duplicates``, ``prm merge KEEP OTHER`` and ``prm not-duplicates A B``."""

from __future__ import annotations

import argparse
import sys

from prm.cli.common import app_context, print_json, say_none
from prm.cli.parser import record_id
from prm.core import duplicates
from prm.core.duplicates.merging import FIELD_KEYS
from prm.core.duplicates.screen import names_of, stored_report
from prm.core.errors import KnownError


def register(commands: argparse._SubParsersAction) -> None:
    find = commands.add_parser(
        "duplicates", help="list contacts that look like the same person, grouped"
    )
    find.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    find.set_defaults(handler=run_find)

    merge = commands.add_parser(
        "merge",
        help="merge OTHER into KEEP: every touch, gift, event and share is kept; "
        "OTHER goes to the trash",
    )
    merge.add_argument("keep", type=record_id, metavar="KEEP", help="the contact that stays (id)")
    merge.add_argument("other", type=record_id, metavar="OTHER", help="the duplicate (id)")
    merge.add_argument(
        "--take",
        action="append",
        default=[],
        choices=FIELD_KEYS,
        metavar="FIELD",
        help="use OTHER's value for this field (repeat for several): " + ", ".join(FIELD_KEYS),
    )
    merge.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    merge.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    merge.set_defaults(handler=run_merge)

    dismiss = commands.add_parser(
        "not-duplicates", help="remember that two contacts are different people"
    )
    dismiss.add_argument("first", type=record_id, metavar="ID")
    dismiss.add_argument("second", type=record_id, metavar="ID")
    dismiss.set_defaults(handler=run_dismiss)


def run_find(args: argparse.Namespace, secrets) -> int:
    # A transaction: the stored suggestions are brought up to date first.
    with app_context(args, secrets) as ctx, ctx.store.transaction() as session:
        report = stored_report(session)
        names = names_of(session, sorted({i for c in report.clusters for i in c.ids}))
    if args.json:
        print_json(
            [
                {
                    "contacts": [{"id": i, "name": names.get(i, "")} for i in c.ids],
                    "score": c.score,
                    "pairs": [
                        {"ids": [p.a, p.b], "score": p.score, "reason": p.reason} for p in c.pairs
                    ],
                }
                for c in report.clusters
            ]
        )
        return 0
    if not report.clusters:
        say_none(f"No duplicates among {report.contacts_checked} contacts.")
    for number, cluster in enumerate(report.clusters, start=1):
        people = ", ".join(f"#{i} {names.get(i, '')}" for i in cluster.ids)
        print(f"{number}. {people}")
        for p in cluster.pairs:
            print(f"\t#{p.a} ~ #{p.b}\t{p.score}\t{p.reason}")
    return 0


def run_merge(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx:
        with ctx.store.reading() as session:
            plan = duplicates.merge_plan(session, keep_id=args.keep, other_id=args.other)
        choices = {key: duplicates.OTHER for key in args.take}
        unknown = [key for key in args.take if key not in plan.defaults()]
        if unknown:
            raise KnownError(
                f"--take {unknown[0]}: #{plan.other_id} has no other value for it "
                "(the two agree, or theirs is empty)."
            )
        if not args.json:
            print(plan_text(plan, {**plan.defaults(), **choices}))
        if not args.yes and not _confirm(plan):
            print("Nothing was merged.")
            return 1
        with ctx.store.transaction() as session:
            result = duplicates.merge_contacts(
                session, keep_id=args.keep, other_id=args.other, choices=choices, clock=ctx.clock
            )
    if args.json:
        print_json({"kept": plan.keep_id, "trashed": plan.other_id, "choices": result.choices})
    else:
        print(
            f"Merged #{plan.other_id} into #{plan.keep_id} {plan.keep_name}; "
            f"#{plan.other_id} is in the trash (prm contacts restore {plan.other_id} "
            "brings it back)."
        )
    return 0


def run_dismiss(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.transaction() as session:
        a, b = duplicates.dismiss_pair(session, a=args.first, b=args.second, clock=ctx.clock)
    print(f"#{a} and #{b} will not be suggested as duplicates again.")
    return 0


def plan_text(plan: duplicates.MergePlan, winners: dict[str, str]) -> str:
    lines = [f"Merge #{plan.other_id} {plan.other_name} into #{plan.keep_id} {plan.keep_name}:"]
    for f in plan.fields:
        mark_keep, mark_other = ("*", " ") if winners[f.key] == duplicates.KEEP else (" ", "*")
        lines.append(
            f"  {f.label} ({f.key}):\n    {mark_keep} #{plan.keep_id}: {f.keep_text or '—'}"
            f"\n    {mark_other} #{plan.other_id}: {f.other_text or '—'}"
        )
    for u in plan.united:
        if u.result != u.keep_values:
            lines.append(f"  {u.label}: {', '.join(u.result)}")
    if plan.notes_joined:
        lines.append("  Notes: both kept, one after the other")
    moving = ", ".join(f"{n} {kind}" for kind, n in plan.moves.items() if n)
    if moving:
        lines.append(f"  Moving to #{plan.keep_id}: {moving}")
    lines.append(f"  (* wins; --take FIELD picks #{plan.other_id}'s value)")
    return "\n".join(lines)


def _confirm(plan: duplicates.MergePlan) -> bool:
    if not sys.stdin.isatty():
        raise KnownError(
            "Merging changes two contacts, so PRM asks before it does that, and there is "
            "no terminal to ask on.",
            hint=f"Run it again with --yes: prm merge {plan.keep_id} {plan.other_id} --yes",
        )
    answer = input(f"Merge #{plan.other_id} into #{plan.keep_id}? [y/N] ")
    return answer.strip().lower() in ("y", "yes")
