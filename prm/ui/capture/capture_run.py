"""Reading sources now ("Run now") or on the schedule, off the GUI thread, with progress and Cancel.

Passwords come from the keyring (where adding the source put them) or are asked
here, on the main thread, before the work starts: the worker never shows a
dialog. Each source's run commits at its own checkpoints, so Cancel keeps what
was saved and the next run resumes from there. A source that cannot be read is
named with the reader's own words; the others still run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from prm.core.capture.source_config import SourceError
from prm.core.capture.sources import SourceInfo, stored_password
from prm.ui.common.server_run import ServerRun
from prm.ui.common.work_progress import WorkProgress

FIRST_RUN_DAYS = 365  # as the CLI: a first run reads a year back


@dataclass(frozen=True)
class RunOutcome:
    source: SourceInfo
    proposed: int = 0
    accepted: int = 0
    problems: int = 0
    error: str = ""
    cancelled: bool = False


def summary(outcomes: list[RunOutcome]) -> str:
    """ "12 proposals from Work calendar" — one clause per source that was read."""
    parts = []
    for o in outcomes:
        if o.error:
            continue
        name = o.source.label or o.source.location
        text = f"{o.proposed} proposal{'s' if o.proposed != 1 else ''} from {name}"
        if o.accepted:
            text += f" ({o.accepted} accepted automatically)"
        if o.problems:
            text += f", {o.problems} item{'s' if o.problems != 1 else ''} skipped as unreadable"
        parts.append(text)
    cancelled = " — stopped; the next run resumes" if any(o.cancelled for o in outcomes) else ""
    return "; ".join(parts) + cancelled


class CaptureRun(ServerRun):
    def run(self, sources: list[SourceInfo], *, quiet: bool = False) -> None:
        """``quiet``: a scheduled run — never asks for a password (a source whose
        password is not in the keyring waits for Run now) and never opens a dialog."""
        if self.running:
            return
        ctx = self._tasks.ctx
        passwords: dict[int, str | None] = {}
        for source in list(sources):
            passwords[source.id] = None
            if source.config.needs_password:
                passwords[source.id] = stored_password(ctx.secrets, source.id)
                if passwords[source.id] is None:
                    if quiet:
                        sources = [s for s in sources if s.id != source.id]
                        continue
                    prompt = f"Password for {source.username} at {source.location}:"
                    passwords[source.id] = self.ask_password(prompt)
        if not sources:
            return

        def work(progress: WorkProgress) -> list[RunOutcome]:
            from prm.core.capture.runner import run_source

            outcomes = []
            since = ctx.clock.now() - timedelta(days=FIRST_RUN_DAYS)
            for n, source in enumerate(sources):
                if progress.cancelled():
                    break
                name = source.label or source.location

                def report(p, n=n, name=name) -> None:
                    share = p.done / p.total if p.total else 0.0
                    progress.report((n + share) / len(sources), f"Reading {name}…")

                progress.report(n / len(sources), f"Reading {name}…")
                try:
                    result = run_source(
                        ctx.store, source.id, since=since, clock=ctx.clock, zone=ctx.zone,
                        password=passwords[source.id], progress=report,
                        cancelled=progress.cancelled,
                    )  # fmt: skip
                except SourceError as exc:
                    outcomes.append(RunOutcome(source, error=exc.message))
                    continue
                outcomes.append(
                    RunOutcome(
                        source,
                        result.proposed,
                        result.accepted,
                        len(result.problems),
                        cancelled=result.cancelled,
                    )  # fmt: skip
                )
            return outcomes

        self.start(work, quiet=quiet)
