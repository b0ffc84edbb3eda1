"""One account's two-way sync: pull the server's changes, then push PRM's.

Every step commits its own progress, so a run killed or dropped halfway
resumes without duplicates or losses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from prm.core.clock import Clock
from prm.core.sync.remote import AddressBookServer, SyncError


class NeedsConfirmation(SyncError):
    """The server emptied the book or deleted most of it: nothing was applied; ask the user."""


@dataclass
class SyncReport:
    account: str
    here_created: int = 0
    here_updated: int = 0
    here_trashed: int = 0
    there_created: int = 0
    there_updated: int = 0
    there_deleted: int = 0
    conflicts: int = 0
    rewrites: int = 0  # server rewrites that changed nothing PRM holds
    problems: list[str] = field(default_factory=list)  # malformed server cards (href: why)

    def to_json(self) -> dict:
        return asdict(self)

    @property
    def changed(self) -> bool:
        return any(
            (
                self.here_created,
                self.here_updated,
                self.here_trashed,
                self.there_created,
                self.there_updated,
                self.there_deleted,
                self.conflicts,
            )
        )


def sync_account(
    store,
    *,
    account_id: int,
    server: AddressBookServer,
    clock: Clock,
    allow_mass_delete: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> SyncReport:
    """Sync one account. ``progress(step, done, total)``; ``cancelled()`` is polled
    between chunks (what was done so far stays). Raises SyncError (message names
    the account), NeedsConfirmation on a mass deletion unless ``allow_mass_delete``."""
    raise NotImplementedError
