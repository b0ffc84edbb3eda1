"""Applying what the server holds to PRM's contacts, card by card (the engine's pull side).

Each method runs inside the caller's transaction and leaves the item's
bookkeeping consistent with what it wrote, so a chunk either lands whole or not
at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlmodel import Session

from prm.core.clock import Clock
from prm.core.contacts import _today, trash_contacts, update_contact
from prm.core.drafts import ContactDraft
from prm.core.errors import ValidationError
from prm.core.sync import items
from prm.core.sync.cardform import (
    BadCard,
    CardState,
    apply_state,
    extra_lines_for,
    local_states,
    read_state,
)
from prm.core.sync.items import CONFLICT, CREATING, SYNCED, Item
from prm.core.sync.remote import AddressBookServer, RemoteCard
from prm.core.sync.threeway import threeway
from prm.core.sync.writes import (
    contact_state,
    create_from,
    create_many,
    is_live,
    quiet,
    restore_with,
    write_state,
)
from prm.core.vcard.apply import _replace_lines
from prm.core.vcard.bulk import load_drafts
from prm.core.vcard.importer import extra_lines_of
from prm.core.vcard.match import find_matches, keys_for
from prm.core.vcard.merge import plan_merge


class Applier:
    def __init__(
        self,
        store,
        account: dict,
        server: AddressBookServer,
        clock: Clock,
        report,
        progress: Callable[[str, int, int], None] | None,
        cancelled: Callable[[], bool],
    ) -> None:
        self.store, self.account, self.server, self.clock = store, account, server, clock
        self.report, self.progress, self.cancelled = report, progress, cancelled
        self.id: int = account["id"]
        # New cards of the chunk being applied (``batch``), written together at its end.
        self._new: list[tuple[RemoteCard, CardState]] = []
        self._batching = False

    def step(self, what: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(what, done, total)

    def problem(self, href: str, why: str) -> None:
        self.report.problems.append(f"{href}: {why}")

    # --- a card the server has ----------------------------------------------------

    def apply_card(self, session: Session, card: RemoteCard) -> None:
        try:
            remote = read_state(card.data)
        except BadCard as exc:
            self.problem(card.href, str(exc))  # the item (if any) is left as it was
            return
        try:  # checked before writing: a card PRM cannot store spoils only itself
            apply_state(ContactDraft(), remote).cleaned(today=_today(self.clock, None))
        except ValidationError as exc:
            self.problem(card.href, str(exc))
            return
        self._apply(session, items.by_href(session, self.id, card.href), card, remote)

    def _apply(self, session: Session, item: Item | None, card: RemoteCard, remote: CardState):
        if item is None:
            self._new_card(session, card, remote)
        elif item.state == CONFLICT:
            # still waiting for the user: keep the server's newest version beside PRM's
            items.update(session, item.id, conflict_card=card.data, conflict_etag=card.etag)
        elif item.state == CREATING:
            self.merge_into(session, item.id, item.contact_id, card, remote)
        elif not is_live(session, item.contact_id):
            self._deleted_here(session, item, card, remote)
        else:
            self._known_card(session, item, card, remote)

    def _new_card(self, session: Session, card: RemoteCard, remote: CardState) -> None:
        """A card PRM has not seen: the same person as a contact in no book, or someone new."""
        draft = apply_state(ContactDraft(), remote)
        match = find_matches(session, [(keys_for(remote.uid, draft), draft)])[0]
        if match is not None and not match.trashed:
            owner = items.by_contact(session, match.contact_id)
            if owner is None:  # in no book yet: the same person, not a second one
                self.merge_into(session, None, match.contact_id, card, remote)
                return
            if owner.state == CREATING and owner.account_id == self.id:
                # our upload not confirmed yet, and the card is there under another name
                self.merge_into(session, owner.id, match.contact_id, card, remote)
                return
        back = (  # the very card of a contact trashed here: it is alive again there
            match is not None
            and match.trashed
            and match.by == "uid"
            and items.by_contact(session, match.contact_id) is None
        )
        if back:
            assert match is not None
            contact_id = restore_with(session, match.contact_id, remote, clock=self.clock)
            self.report.here_updated += 1
        elif self._batching:  # someone new: created with the rest of the chunk's new cards
            self._new.append((card, remote))
            return
        else:
            contact_id = create_from(session, remote, clock=self.clock)
            self.report.here_created += 1
        local = contact_state(session, contact_id)
        items.insert(
            session,
            self.id,
            href=card.href,
            etag=card.etag,
            contact_id=contact_id,
            base_card=card.data,
            fingerprint=local.state.fingerprint() if local else remote.fingerprint(),
        )

    @contextmanager
    def batch(self, session: Session) -> Iterator[None]:
        """Apply a chunk of cards: the new people among them are created together."""
        self._batching = True
        try:
            yield
            self._flush_new(session)
        finally:
            self._batching, self._new = False, []

    def _flush_new(self, session: Session) -> None:
        new, self._new = self._new, []
        if not new:
            return
        ids = create_many(session, [remote for _, remote in new], clock=self.clock)
        local = local_states(session, ids)
        for (card, remote), contact_id in zip(new, ids, strict=True):
            made = local.get(contact_id)
            items.insert(
                session,
                self.id,
                href=card.href,
                etag=card.etag,
                contact_id=contact_id,
                base_card=card.data,
                fingerprint=made.state.fingerprint() if made else remote.fingerprint(),
            )
        self.report.here_created += len(ids)

    def merge_into(
        self, session: Session, item_id: int | None, contact_id: int | None, card, remote
    ) -> None:
        """Fill the contact's blanks from the card (import's rule: never overwrite) and
        upload the result: a first sync against a full book matches, never duplicates."""
        if not is_live(session, contact_id):
            if item_id is not None:
                items.forget(session, item_id)
            self._new_card(session, card, remote)
            return
        assert contact_id is not None
        local = load_drafts(session, ids=[contact_id])[contact_id][0]
        plan = plan_merge(local, apply_state(ContactDraft(), remote))
        if plan.changed:
            update_contact(session, contact_id=contact_id, draft=plan.merged, clock=self.clock)
            self.report.here_updated += 1
        lines = extra_lines_of(session, [contact_id]).get(contact_id, [])
        added = [line for line in extra_lines_for(remote) if line not in lines]
        if added:
            _replace_lines(session, contact_id, lines + added)
        quiet(session, contact_id)
        values = dict(
            href=card.href,
            etag=card.etag,
            contact_id=contact_id,
            base_card=card.data,
            fingerprint=remote.fingerprint(),
            local_dirty=True,  # the push uploads the merged card if it differs
            state=SYNCED,
        )
        if item_id is None:
            items.insert(session, self.id, **values)
        else:
            items.update(session, item_id, **values)

    def _known_card(self, session: Session, item: Item, card: RemoteCard, remote: CardState):
        assert item.contact_id is not None
        base = _state_or_none(item.base_card)
        if base is not None and base.fingerprint() == remote.fingerprint():
            items.update(session, item.id, etag=card.etag, base_card=card.data)
            self.report.rewrites += 1
            return
        local = contact_state(session, item.contact_id)
        assert local is not None
        if local.state.fingerprint() == item.fingerprint:  # not edited here: take the server's
            write_state(session, item.contact_id, remote, clock=self.clock)
            after = contact_state(session, item.contact_id)
            items.update(
                session,
                item.id,
                etag=card.etag,
                base_card=card.data,
                fingerprint=after.state.fingerprint() if after else remote.fingerprint(),
                local_dirty=False,
            )
            self.report.here_updated += 1
            return
        self.merge_both(session, item, local.state, card, remote, base)

    def merge_both(self, session, item: Item, local: CardState, card, remote, base) -> bool:
        """Edited on both sides: apply what does not overlap; overlapping fields keep PRM's
        value and the item waits in "conflict" with the server's card kept. True: merged."""
        assert item.contact_id is not None
        merged, conflicts = threeway(base.fields if base else None, local.fields, remote.fields)
        write_state(session, item.contact_id, CardState(local.uid, merged), clock=self.clock)
        self.report.here_updated += 1
        if conflicts:
            items.update(
                session, item.id, state=CONFLICT, conflict_card=card.data, conflict_etag=card.etag
            )
            self.report.conflicts += 1
            return False
        items.update(
            session,
            item.id,
            etag=card.etag,
            base_card=card.data,
            fingerprint=remote.fingerprint(),
            local_dirty=True,
        )
        return True

    def _deleted_here(self, session: Session, item: Item, card, remote: CardState) -> None:
        """Deleted here, but the server has a card for it: a rewrite changes nothing (the
        push deletes it); an edit there brings the contact back with the server's version."""
        base = _state_or_none(item.base_card)
        if base is not None and base.fingerprint() == remote.fingerprint():
            items.update(session, item.id, etag=card.etag, base_card=card.data)
            return
        self.restore(session, item, card, remote)

    def restore(self, session: Session, item: Item, card, remote: CardState) -> None:
        contact_id = restore_with(session, item.contact_id, remote, clock=self.clock)
        local = contact_state(session, contact_id)
        items.update(
            session,
            item.id,
            contact_id=contact_id,
            etag=card.etag,
            base_card=card.data,
            fingerprint=local.state.fingerprint() if local else remote.fingerprint(),
            local_dirty=False,
            state=SYNCED,
        )
        self.report.here_updated += 1

    # --- a card the server no longer has -------------------------------------------

    def apply_removed(self, session: Session, href: str) -> None:
        item = items.by_href(session, self.id, href)
        if item is None or item.state == CREATING:
            return
        if not is_live(session, item.contact_id):
            items.forget(session, item.id)
            return
        assert item.contact_id is not None
        local = contact_state(session, item.contact_id)
        edited = (
            item.state == CONFLICT or local is None or local.state.fingerprint() != item.fingerprint
        )
        if edited:  # edited here after the server deleted it: upload it again, as new
            items.update(
                session, item.id, state=CREATING, etag="", conflict_card=b"", conflict_etag=""
            )
            return
        trash_contacts(session, ids=[item.contact_id], clock=self.clock)  # never purged
        quiet(session, item.contact_id)
        items.forget(session, item.id)
        self.report.here_trashed += 1


def _state_or_none(data: bytes) -> CardState | None:
    if not data:
        return None
    try:
        return read_state(data)
    except BadCard:
        return None
