"""The sample data of "Try it with sample data" (and of the README's screenshots):
made-up people with a year of history, and a few advocacy ledger entries so
Advocates and Home's thank-yous are not empty when a new user looks around."""

from __future__ import annotations

from datetime import tzinfo

from prm.core.clock import Clock
from prm.core.db import Store

SAMPLE_CONTACTS = 200
SAMPLE_SEED = 1
SAMPLE_TOUCHES = 2_000  # a year of history, meetings included: Reach out and the timelines have something to show


def fill_sample_store(store: Store, *, clock: Clock, zone: tzinfo) -> None:
    """Fill an empty store with the sample people, their history and ledger entries."""
    from prm.core import demo
    from prm.core.demo_advocacy import add_sample_advocacy

    summary = demo.populate(
        store, contacts=SAMPLE_CONTACTS, touches=SAMPLE_TOUCHES, seed=SAMPLE_SEED, clock=clock
    )
    with store.transaction() as session:
        add_sample_advocacy(session, contact_ids=summary.ids, clock=clock, zone=zone)
