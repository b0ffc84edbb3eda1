"""Property: however a source is read (twice, in other checkpoint batches, or
interrupted anywhere and resumed), the queue holds the same proposals, once."""

from __future__ import annotations

import contextlib
from datetime import UTC, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from prm.core.capture.runner import run_source
from prm.core.capture.source_config import SourceError
from prm.core.models import CaptureProposal, Contact
from tests.core.capture.fakes import ME, FakeReader, add_source, event, mail, make_people

PEOPLE = ["ann@x.org", "bob@y.org", "stranger@z.org", "noreply@x.org"]

item = st.one_of(
    st.builds(
        lambda k, frm, hours: mail(f"m{k}", frm, [ME], hours=hours, thread=f"m{k % 3}"),
        st.integers(0, 12),
        st.sampled_from(PEOPLE),
        st.integers(0, 48),
    ),
    st.builds(
        lambda k, to, hours: mail(f"m{k}", ME, [to], hours=hours, thread=f"m{k % 3}"),
        st.integers(0, 12),
        st.sampled_from(PEOPLE),
        st.integers(0, 48),
    ),
    st.builds(
        lambda k, who, hours: event(f"e{k}", "Catch-up", [who], hours=hours),
        st.integers(0, 8),
        st.sampled_from(PEOPLE),
        st.integers(0, 48),
    ),
)


def proposals(store):
    with store.reading() as session:
        rows = session.exec(select(CaptureProposal)).all()
    return sorted((r.item_kind, r.key, r.needs_reply) for r in rows)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    items=st.lists(item, max_size=14),
    every=st.integers(1, 5),
    other_every=st.integers(1, 5),
    fail_at=st.integers(0, 14),
)
def test_same_observations_same_proposals_no_repeats(
    store, clock, items, every, other_every, fail_at
):
    with store.transaction() as session:
        session.exec(CaptureProposal.__table__.delete())  # type: ignore[attr-defined]
    with store.reading() as session:
        first_example = session.exec(select(Contact)).first() is None
    if first_example:  # the store lives across hypothesis' examples
        make_people(store, clock, ("Ann Lee", "ann@x.org"), ("Bob Stone", "bob@y.org"))

    def run(source, reader):
        return run_source(
            store,
            source,
            since=clock.now() - timedelta(days=365),
            clock=clock,
            zone=UTC,
            reader_for=reader.opener(),
        )

    # Reference: one clean run on its own source.
    first = add_source(store, clock)
    run(first, FakeReader(items, every=every))
    expected = proposals(store)
    assert len(expected) == len(set(expected))
    run(first, FakeReader(items, every=every))
    assert proposals(store) == expected

    with store.transaction() as session:
        session.exec(CaptureProposal.__table__.delete())  # type: ignore[attr-defined]
    # Another source, other batches, killed at a random item, then resumed.
    second = add_source(store, clock)
    broken = FakeReader(items, every=other_every, fail_after=fail_at, error=SourceError("gone"))
    with contextlib.suppress(SourceError):
        run(second, broken)
    partial = proposals(store)
    # Up to the interruption: a part of the same proposals (a reply may be unread yet).
    assert {k[:2] for k in partial} <= {k[:2] for k in expected}
    run(second, FakeReader(items, every=other_every))
    assert proposals(store) == expected
