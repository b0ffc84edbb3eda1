"""The CalDAV reader against a real Radicale, end to end through run_source and the queue."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from prm.core.capture.caldav_reader import CalDavReader
from prm.core.capture.source_config import SourceError
from tests.capture_net.helpers import NOW, add, ics, proposals, run, source_row
from tests.core.capture.fakes import make_people


@pytest.fixture
def account(store, clock, radicale_server):
    make_people(store, clock, ("Bob Stone", "bob@x.org"))
    work = radicale_server.make_calendar("Work")
    radicale_server.make_calendar("Tasks", components="VTODO")  # no events: not read
    return radicale_server, work


def relay(transport, request, change=lambda content: content) -> httpx.Response:
    """Radicale's answer to ``request``, its body passed through ``change``."""
    answer = transport.handle_request(request)
    answer.read()
    headers = {
        k: v
        for k, v in answer.headers.items()
        if k.lower() not in ("content-encoding", "content-length")
    }
    return httpx.Response(answer.status_code, headers=headers, content=change(answer.content))


def reader_for(**kw):
    def open_reader(config, *, password, zone):
        return CalDavReader(config.location, config.username, password, zone, **kw)

    return open_reader


def test_first_run_then_incremental_runs_propose_each_event_once(store, clock, account):
    server, work = account
    server.put(work, "lunch", ics("lunch", NOW - timedelta(days=2), "Lunch"))
    server.put(work, "call", ics("call", NOW - timedelta(days=1), "Call"))
    source = add(store, clock, "caldav", server.url)  # the server's address: discovered

    first = run(store, clock, source)
    assert first.proposed == 2 and first.problems == []
    assert {p.summary for p in proposals(store).values()} == {"Lunch", "Call"}

    assert run(store, clock, source).proposed == 0  # nothing new: nothing proposed

    server.put(work, "review", ics("review", NOW - timedelta(hours=3), "Review"))
    again = run(store, clock, source)
    assert (again.seen, again.proposed) == (1, 1)  # only the new event was fetched
    assert set(proposals(store)) == {"lunch", "call", "review"}
    assert source_row(store, source).last_error == ""


def test_a_future_event_is_proposed_once_it_happened_though_unchanged(store, clock, account):
    server, work = account
    server.put(work, "soon", ics("soon", NOW + timedelta(hours=2), "Planning"))
    source = add(store, clock, "caldav", work)
    assert run(store, clock, source, reader_for=reader_for()).proposed == 0
    later = NOW + timedelta(days=1)
    clock.advance(days=1)
    report = run(store, clock, source, reader_for=reader_for(now=lambda: later))
    assert report.proposed == 1 and list(proposals(store)) == ["soon"]


def test_a_recurring_meeting_is_one_proposal_per_occurrence(store, clock, account):
    server, work = account
    first = NOW - timedelta(weeks=3, hours=1)
    server.put(work, "weekly", ics("weekly", first, "Weekly 1:1", extra="RRULE:FREQ=WEEKLY\n"))
    source = add(store, clock, "caldav", work)  # the calendar's own address
    assert run(store, clock, source).proposed == 4  # 3 weeks ago, 2, 1, and this week's
    keys = sorted(proposals(store))
    assert keys[0].startswith("weekly/") and len(set(keys)) == 4
    assert run(store, clock, source).proposed == 0


def test_a_deleted_and_a_changed_event_do_not_propose_again(store, clock, account):
    server, work = account
    server.put(work, "a", ics("a", NOW - timedelta(days=1), "Coffee"))
    server.put(work, "b", ics("b", NOW - timedelta(days=2), "Tea"))
    source = add(store, clock, "caldav", work)
    assert run(store, clock, source).proposed == 2
    server.delete(work, "b")
    server.put(work, "a", ics("a", NOW - timedelta(days=1), "Coffee (moved)"))
    report = run(store, clock, source)
    assert (report.seen, report.proposed) == (1, 0)


