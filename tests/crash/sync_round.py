"""The kill test's ``sync`` rounds: a CardDAV sync SIGKILLed mid-upload or mid-download.

Each round starts a real Radicale on 127.0.0.1 with a fresh address book. In an
"up" round the store holds ``PEOPLE`` contacts the book lacks; in a "down" round
another store has filled the book and this one starts empty. The child syncs and
is killed at a random moment; the next sync (in the parent) must end with every
person exactly once on both sides: no duplicate from an upload whose answer was
lost, no contact lost from a download cut short.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

PEOPLE = 60
ACCOUNT = "Phone"


def _add_people(store, tag: str) -> None:
    from prm.core import contacts
    from prm.core.clock import SystemClock
    from prm.core.drafts import ContactDraft, LabeledValue

    clock = SystemClock()
    with store.transaction() as session:
        for n in range(PEOPLE):
            draft = ContactDraft(
                given_name=f"Person{n:02d}", family_name=tag,
                emails=[LabeledValue(f"p{n}.{tag.lower()}@example.org", "work")],
            )  # fmt: skip
            contacts.create_contact(session, draft=draft, clock=clock, allow_duplicate=True)


def _attach(store, book: str) -> int:
    from prm.core.clock import SystemClock
    from prm.core.sync.accounts import add_account
    from prm.core.sync.remote import AddressBook

    with store.transaction() as session:
        return add_account(
            session, name=ACCOUNT, server_url=book, username="ann",
            book=AddressBook(book, "book"), clock=SystemClock(),
        )  # fmt: skip


def sync_once(store, book: str):
    from prm.core.clock import SystemClock
    from prm.core.sync.carddav import CardDavServer
    from prm.core.sync.engine import sync_account
    from tests.servers.radicale import PASSWORD, USER

    server = CardDavServer(book, USER, PASSWORD, account=ACCOUNT)
    try:
        return sync_account(store, account_id=1, server=server, clock=SystemClock())
    finally:
        server.close()


def child_sync(paths, secrets, tag: str) -> None:
    """``tag`` is "TAG|BOOK-URL"."""
    from prm.core.store_open import open_store

    _, _, book = tag.partition("|")
    store = open_store(paths, secrets)
    print("ready", flush=True)
    sync_once(store, book)
    print("synced", flush=True)


def sync_round(
    rng: random.Random,
    paths,
    secrets,
    tag: str,
    *,
    spawn: Callable,
    kill_after: Callable,
    open_and_check: Callable,
) -> tuple[float, list[str]]:
    from prm.core.paths import AppPaths
    from prm.core.store_open import open_store
    from tests.servers.radicale import Radicale

    folder: Path = paths.data_dir.parent / "radicale"
    folder.mkdir()
    server = Radicale(folder)
    server.start()
    try:
        book = server.make_address_book("book")
        direction = rng.choice(("up", "down"))
        if direction == "down":  # another laptop fills the book first
            seed = AppPaths.for_dir(paths.data_dir.parent / "seed")
            seeded = open_store(seed, type(secrets)(seed.data_dir.parent / "seed-keyring.json"))
            _add_people(seeded, tag)
            _attach(seeded, book)
            sync_once(seeded, book)
            seeded.close()
        store = open_store(paths, secrets)
        if direction == "up":
            _add_people(store, tag)
        _attach(store, book)
        store.close()
        delay = rng.uniform(0.0, 2.5)
        acked = kill_after(
            spawn("sync", paths.data_dir, secrets.path, f"{tag}|{book}"), delay, after_ready=True
        )
        store = open_and_check(paths, secrets)
        try:
            sync_once(store, book)  # resumes what the killed one left
            _check_both_sides(store, book, direction, delay)
        finally:
            store.close()
        return delay, acked
    finally:
        server.stop()


def _check_both_sides(store, book: str, direction: str, delay: float) -> None:
    from tests.servers.phone import Phone

    with store.reading() as session:
        conn = session.connection()
        names = [r[0] for r in conn.exec_driver_sql(
            "SELECT display_name FROM contact WHERE deleted_at IS NULL"
        )]  # fmt: skip
        waiting = conn.exec_driver_sql(
            "SELECT count(*) FROM sync_item WHERE state != 'synced' OR local_dirty"
        ).scalar()
    with Phone(book) as phone:
        there = [card.fn.value for card in phone.cards().values()]
    where = f"{direction} round killed after {delay:.2f} s"
    assert len(names) == len(set(names)) == PEOPLE, f"{where}: {len(names)} contacts here"
    assert len(there) == len(set(there)) == PEOPLE, f"{where}: {len(there)} cards there"
    assert sorted(names) == sorted(there), f"{where}: the two sides differ"
    assert waiting == 0, f"{where}: {waiting} items still waiting after a full sync"
