"""CardDAV speed against a local Radicale: what a 5,000-contact first sync costs on the wire (issue 17).

    python -m benchmarks.carddav_bench [--uploads 1000] [--workers 4] [--cards 5000]

Starts Radicale (htpasswd, filesystem storage) on 127.0.0.1 in a temp folder and times,
through ``CardDavServer``:

- ``--uploads`` new cards PUT one after the other into an empty book, per
  quarter (Radicale checks every new card's UID against every card of the
  book, so each upload costs more than the last), then the same number with
  ``put_many`` (``--workers`` requests in flight on one client) into another;
- a book of ``--cards`` cards (seeded in one Radicale-only whole-collection PUT,
  which is not what PRM does): the full listing (sync-collection from no
  token), an addressbook-multiget of every card in chunks of 100, an
  incremental listing with nothing changed, and the book's state (ctag).

The first-sync budget is 60 s for everything (network and database).
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
    parser.add_argument("--uploads", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--cards", type=int, default=5000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        radicale = Radicale(Path(folder))
        radicale.start()
        server = CardDavServer(radicale.url, USER, PASSWORD, account="bench")
        try:
            uploads(server, args.uploads, args.workers)
            downloads(server, radicale, args.cards)
        finally:
            server.close()
            radicale.stop()


def uploads(server: CardDavServer, count: int, workers: int) -> None:
    one = server.create_address_book("one by one")
    items = cards(one.url, count)
    quarter = max(1, count // 4)
    for start in range(0, count, quarter):
        part = items[start : start + quarter]
        timed(
            f"PUT cards {start + 1}-{start + len(part)}, one after the other",
            len(part),
            lambda part=part: [server.put(h, d, etag=e) for h, d, e in part],
        )
    many = server.create_address_book("concurrent")
    timed(
        f"{count} PUTs, put_many({workers} workers)",
        count,
        lambda: server.put_many(cards(many.url, count), workers=workers),
    )


def downloads(server: CardDavServer, radicale: Radicale, count: int) -> None:
    import httpx

    url = radicale.make_address_book("seeded")
    body = b"".join(d for _, d, _ in cards(url, count))
    with httpx.Client(auth=(USER, PASSWORD), timeout=600) as client:
        answer = client.put(url, content=body, headers={"Content-Type": "text/vcard"})
    assert answer.status_code in (200, 201), answer.text
    listing = timed(
        f"full listing of {count} (sync-collection)", count, lambda: server.changes(url, "")
    )
    # The first listing of a book Radicale never listed builds its caches: ask twice.
    timed(f"full listing of {count} again", count, lambda: server.changes(url, ""))
    timed(f"etag listing of {count} (PROPFIND fallback)", count, lambda: server._all_etags(url))
    got = timed(
        f"multiget of {count} cards (chunks of 100)",
        count,
        lambda: list(server.fetch(url, listing.changed)),
    )
    assert len(got) == count, len(got)
    timed("listing since the token, nothing changed", 1, lambda: server.changes(url, listing.token))
    timed("book state (ctag)", 1, lambda: server.book_state(url))


if __name__ == "__main__":
    main()
