"""Syncing accounts ("Sync now", at start, on a timer) off the GUI thread, with progress.

As capture's runs: passwords come from where adding the account kept them, or
are asked here on the main thread before the work starts (never by a timer);
the engine writes through the store, whose change channel tells open screens.
Every account is tried; one that fails or stops to ask does not stop the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from prm.ui.common.server_run import ServerRun
from prm.ui.common.work_progress import WorkProgress

if TYPE_CHECKING:
    from prm.core.sync.accounts import AccountInfo

# The engine's steps: what the status bar says, and where each sits in one account's run.
STEPS = {"download": ("Fetching cards from", 0.0), "upload": ("Sending changes to", 0.5)}


@dataclass(frozen=True)
class SyncOutcome:
    account: AccountInfo
    report: object | None = None  # engine.SyncReport
    error: str = ""
    needs_confirmation: bool = False


def summary(outcomes: list[SyncOutcome]) -> str:
    """ "Work: 3 changes here, 1 there, 1 conflict" — one clause per account synced."""
    parts = []
    for o in outcomes:
        r = o.report
        if r is None:
            continue
        here = r.here_created + r.here_updated + r.here_trashed
        there = r.there_created + r.there_updated + r.there_deleted
        text = f"{o.account.name}: "
        text += f"{here} change{'s' if here != 1 else ''} here, {there} there" if here or there \
            else "up to date"  # fmt: skip
        if r.conflicts:
            text += f", {r.conflicts} conflict{'s' if r.conflicts != 1 else ''}"
        if r.problems:
            text += f", {len(r.problems)} unreadable card{'s' if len(r.problems) != 1 else ''}"
        parts.append(text)
    return "Synced " + "; ".join(parts) if parts else ""


class SyncRun(ServerRun):
    def run(
        self, accounts: list[AccountInfo], *, quiet: bool = False, allow_mass_delete: bool = False
    ) -> bool:
        """``quiet``: at start or on the timer — never asks for a password (an account
        whose password is not kept waits for Sync now). False when nothing started."""
        if self.running:
            return False
        from prm.core.sync.accounts import load_password

        ctx = self._tasks.ctx
        todo: list[tuple[AccountInfo, str]] = []
        for account in accounts:
            password = load_password(ctx.store, ctx.secrets, account.id)
            if password is None and not quiet:
                password = self.ask_password(
                    f"Password for {account.username} at {account.server_url}\n"
                    f"(sync account “{account.name}”):"
                )
            if password is not None:
                todo.append((account, password))
        if not todo:
            return False

        def work(progress: WorkProgress) -> list[SyncOutcome]:
            from prm.core.sync.engine import NeedsConfirmation
            from prm.core.sync.remote import SyncError
            from prm.core.sync.runner import run_account

            outcomes = []
            for n, (account, password) in enumerate(todo):
                if progress.cancelled():
                    break

                def report(step: str, done: int, total: int, n=n, name=account.name) -> None:
                    what, start = STEPS.get(step, ("Syncing", 0.0))
                    share = start + 0.5 * (done / total if total else 0.0)
                    count = f" {done:,} of {total:,}" if total else ""
                    progress.report((n + share) / len(todo), f"{what} {name}…{count}")

                progress.report(n / len(todo), f"Syncing {account.name}…")
                try:
                    result = run_account(
                        ctx.store, account, password=password, clock=ctx.clock,
                        allow_mass_delete=allow_mass_delete, progress=report,
                        cancelled=progress.cancelled,
                    )  # fmt: skip
                except NeedsConfirmation as exc:
                    outcomes.append(SyncOutcome(account, error=exc.message,
                                                needs_confirmation=True))  # fmt: skip
                except SyncError as exc:
                    outcomes.append(SyncOutcome(account, error=exc.message))
                else:
                    outcomes.append(SyncOutcome(account, result))
            return outcomes

        self.start(work, quiet=quiet)
        return True
