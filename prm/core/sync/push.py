"""The engine's push side: new contacts, local edits and deletions up to the server.

A new contact's item is committed as "creating" (href chosen) BEFORE its PUT
with If-None-Match: *, so a run that dies after the upload finds the card at
that href next time and adopts it instead of uploading a second copy. Edits go
up with If-Match; a 412 means the server changed the card meanwhile: fetch,
merge field by field, upload once more or keep it as a conflict.
"""

from __future__ import annotations

from urllib.parse import urlsplit
from uuid import uuid4

from sqlmodel import Session

from prm.core.sync import items
from prm.core.sync.applying import Applier
from prm.core.sync.cardform import BadCard, LocalCard, local_states, read_state, safe_name
from prm.core.sync.items import CREATING, SYNCED, Item
from prm.core.sync.remote import PreconditionFailed, RemoteCard
from prm.core.sync.writes import is_live

CHUNK = 50


def push(run: Applier) -> None:
    left = _with_state(run, CREATING)  # left by an earlier run (or to upload again)
    with run.store.reading() as session:
        dirty = items.to_push(session, run.id)
        new = items.count_unsynced(session) if run.account["receives_new"] else 0
    total, done = len(left) + new + len(dirty), len(left)
    _push_creating(run, left)
    after = 0
    while new and not run.cancelled():
        with run.store.transaction() as session:
            made, cards, reached = _start_creating(run, session, after)
        if reached == after:
            break
        after = reached
        _push_creating(run, made, cards)
        done += len(made)
        run.step("upload", done, total)
    for start in range(0, len(dirty), CHUNK):
        if run.cancelled():
            return
        _push_edits(run, dirty[start : start + CHUNK])
        run.step("upload", done + start + len(dirty[start : start + CHUNK]), total)


def _with_state(run: Applier, state: str) -> list[Item]:
    with run.store.reading() as session:
        return items.with_state(session, run.id, state)


def _start_creating(
    run: Applier, session: Session, after: int
) -> tuple[list[Item], dict[int, LocalCard], int]:
    """Items "creating" for the next contacts in no book (committed before any PUT)."""
    ids = items.unsynced_contacts(session, CHUNK, after)
    if not ids:
        return [], {}, after
    problems: list[str] = []
    cards = local_states(session, ids, problems)
    run.report.problems += problems
    book = book_path(run.account["book_url"])
    made = []
    for contact_id in ids:
        card = cards.get(contact_id)
        if card is None:
            continue
        href = book + safe_name(card.uid) + ".vcf"
        if items.by_href(session, run.id, href) is not None:
            href = book + uuid4().hex + ".vcf"
        item_id = items.insert(
            session, run.id, href=href, contact_id=contact_id, state=CREATING, base_card=card.data
        )
        made.append(
            Item(item_id, href, "", contact_id, "", card.data, False, CREATING, b"", "", run.id)
        )
    return made, cards, max(ids)


def _push_creating(run: Applier, todo: list[Item], composed: dict[int, LocalCard] | None = None):
    for start in range(0, len(todo), CHUNK):
        part = todo[start : start + CHUNK]
        if composed is not None:  # just composed, in the transaction that chose their hrefs
            cards = composed
        else:
            with run.store.reading() as session:
                cards = local_states(session, [i.contact_id for i in part if i.contact_id])
        done: list[tuple[Item, LocalCard, str]] = []
        taken: list[Item] = []
        sendable = [(i, cards[i.contact_id]) for i in part if i.contact_id in cards]
        try:  # a contact gone here meanwhile is not sent, and forgotten below
            for (item, card), sent in zip(sendable, _put_new(run.server, sendable), strict=False):
                if isinstance(sent, PreconditionFailed):
                    taken.append(item)  # there already: our own earlier upload, or a clash
                else:
                    done.append((item, card, sent))
        finally:
            with run.store.transaction() as session:
                for item in part:
                    if item.contact_id not in cards or not is_live(session, item.contact_id):
                        items.forget(session, item.id)
                for item, card, etag in done:
                    _record(session, item, card, etag)
                run.report.there_created += len(done)
        for item in taken:
            _adopt(run, item)


def _put_new(server, sendable: list[tuple[Item, LocalCard]]):
    """Each new card's ETag, or its PreconditionFailed, in order. With a few requests
    in flight where the connection offers it (``put_many``): against a server far
    away, thousands of one-at-a-time uploads would wait on every round trip."""
    put_many = getattr(server, "put_many", None)
    if put_many is not None:
        yield from put_many([(item.href, card.data, None) for item, card in sendable])
        return
    for item, card in sendable:
        try:
            yield server.put(item.href, card.data, etag=None)
        except PreconditionFailed as exc:
            yield exc