def test_without_sync_collection_the_etags_say_what_changed(store, clock, account):
    """Servers without RFC 6578: simulated by refusing the REPORT, the rest is Radicale."""
    server, work = account
    real = httpx.HTTPTransport()
    asked = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "REPORT" and b"sync-collection" in request.content:
            asked.append(request.url)
            return httpx.Response(501)
        return relay(real, request)

    opener = reader_for(transport=httpx.MockTransport(handler))
    server.put(work, "a", ics("a", NOW - timedelta(days=1), "Coffee"))
    server.put(work, "b", ics("b", NOW - timedelta(days=2), "Tea"))
    source = add(store, clock, "caldav", server.url)
    assert run(store, clock, source, reader_for=opener).proposed == 2
    assert asked  # the reader did try sync-collection first
    nothing = run(store, clock, source, reader_for=opener)
    assert (nothing.seen, nothing.proposed) == (0, 0)  # same ETags: nothing fetched
    server.put(work, "c", ics("c", NOW - timedelta(hours=5), "Dinner"))
    server.delete(work, "b")
    report = run(store, clock, source, reader_for=opener)
    assert (report.seen, report.proposed) == (1, 1)
    assert set(proposals(store)) == {"a", "b", "c"}


def test_a_malformed_calendar_object_is_reported_by_its_href(store, clock, account):
    server, work = account
    bad_start = (NOW - timedelta(days=3, seconds=17)).strftime("%Y%m%dT%H%M%SZ")
    server.put(work, "good", ics("good", NOW - timedelta(days=1), "Coffee"))
    server.put(work, "broken", ics("broken", NOW - timedelta(days=3, seconds=17)))
    real = httpx.HTTPTransport()

    def handler(request: httpx.Request) -> httpx.Response:
        # A server storing an object it cannot give back whole.
        return relay(
            real, request, lambda c: c.replace(f"DTSTART:{bad_start}".encode(), b"DTSTART:x")
        )

    source = add(store, clock, "caldav", work)
    report = run(
        store, clock, source, reader_for=reader_for(transport=httpx.MockTransport(handler))
    )
    assert report.proposed == 1 and list(proposals(store)) == ["good"]
    assert [p.where for p in report.problems] and all(
        "/ann/Work/broken.ics" in p.where for p in report.problems
    )


def test_wrong_password_says_so_and_writes_nothing(store, clock, account):
    server, work = account
    server.put(work, "a", ics("a", NOW - timedelta(days=1)))
    source = add(store, clock, "caldav", server.url)
    with pytest.raises(SourceError, match="refused user “ann” with that password"):
        run(store, clock, source, password="wrong")
    assert proposals(store) == {}
    row = source_row(store, source)
    assert row.state in (None, "", "{}") and "password" in row.last_error


def test_an_address_without_a_calendar_says_so(store, clock, account):
    server, _ = account
    source = add(store, clock, "caldav", server.url + "ann/holidays/")
    with pytest.raises(SourceError, match="There is no calendar at .*ann/holidays/"):
        run(store, clock, source)


def test_server_down_mid_run_keeps_what_was_saved_and_resumes_without_repeats(
    store, clock, account
):
    server, work = account
    for day in range(1, 6):
        server.put(work, f"e{day}", ics(f"e{day}", NOW - timedelta(days=day), f"Meeting {day}"))
    source = add(store, clock, "caldav", work)

    def kill_after_first_batch(progress):
        if progress.done == 2:
            server.stop()

    with pytest.raises(SourceError, match="Could not connect to the CalDAV server"):
        run(store, clock, source, reader_for=reader_for(batch=2), progress=kill_after_first_batch)
    assert len(proposals(store)) == 2  # the first batch was checkpointed
    assert "Could not connect" in source_row(store, source).last_error

    server.start()
    report = run(store, clock, source, reader_for=reader_for(batch=2))
    assert report.proposed == 3 and report.seen == 3  # the saved batch was not fetched again
    assert set(proposals(store)) == {f"e{d}" for d in range(1, 6)}


def test_a_server_that_is_not_there_says_so(store, clock, account):
    server, _ = account
    source = add(store, clock, "caldav", server.url)
    server.stop()
    with pytest.raises(SourceError, match="connection refused"):
        run(store, clock, source)
