"""CardDAV speed against a local Radicale: what a 5,000-contact first sync costs on the wire (issue 17).

    python -m benchmarks.carddav_bench [--cards 5000] [--workers 4]

Starts Radicale (htpasswd, filesystem storage) on 127.0.0.1 in a temp folder and times,
through ``CardDavServer``: ``--cards`` PUTs one after the other; the same
number with ``put_many`` (``--workers`` concurrent requests on one client)
into a second book; the full listing (sync-collection from no token); an
addressbook-multiget of every card in chunks of 100; and an incremental
listing with nothing changed. The first-sync budget is 60 s for everything
(network and database), so uploads should stay well under ~40 s.
Prints figures (wall clock); never fails on timing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from prm.core.sync.carddav import CardDavServer
from tests.servers.radicale import PASSWORD, USER, Radicale

CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//PRM//bench//EN\r\nUID:{uid}\r\nFN:Person {i}\r\n"
    "N:{i};Person;;;\r\nEMAIL;TYPE=work:person{i}@example.com\r\nTEL;TYPE=cell:+49 30 {i:07d}\r\n"
    "ORG:Example {org} GmbH\r\nTITLE:Consultant\r\nADR;TYPE=work:;;Street {i};Berlin;;10115;DE\r\n"
    "NOTE:met at a conference\r\nEND:VCARD\r\n"
)


def cards(book_url: str, count: int) -> list[tuple[str, bytes, None]]:
    return [
        (f"{book_url}p{i}.vcf", CARD.format(uid=f"p{i}", i=i, org=i % 50).encode(), None)
        for i in range(count)
    ]


def timed(label: str, count: int, run) -> float:
    started = time.perf_counter()
    result = run()
    took = time.perf_counter() - started
    print(f"{label:<40} {took:7.2f} s  ({count / took if took else 0:8.0f}/s)")
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.carddav_bench", description=__doc__)
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        radicale = Radicale(Path(folder))
        radicale.start()
        try:
            run(radicale, args.cards, args.workers)
        finally:
            radicale.stop()


def run(radicale: Radicale, count: int, workers: int) -> None:
    server = CardDavServer(radicale.url, USER, PASSWORD, account="bench")
    try:
        one = server.create_address_book("one by one")
        items = cards(one.url, count)
        timed(
            f"{count} PUTs, one after the other",
            count,
            lambda: [server.put(h, d, etag=e) for h, d, e in items],
        )
        if hasattr(server, "put_many"):
            many = server.create_address_book("concurrent")
            timed(
                f"{count} PUTs, put_many({workers} workers)",
                count,
                lambda: server.put_many(cards(many.url, count), workers=workers),
            )
        listing = timed(
            "full listing (sync-collection)", count, lambda: server.changes(one.url, "")
        )
        got = timed(
            "multiget of every card (chunks of 100)",
            count,
            lambda: list(server.fetch(one.url, listing.changed)),
        )
        assert len(got) == count, len(got)
        timed(
            "listing since the token, nothing changed",
            1,
            lambda: server.changes(one.url, listing.token),
        )
        timed("book state (ctag)", 1, lambda: server.book_state(one.url))
    finally:
        server.close()


if __name__ == "__main__":
    main()
