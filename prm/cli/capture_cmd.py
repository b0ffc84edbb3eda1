"""``prm capture ...``: sources, runs and the review queue from the shell.

JSON output (``--json``) is stable; its shapes are documented in the README's
Capture section. Passwords come from the keyring or a prompt, never a flag.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, time, timedelta

from prm.cli.common import app_context, n_of, print_json, say_none
from prm.cli.parser import record_id
from prm.core.capture.source_config import (
    NETWORK_KINDS,
    SOURCE_KINDS,
    SourceConfig,
    SourceError,
)
from prm.core.errors import KnownError

DEFAULT_DAYS = 365  # a first run reads this far back unless --since says otherwise


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser(
        "capture", help="touches read from calendars and mail, reviewed before they count"
    )
    verbs = group.add_subparsers(dest="verb", metavar="VERB", required=True)

    add = verbs.add_parser("add-source", help="read a calendar or mailbox (asks for a password)")
    add.add_argument("kind", choices=list(SOURCE_KINDS), help="what the source is")
    add.add_argument("location", help="file or folder path; CalDAV URL; IMAP HOST[:PORT]")
    add.add_argument("--user", default="", help="user name (CalDAV, IMAP)")
    add.add_argument("--folder", default="", help="IMAP folders, comma-separated (INBOX,Sent)")
    add.add_argument("--label", default="", help="a name to show for it")
    add.add_argument(
        "--auto-accept", action="store_true", help="log its touches without asking each time"
    )
    add.set_defaults(handler=run_add)

    listing = verbs.add_parser("sources", help="the sources, with their last run")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=run_sources)

    remove = verbs.add_parser("remove-source", help="stop reading a source (touches stay)")
    remove.add_argument("id", type=record_id, metavar="ID", help="as `prm capture sources` shows")
    remove.set_defaults(handler=run_remove)

    me = verbs.add_parser("me", help="set your own email addresses (replaces the list)")
    me.add_argument("addresses", nargs="*", metavar="ADDRESS", help="none: show the current list")
    me.add_argument("--json", action="store_true", help="machine-readable output")
    me.set_defaults(handler=run_me)

    run = verbs.add_parser("run", help="read the sources now and propose touches")
    run.add_argument(
        "id", type=record_id, nargs="?", metavar="SOURCE_ID", help="one source (default: all)"
    )
    run.add_argument(
        "--since",
        type=_day,
        metavar="YYYY-MM-DD",
        help=f"read back to this day (default {DEFAULT_DAYS} days ago)",
    )
    run.add_argument("--json", action="store_true", help="machine-readable output")
    run.set_defaults(handler=run_run)

    show = verbs.add_parser("list", help="proposals waiting, by person and day")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(handler=run_list)

    accept = verbs.add_parser("accept", help="log proposals as touches")
    accept.add_argument(
        "ids", type=record_id, nargs="*", metavar="ID", help="as `prm capture list` shows"
    )
    accept.add_argument("--all", action="store_true", help="every proposal waiting")
    accept.set_defaults(handler=run_accept)

    reject = verbs.add_parser("reject", help="drop proposals (they never come back)")
    reject.add_argument(
        "ids", type=record_id, nargs="+", metavar="ID", help="as `prm capture list` shows"
    )
    reject.set_defaults(handler=run_reject)

    ignore = verbs.add_parser("ignore", help="never propose from this sender, domain or calendar")
    ignore.add_argument("kind", choices=["sender", "domain", "calendar"], help="what to ignore")
    ignore.add_argument("value", metavar="VALUE", help="the address, domain or calendar name")
    ignore.set_defaults(handler=run_ignore)


def _day(text: str) -> datetime:
    from datetime import date

    try:
        return datetime.combine(date.fromisoformat(text), time())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date like 2026-01-31") from exc


def _ask_password(prompt: str) -> str:
    import getpass

    return getpass.getpass(prompt)


def run_add(args: argparse.Namespace, secrets) -> int:
    from prm.core.capture import sources

    config = SourceConfig(args.kind, args.location, args.user, args.folder)
    with app_context(args, secrets) as ctx:
        password = None
        if config.needs_password:
            password = _ask_password(f"Password for {args.user or '?'} at {args.location}: ")
        with ctx.store.transaction() as session:
            info = sources.add_source(
                session, config, clock=ctx.clock, label=args.label, auto_accept=args.auto_accept
            )
        kept = ""
        if password:
            if ctx.secrets.available():
                sources.store_password(ctx.secrets, info.id, password)
                kept = " Password kept in the system keyring."
            else:
                kept = " No keyring: the password will be asked at each run."
    print(f"Added capture source #{info.id}: {SOURCE_KINDS[info.kind]} {info.location}.{kept}")
    print("Read it now with: prm capture run", info.id)
    return 0


def run_sources(args: argparse.Namespace, secrets) -> int:
    from prm.core.capture import sources

    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        found = sources.list_sources(session)
    if args.json:
        print_json([s.to_json() for s in found])
        return 0
    if not found:
        say_none("No capture sources. Add one with: prm capture add-source ics PATH")
    for s in found:
        last = s.last_run_at.astimezone().strftime("%Y-%m-%d %H:%M") if s.last_run_at else "never"
        flags = " (accepts automatically)" if s.auto_accept else ""
        print(f"#{s.id}  {s.kind:8} {s.label or s.location}  last run: {last}{flags}")
        if s.last_error:
            print(f"      last error: {s.last_error}")
    return 0


def run_remove(args: argparse.Namespace, secrets) -> int:
    from prm.core.capture import sources

    with app_context(args, secrets) as ctx:
        with ctx.store.transaction() as session:
            sources.remove_source(session, args.id, secrets=None)
        ctx.secrets.delete(sources.password_key(args.id))
    print(f"Removed capture source #{args.id}; the touches you accepted from it stay.")
    return 0


def run_me(args: argparse.Namespace, secrets) -> int:
    from prm.core.capture.book import my_addresses, set_my_addresses

    with app_context(args, secrets) as ctx:
        if args.addresses:
            with ctx.store.transaction() as session:
                mine = set_my_addresses(session, args.addresses)
        else:
            with ctx.store.reading() as session:
                mine = my_addresses(session)
    if args.json:
        print_json(mine)
    elif mine:
        print("Your addresses: " + ", ".join(mine))
    else:
        say_none("No addresses yet: prm capture me you@example.org")
    return 0


def run_run(args: argparse.Namespace, secrets) -> int:
    from prm.core.capture import sources
    from prm.core.capture.runner import run_source

    results: list[dict] = []
    with app_context(args, secrets) as ctx:
        since = (args.since or datetime.now() - timedelta(days=DEFAULT_DAYS)).replace(
            tzinfo=ctx.zone
        )
        with ctx.store.reading() as session:
            if args.id is not None:
                todo = [sources.source_info(session, args.id)]
            else:
                todo = [s for s in sources.list_sources(session) if s.enabled]
        for source in todo:
            try:
                password = None
                if source.kind in NETWORK_KINDS:
                    password = sources.stored_password(ctx.secrets, source.id) or _ask_password(
                        f"Password for {source.username} at {source.location}: "
                    )
                report = run_source(
                    ctx.store,
                    source.id,
                    since=since,
                    clock=ctx.clock,
                    zone=ctx.zone,
                    password=password,
                )
                results.append({**report.to_json(), "error": None})
            except SourceError as exc:
                results.append({"source_id": source.id, "error": exc.message})
    failed = [r for r in results if r["error"]]
    if args.json:
        print_json(results)
    else:
        if not results:
            say_none("No capture sources. Add one with: prm capture add-source ics PATH")
        for r in results:
            if r["error"]:
                print(f"#{r['source_id']}: {r['error']}", file=sys.stderr)
                continue
            accepted = f", {r['accepted']} accepted automatically" if r["accepted"] else ""
            print(f"#{r['source_id']}: {r['seen']} read, {r['proposed']} proposed{accepted}")
            for p in r["problems"]:
                print(f"   skipped {p['where']}: {p['message']}", file=sys.stderr)
    return 2 if failed else 0


def _proposal_json(p) -> dict:
    return {
        "id": p.id,
        "source_id": p.source_id,
        "kind": p.item_kind,
        "occurred_at": p.occurred_at.isoformat(),
        "channel": p.channel,
        "direction": p.direction,
        "summary": p.summary,
        "duration_minutes": p.duration_minutes,
        "needs_reply": p.needs_reply,
        "people": [
            {"email": x.email, "name": x.contact_name or x.name, "contact_id": x.contact_id}
            for x in p.people
        ],
    }


def run_list(args: argparse.Namespace, secrets) -> int:
    from prm.core.capture import queue

    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        groups = queue.list_proposals(session, zone=ctx.zone)
        strangers = queue.new_contact_suggestions(session)
    if args.json:
        print_json(
            {
                "groups": [
                    {
                        "person": g.person,
                        "contact_id": g.contact_id,
                        "day": g.day.isoformat(),
                        "proposals": [_proposal_json(p) for p in g.proposals],
                    }
                    for g in groups
                ],
                "new_contacts": [
                    {
                        "email": s.email,
                        "name": s.name,
                        "items": s.items,
                        "last_seen": s.last_seen.isoformat(),
                    }
                    for s in strangers
                ],
            }
        )
        return 0
    if not groups:
        say_none("Nothing waiting. Read your sources with: prm capture run")
    for g in groups:
        print(f"{g.day.isoformat()}  {g.person}")
        for p in g.proposals:
            at = p.occurred_at.astimezone(ctx.zone).strftime("%H:%M")
            reply = "  [needs reply]" if p.needs_reply else ""
            arrow = "←" if p.direction == "in" else "→"
            print(f"  #{p.id:<6} {at} {p.channel:8} {arrow} {p.summary}{reply}")
    if strangers:
        print("New contacts?")
        for s in strangers:
            print(f"  {s.name or '-'} <{s.email}>  on {n_of(s.items, 'item', 'items')}")
    return 0


def run_accept(args: argparse.Namespace, secrets) -> int:
    from prm.core.capture import queue

    if not args.ids and not args.all:
        raise KnownError("Say which proposals to accept (IDs), or --all.")
    with app_context(args, secrets) as ctx, ctx.store.transaction() as session:
        ids = queue.pending_ids(session) if args.all else args.ids
        touch_ids = queue.accept(session, ids, clock=ctx.clock)
    if not touch_ids:
        say_none("Nothing waiting to accept.")
    else:
        print(
            f"Logged {n_of(len(touch_ids), 'touch', 'touches')}: #{', #'.join(map(str, touch_ids))}."
        )
    return 0


def run_reject(args: argparse.Namespace, secrets) -> int:
    from prm.core.capture import queue

    with app_context(args, secrets) as ctx, ctx.store.transaction() as session:
        done = queue.reject(session, args.ids, clock=ctx.clock)
    they = "it" if len(done) == 1 else "they"
    print(
        f"Rejected {n_of(len(done), 'proposal', 'proposals')}; {they} will not be proposed again."
    )
    return 0


def run_ignore(args: argparse.Namespace, secrets) -> int:
    from prm.core.capture import queue

    with app_context(args, secrets) as ctx, ctx.store.transaction() as session:
        dropped = queue.ignore(session, args.kind, args.value, clock=ctx.clock)
    waiting = n_of(len(dropped), "waiting proposal", "waiting proposals")
    print(f"Ignoring {args.kind} {args.value}; {waiting} rejected.")
    return 0
