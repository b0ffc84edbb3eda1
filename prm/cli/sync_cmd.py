"""``prm sync ...``: CardDAV accounts, syncing them, and the conflicts that need a choice.

``prm sync`` alone syncs every account; ``prm sync NAME`` one of them (a verb
wins over an account of the same name: ``prm sync run list`` syncs "list").
JSON output (``--json``) is stable; the README's Sync section shows its shapes.
Passwords come from the keyring, PRM_SYNC_PASSWORD or a prompt, never a flag.
"""

from __future__ import annotations

import argparse
import os
import sys

from prm.cli.common import app_context, n_of, print_json, say_none
from prm.core.errors import KnownError

PASSWORD_ENV = "PRM_SYNC_PASSWORD"
RUN = "run"  # the verb `prm sync NAME` stands for


class _AnyName(dict):
    """Verb parsers by name; once they are all added, any word passes argparse's
    choice check, and ``_VerbOrAccount`` makes a word that is no verb an account."""

    sealed = False

    def __contains__(self, name: object) -> bool:
        return self.sealed or dict.__contains__(self, name)


class _VerbOrAccount(argparse._SubParsersAction):
    """``prm sync Work`` is ``prm sync run Work``: a first word that is no verb names an account."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._name_parser_map = self.choices = _AnyName()

    def __call__(self, parser, namespace, values, option_string=None):
        if values and not dict.__contains__(self._name_parser_map, values[0]):
            values = [RUN, *values]
        super().__call__(parser, namespace, values, option_string)


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser(
        "sync",
        help="sync contacts with CardDAV address books (phone, other laptops)",
        usage="prm sync [NAME] [--json] [--yes]\n       prm sync VERB ...",
        description="Without a verb: sync every account (or the one NAMEd) both ways.",
    )
    _run_options(group, default=False)
    group.set_defaults(handler=run_sync, name=None)
    verbs = group.add_subparsers(
        dest="verb", metavar="VERB", action=_VerbOrAccount, prog="prm sync"
    )

    add = verbs.add_parser("add", help="add an account (asks for the password)")
    add.add_argument("name", metavar="NAME", help="a name for the account: Work, Phone…")
    add.add_argument("--url", required=True, help="the server's address (or the book's)")
    add.add_argument("--user", default="", help="user name on the server")
    add.add_argument("--book", default="", metavar="NAME|URL", help="which address book")
    add.add_argument("--create-book", default="", metavar="NAME", help="make a new address book")
    add.set_defaults(handler=run_add)

    listing = verbs.add_parser("list", help="the accounts, with their last sync")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=run_list)

    conflicts = verbs.add_parser("conflicts", help="contacts edited here and there differently")
    conflicts.add_argument("--json", action="store_true", help="machine-readable output")
    conflicts.set_defaults(handler=run_conflicts)

    resolve = verbs.add_parser("resolve", help="settle a conflict: keep one side's values")
    resolve.add_argument("contact", metavar="CONTACT", help="id, UID or name")
    side = resolve.add_mutually_exclusive_group(required=True)
    side.add_argument("--here", dest="side", action="store_const", const="here",
                      help="keep PRM's values")  # fmt: skip
    side.add_argument("--there", dest="side", action="store_const", const="there",
                      help="take the server's values")  # fmt: skip
    resolve.set_defaults(handler=run_resolve)

    remove = verbs.add_parser("remove", help="stop syncing an account (contacts stay)")
    remove.add_argument("name", metavar="NAME", help="as `prm sync list` shows")
    remove.set_defaults(handler=run_remove)

    run = verbs.add_parser(RUN)  # no help: `prm sync NAME` is how it is typed
    run.add_argument("name", nargs="?", metavar="NAME", help="one account (default: all)")
    _run_options(run, default=argparse.SUPPRESS)  # given before NAME, they still count
    run.set_defaults(handler=run_sync)
    verbs.choices.sealed = True


def _run_options(parser: argparse.ArgumentParser, *, default) -> None:
    parser.add_argument("--json", action="store_true", default=default,
                        help="machine-readable output")  # fmt: skip
    parser.add_argument(
        "--yes",
        action="store_true",
        default=default,
        help="apply a mass deletion the server asked for (sync stopped to ask before)",
    )


def _password(prompt: str) -> str:
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env is not None:
        return from_env
    import getpass

    return getpass.getpass(prompt)


def run_add(args: argparse.Namespace, secrets) -> int:
    from prm.core.sync import accounts, runner

    with app_context(args, secrets) as ctx:
        password = _password(f"Password for {args.user or '?'} at {args.url}: ")
        who = (args.url, args.user, password)
        if args.create_book:
            book = runner.create_book(*who, account=args.name, name=args.create_book)
        else:
            books = runner.discover(*who, account=args.name)
            if not books:
                raise KnownError(
                    f"Sync account “{args.name}”: {args.url} has no address book for you.",
                    hint="Make one with --create-book NAME.",
                )
            book = runner.pick_book(books, args.book, account=args.name)
            if book is None:
                print(f"{args.url} has {len(books)} address books; say which with --book:")
                for b in books:
                    print(f"  {b.name}\t{b.url}")
                return 2
        with ctx.store.transaction() as session:
            account_id = accounts.add_account(
                session, name=args.name, server_url=args.url, username=args.user, book=book,
                clock=ctx.clock,
            )  # fmt: skip
        kept = accounts.store_password(ctx.store, ctx.secrets, account_id, password)
    print(f"Added sync account “{args.name}”: address book “{book.name}” ({book.url}).")
    if not kept:
        print("No safe place for the password here: it will be asked at each sync.")
    print(f"Sync it with: prm sync {args.name}")
    return 0


def run_list(args: argparse.Namespace, secrets) -> int:
    from prm.core.sync import accounts

    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        found = accounts.list_accounts(session)
    if args.json:
        print_json([a.to_json() for a in found])
        return 0
    if not found:
        say_none("No sync accounts. Add one with: prm sync add NAME --url URL --user USER")
    for a in found:
        last = a.last_sync_at.astimezone().strftime("%Y-%m-%d %H:%M") if a.last_sync_at else "never"
        extra = (", " + n_of(a.conflicts, "conflict", "conflicts")) if a.conflicts else ""
        timer = " (syncs on a timer)" if a.sync_on_timer else ""
        print(f"#{a.id}  {a.name}  {a.username} at {a.server_url}  book: {a.book_name}")
        print(f"      {n_of(a.contacts, 'contact', 'contacts')}{extra}; last sync: {last}{timer}")
        if a.pending_confirmation:
            print(f"      waiting for you: {a.pending_confirmation} (prm sync {a.name} --yes)")
        if a.last_error:
            print(f"      last error: {a.last_error}")
    return 0


def run_sync(args: argparse.Namespace, secrets) -> int:
    from prm.core.sync import accounts, runner
    from prm.core.sync.engine import NeedsConfirmation
    from prm.core.sync.remote import SyncError

    results: list[dict] = []
    with app_context(args, secrets) as ctx:
        with ctx.store.reading() as session:
            if args.name:
                todo = [accounts.find_account(session, args.name)]
            else:
                todo = accounts.list_accounts(session)
        for info in todo:
            password = accounts.load_password(ctx.store, ctx.secrets, info.id)
            if password is None:
                password = _password(f"Password for {info.username} at {info.server_url}: ")
            try:
                report = runner.run_account(
                    ctx.store, info, password=password, clock=ctx.clock,
                    allow_mass_delete=getattr(args, "yes", False),
                )  # fmt: skip
                results.append({**report.to_json(), "error": None, "needs_confirmation": False})
            except SyncError as exc:
                asks = isinstance(exc, NeedsConfirmation)
                results.append({"account": info.name, "error": exc.message,
                                "needs_confirmation": asks})  # fmt: skip
    if getattr(args, "json", False):
        print_json(results)
    else:
        if not results:
            say_none("No sync accounts. Add one with: prm sync add NAME --url URL --user USER")
        for r in results:
            _print_result(r)
    return 2 if any(r["error"] for r in results) else 0


def _print_result(r: dict) -> None:
    if r["error"]:
        print(f"prm: {r['error']}", file=sys.stderr)
        if r["needs_confirmation"]:
            print(f"     If that is what you meant: prm sync {r['account']} --yes",
                  file=sys.stderr)  # fmt: skip
        return
    here = f"here {r['here_created']} created, {r['here_updated']} updated, " \
           f"{r['here_trashed']} to the trash"  # fmt: skip
    there = f"there {r['there_created']} created, {r['there_updated']} updated, " \
            f"{r['there_deleted']} deleted"  # fmt: skip
    conflicts = f"; {n_of(r['conflicts'], 'conflict', 'conflicts')}" if r["conflicts"] else ""
    print(f"{r['account']}: {here}; {there}{conflicts}")
    if r["conflicts"]:
        print("   See them with: prm sync conflicts")
    for problem in r["problems"]:
        print(f"   skipped {problem}", file=sys.stderr)


def run_conflicts(args: argparse.Namespace, secrets) -> int:
    from prm.core.sync import conflicts

    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        found = conflicts.list_conflicts(session)
    if args.json:
        print_json([c.to_json() for c in found])
        return 0
    if not found:
        say_none("No conflicts.")
    for c in found:
        print(f"#{c.contact_id}  {c.name}  ({c.account})")
        for f in c.fields:
            print(f"      {f.label}: here “{f.here or '—'}”, there “{f.there or '—'}”")
    if found:
        print("Settle one with: prm sync resolve CONTACT --here (or --there)")
    return 0


def run_resolve(args: argparse.Namespace, secrets) -> int:
    from prm.core.contacts import resolve_contact
    from prm.core.sync import conflicts

    with app_context(args, secrets) as ctx, ctx.store.transaction() as session:
        contact = resolve_contact(session, ref=args.contact)
        found = {c.contact_id: c for c in conflicts.list_conflicts(session)}
        conflict = found.get(contact.id)
        if conflict is None:
            raise KnownError(f"#{contact.id} {contact.display_name} is not in conflict.",
                             hint="See the conflicts with: prm sync conflicts")  # fmt: skip
        choices = {f.key: args.side for f in conflict.fields}
        conflicts.resolve_conflict(session, contact_id=contact.id, choices=choices, clock=ctx.clock)
    where = "PRM's" if args.side == "here" else f"“{conflict.account}”'s"
    print(f"#{contact.id} {conflict.name}: kept {where} values; the next sync sends them.")
    return 0


def run_remove(args: argparse.Namespace, secrets) -> int:
    from prm.core.sync import accounts

    with app_context(args, secrets) as ctx:
        with ctx.store.transaction() as session:
            info = accounts.find_account(session, args.name)
            accounts.remove_account(session, account_id=info.id)
        accounts.forget_password(ctx.store, ctx.secrets, info.id)
    print(f"Removed sync account “{info.name}”; its contacts stay here and on the server.")
    return 0