def _adopt(run: Applier, item: Item) -> None:
    fetched = _fetch_one(run, item.href)
    with run.store.transaction() as session:
        if fetched is None:  # not there after all: try again next time under a new name
            items.update(
                session, item.id, href=book_path(run.account["book_url"]) + uuid4().hex + ".vcf"
            )
            return
        card, remote = fetched
        run.merge_into(session, item.id, item.contact_id, card, remote)


def _push_edits(run: Applier, part: list[Item], *, retry: bool = True) -> None:
    with run.store.reading() as session:
        live = [i.contact_id for i in part if is_live(session, i.contact_id)]
        uids = {i.contact_id: server_uid(i) for i in part if i.contact_id in live}
        cards = local_states(session, live, run.report.problems, uids=uids)  # type: ignore[arg-type]
    done: list[tuple[Item, LocalCard, str]] = []
    deleted: list[Item] = []
    clean: list[tuple[Item, LocalCard]] = []
    refused: list[Item] = []
    try:
        for item in part:
            card = cards.get(item.contact_id or -1)
            if item.contact_id not in live:
                try:
                    run.server.delete(item.href, etag=item.etag)
                    deleted.append(item)
                except PreconditionFailed:
                    refused.append(item)
            elif card is None:
                continue
            elif card.state.fingerprint() == item.fingerprint:
                clean.append((item, card))  # written here, but nothing a card carries changed
            else:
                try:
                    done.append((item, card, run.server.put(item.href, card.data, etag=item.etag)))
                except PreconditionFailed:
                    refused.append(item)
    finally:
        with run.store.transaction() as session:
            for item, card, etag in done:
                _record(session, item, card, etag)
            for item, card in clean:
                _settle(session, item, card)
            for item in deleted:
                items.forget(session, item.id)
        run.report.there_updated += len(done)
        run.report.there_deleted += len(deleted)
    for item in refused if retry else ():
        _changed_there(run, item)


def _changed_there(run: Applier, item: Item) -> None:
    """412: the server changed the card after PRM last saw it."""
    fetched = _fetch_one(run, item.href)
    with run.store.transaction() as session:
        if fetched is None:  # deleted there meanwhile: the next pull sees it
            return
        card, remote = fetched
        if not is_live(session, item.contact_id):  # deleted here, edited there: bring it back
            run.restore(session, item, card, remote)
            return
        local = local_states(
            session,
            [item.contact_id],
            uids={item.contact_id: server_uid(item)},  # type: ignore[list-item,dict-item]
        ).get(item.contact_id)  # type: ignore[arg-type]
        if local is None:
            return
        base = read_state(item.base_card) if item.base_card else None
        merged = run.merge_both(session, item, local.state, card, remote, base)
    if merged:  # upload the merge once; another 412 waits for the next sync
        with run.store.reading() as session:
            fresh = items.by_id(session, item.id)
        if fresh is not None and fresh.state == SYNCED:
            _push_edits(run, [fresh], retry=False)


def server_uid(item: Item) -> str:
    """The UID of the card at the item's href, as last agreed ("" when unknown)."""
    if not item.base_card:
        return ""
    try:
        return read_state(item.base_card).uid
    except BadCard:
        return ""


def _fetch_one(run: Applier, href: str):
    for got in run.server.fetch(run.account["book_url"], [href]):
        if isinstance(got, RemoteCard) and got.href == href:
            try:
                return got, read_state(got.data)
            except BadCard as exc:
                run.problem(href, str(exc))
                return None
    return None


def _record(session: Session, item: Item, card: LocalCard, etag: str) -> None:
    """Uploaded: this card is now the agreed version (still dirty if edited meanwhile)."""
    items.update(
        session,
        item.id,
        etag=etag,
        base_card=card.data,
        fingerprint=card.state.fingerprint(),
        state=SYNCED,
    )
    _settle(session, item, card)


def _settle(session: Session, item: Item, card: LocalCard) -> None:
    """Clear the dirty flag unless the contact was written again since it was composed."""
    session.connection().exec_driver_sql(
        "UPDATE sync_item SET local_dirty = 0 WHERE id = ? AND "
        "(SELECT updated_at FROM contact WHERE id = ?) IS ?",
        (item.id, item.contact_id, card.stamp or None),
    )


def book_path(book_url: str) -> str:
    """Hrefs are paths on the server, as it lists them (``RemoteCard.href``), while
    the book is known by its full URL: a new card's href is the book's path + name."""
    return urlsplit(book_url).path if "://" in book_url else book_url
