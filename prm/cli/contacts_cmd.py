"""``prm contacts add|list|show|edit|delete|restore|purge``."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from prm.cli.common import app_context, print_json, print_json_array, say_none
from prm.cli.contact_fields import add_field_options, apply_options
from prm.cli.parser import limit
from prm.core import contact_cards, contact_list, contacts, orm
from prm.core.dates import PartialDate
from prm.core.drafts import ContactDraft
from prm.core.errors import PossibleDuplicateError
from prm.core.serialize import contact_to_dict


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("contacts", help="add, list, show, edit and delete contacts")
    verbs = group.add_subparsers(dest="verb", metavar="VERB", required=True)

    add = verbs.add_parser("add", help="add a contact")
    add_field_options(add, editing=False)
    add.add_argument(
        "--allow-duplicate",
        action="store_true",
        help="add it even if a contact with the same name and email exists",
    )
    add.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    add.set_defaults(handler=run_add)

    listing = verbs.add_parser("list", help="list contacts (address-book order)")
    listing.add_argument(
        "--search", default="", metavar="TEXT", help="as in the app's search field"
    )
    listing.add_argument("--trash", action="store_true", help="list the trash instead")
    listing.add_argument(
        "--limit", type=limit, default=None, metavar="N", help="at most N contacts"
    )
    listing.add_argument("--json", action="store_true", help="every contact with all its fields")
    listing.set_defaults(handler=run_list)

    show = verbs.add_parser("show", help="show one contact")
    show.add_argument("contact", help="id, UID or name")
    show.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    show.set_defaults(handler=run_show)

    edit = verbs.add_parser("edit", help="change a contact's fields")
    edit.add_argument("contact", help="id, UID or name")
    add_field_options(edit, editing=True)
    edit.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    edit.set_defaults(handler=run_edit)

    for verb, text, handler in (
        ("delete", "move contacts to the trash (restore brings them back)", run_delete),
        ("restore", "bring contacts back from the trash", run_restore),
        ("purge", "delete trashed contacts for good", run_purge),
    ):
        cmd = verbs.add_parser(verb, help=text)
        cmd.add_argument("contacts", nargs="+", metavar="CONTACT", help="id, UID or name")
        cmd.set_defaults(handler=handler)


def run_add(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.transaction() as session:
        draft = apply_options(session, ContactDraft(), args)
        try:
            contact = contacts.create_contact(
                session,
                draft=draft,
                clock=ctx.clock,
                zone=ctx.zone,
                allow_duplicate=args.allow_duplicate,
            )
        except PossibleDuplicateError as exc:
            raise PossibleDuplicateError(
                exc.message,
                existing_id=exc.existing_id,
                existing_name=exc.existing_name,
                hint=f"See it with `prm contacts show #{exc.existing_id}`, "
                "or add --allow-duplicate to add a second one.",
            ) from exc
        report = _report(contact, args.json, "Added")
    report()  # only once the transaction has committed: an id printed exists
    return 0


def run_edit(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.transaction() as session:
        contact = contacts.resolve_contact(session, ref=args.contact, include_trashed=True)
        draft = apply_options(session, contacts.draft_from_contact(contact), args)
        contact = contacts.update_contact(
            session, contact_id=contact.id, draft=draft, clock=ctx.clock, zone=ctx.zone
        )
        report = _report(contact, args.json, "Updated")
    report()
    return 0


def _report(contact, as_json: bool, verb: str) -> Callable[[], None]:
    """What to print about ``contact``, taken while its session is open and printed
    by the caller after the commit."""
    if as_json:
        data = contact_to_dict(contact)
        return lambda: print_json(data)
    text = f"{verb} #{contact.id} {contact.display_name}"
    return lambda: print(text)


def run_list(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        ids = contact_list.list_contact_ids(session, query=args.search, trashed=args.trash)
        ids = ids[: args.limit] if args.limit is not None else ids
        if args.json:
            print_json_array(contact_to_dict(c) for c in contacts.iter_contacts(session, ids=ids))
            return 0
        if not ids:
            say_none(_no_contact_text(args.search, args.trash))
        rows = contact_list.contact_rows(session, ids=ids)
        for cid in ids:
            row = rows[cid]
            print("\t".join((f"#{cid}", row.display_name, row.organization, row.email, row.phone)))
    return 0


def _no_contact_text(search: str, trash: bool) -> str:
    where = " in the trash" if trash else ""
    if search.strip():
        return f"No contact{where} matches “{search.strip()}”."
    return "The trash is empty." if trash else "No contacts yet."


def run_show(args: argparse.Namespace, secrets) -> int:
    with app_context(args, secrets) as ctx, ctx.store.reading() as session:
        contact = contacts.resolve_contact(session, ref=args.contact, include_trashed=True)
        if args.json:
            print_json(contact_to_dict(contact, include_photo=True))
            return 0
        card = contact_cards.contact_card(session, contact_id=contact.id)
        print(_card_text(card))
    return 0


def _card_text(card: contact_cards.ContactCard) -> str:
    c = card.contact
    lines = [f"#{c.id} {c.display_name}" + ("  (in trash)" if c.deleted_at else "")]
    work = ", ".join(p for p in (c.title, c.department, c.organization) if p)
    if work:
        lines.append(f"  {work}")
    for label, items in (("email", c.emails), ("phone", c.phones), ("url", c.urls)):
        lines += [f"  {item.label or label}: {item.value}" for item in items]
    for a in c.addresses:
        place = ", ".join(
            p for p in (a.street, a.locality, a.region, a.postal_code, a.country) if p
        )
        lines.append(f"  {a.label or 'address'}: {place}")
    for name in ("birthday", "anniversary"):
        month = getattr(c, f"{name}_month")
        if month:
            date = PartialDate(month, getattr(c, f"{name}_day"), getattr(c, f"{name}_year"))
            lines.append(f"  {name}: {date.display()}")
    simple = {
        "preferred channel": c.preferred_channel,
        "time zone": c.timezone,
        "how we met": c.how_we_met,
        "interests": ", ".join(i.topic for i in c.interests),
        "tags": ", ".join(t.name for t in c.tags),
        "coffee": c.pref_coffee,
        "food": c.pref_food,
        "dietary": c.pref_dietary,
        "culture": c.pref_culture,
    }
    lines += [f"  {key}: {value}" for key, value in simple.items() if value]
    links = ([card.referred_by] if card.referred_by else []) + card.relations + card.referrals
    lines += [f"  {link.label}: #{link.contact_id} {link.name}" for link in links]
    if c.notes:
        lines += ["  notes:"] + [f"    {line}" for line in c.notes.splitlines()]
    return "\n".join(lines)


def _move(args: argparse.Namespace, secrets, action, done: str) -> int:
    with app_context(args, secrets) as ctx, ctx.store.transaction() as session:
        found = [
            contacts.resolve_contact(session, ref=ref, include_trashed=True)
            for ref in args.contacts
        ]
        changed = set(action(session, ctx, [c.id for c in found]))
        lines = [
            f"{done if contact.id in changed else 'unchanged'}: #{contact.id} {contact.display_name}"
            for contact in found
        ]
    print("\n".join(lines))  # after the commit
    return 0


def run_delete(args, secrets) -> int:
    return _move(
        args,
        secrets,
        lambda s, ctx, ids: contacts.trash_contacts(s, ids=ids, clock=ctx.clock),
        "moved to trash",
    )


def run_restore(args, secrets) -> int:
    return _move(
        args,
        secrets,
        lambda s, ctx, ids: contacts.restore_contacts(s, ids=ids, clock=ctx.clock),
        "restored",
    )


def run_purge(args, secrets) -> int:
    def purge(session, _ctx, ids):
        trashed = [i for i in ids if session.get(orm.Contact, i).deleted_at is not None]
        contacts.purge_contacts(session, ids=trashed)
        return trashed

    return _move(args, secrets, purge, "deleted for good")
