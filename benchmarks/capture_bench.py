"""Capture speed: a year of a busy mailbox read (and proposed) in <= 60 s (issue 16).

    python -m benchmarks.capture_bench [--messages 50000] [--big-mb 200] [--keep DIR]

- generates 50,000 messages (realistic headers: Received, DKIM, MIME; bodies of a
  few KB; a quarter bulk; threads with replies; a third sent by me) as one mbox
  and as a Maildir in a temp folder;
- times reading every header block through the capture readers, and proposing
  when capcore's proposer is there (``prm.core.capture.proposer``);
- streams an mbox of ``--big-mb`` MB (bodies of ~50 KB) and a tenth of it,
  reporting how much the process's memory grew while reading each: a streamed
  reader stays flat.

Prints figures, wall clock and this process's CPU time (on a busy machine the
wall clock waits for other processes); never fails on timing.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from prm.core.capture.mail_files import MaildirReader, MboxReader
from prm.core.capture.observations import MailMessage, Progress, ReadProblem

BUDGET_S = 60.0
ME = "me@example.com"
YEAR_START = datetime(2025, 1, 1, tzinfo=UTC)
WORDS = [
    "the",
    "plan",
    "meeting",
    "invoice",
    "draft",
    "budget",
    "next",
    "week",
    "call",
    "proposal",
    "thanks",
    "review",
    "contract",
    "follow",
    "up",
    "from",
    "here",
    "on",
    "numbers",
    "project",
    "deadline",
    "client",
    "coffee",
]


def people(rng: random.Random) -> list[tuple[str, str]]:
    first = [
        "Ann",
        "Bob",
        "Carla",
        "Dmitri",
        "Éloïse",
        "Farid",
        "Greta",
        "Hiro",
        "Ines",
        "Jürgen",
        "Kofi",
        "Lena",
        "Mateo",
    ]
    last = [
        "Lee",
        "Novak",
        "Okafor",
        "Müller",
        "Dubois",
        "Tanaka",
        "Silva",
        "Rossi",
        "Berg",
        "Nowak",
        "Ivanova",
    ]
    pool = []
    for n in range(400):
        f, la = rng.choice(first), rng.choice(last)
        pool.append(
            (
                f"{f} {la}",
                f"{f.lower()}.{la.lower()}{n}@client{n % 40}.example".encode(
                    "ascii", "ignore"
                ).decode(),
            )
        )
    return pool


def messages(count: int, body_bytes: int, seed: int = 16):
    """(postmark time, full message bytes) for ``count`` messages over a year."""
    rng = random.Random(seed)
    pool = people(rng)
    threads: list[tuple[str, list[str], str]] = []  # (subject, ids, other party)
    step = timedelta(days=365) / max(count, 1)
    for n in range(count):
        when = YEAR_START + step * n
        mid = f"<{n}.{rng.getrandbits(40):x}@mail.example>"
        name, address = rng.choice(pool)
        headers = [
            f"Return-Path: <{address}>",
            f"Received: from mx{n % 7}.example (mx{n % 7}.example [10.0.{n % 250}.{n % 200}])\n"
            f"\tby mail.example with ESMTPS id {rng.getrandbits(48):x}\n\tfor <{ME}>; "
            + when.strftime("%a, %d %b %Y %H:%M:%S +0000"),
            "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example; s=s1;\n"
            f"\tbh={rng.getrandbits(256):x}=;\n\tb={rng.getrandbits(1024):x}",
        ]
        kind = rng.random()
        if kind < 0.25:  # newsletters and notifications
            headers += [
                f"From: Shop News <news@shop{n % 12}.example>",
                f"To: {ME}",
                f"Subject: Offers of the week {n}",
                "List-Unsubscribe: <mailto:unsub@shop.example>",
                "Precedence: bulk",
            ]
        elif threads and kind < 0.6:  # a reply in a thread
            subject, ids, other = rng.choice(threads)
            mine = rng.random() < 0.5
            sender, to = (f"Me <{ME}>", other) if mine else (other, f"Me <{ME}>")
            headers += [
                f"From: {sender}",
                f"To: {to}",
                f"Subject: Re: {subject}",
                f"In-Reply-To: {ids[-1]}",
                "References: " + "\n ".join(ids[-10:]),
            ]
            ids.append(mid)
        else:  # a new conversation
            other = f"{name} <{address}>"
            mine = rng.random() < 0.35
            subject = " ".join(rng.choices(WORDS, k=4))
            headers += [
                f"From: {f'Me <{ME}>' if mine else other}",
                f"To: {other if mine else f'Me <{ME}>'}",
                f"Cc: {rng.choice(pool)[1]}" if rng.random() < 0.3 else "X-Priority: 3",
                f"Subject: {subject}",
            ]
            threads.append((subject, [mid], other))
            threads = threads[-300:]
        headers += [
            "Date: " + when.strftime("%a, %d %b %Y %H:%M:%S +0000"),
            f"Message-ID: {mid}",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
        ]
        lines, size = [], 0
        while size < body_bytes:
            line = " ".join(rng.choices(WORDS, k=12))
            if rng.random() < 0.02:
                line = ">From " + line  # mboxrd-quoted, as mail clients write them
            lines.append(line)
            size += len(line) + 1
        yield when, ("\n".join(headers) + "\n\n" + "\n".join(lines) + "\n").encode()


def write_mbox(path: Path, count: int, body_bytes: int) -> None:
    with path.open("wb", buffering=1 << 20) as out:
        for when, data in messages(count, body_bytes):
            out.write(
                b"From MAILER-DAEMON " + when.strftime("%a %b %d %H:%M:%S %Y").encode() + b"\n"
            )
            out.write(data + b"\n")


def write_maildir(root: Path, count: int, body_bytes: int) -> None:
    for part in ("cur", "new", "tmp"):
        (root / part).mkdir(parents=True, exist_ok=True)
    for n, (when, data) in enumerate(messages(count, body_bytes)):
        (root / "cur" / f"{int(when.timestamp())}.{n}.bench:2,S").write_bytes(data)


def read_all(reader) -> tuple[list[MailMessage], int]:
    found, problems = [], 0
    for item in reader({}, since=YEAR_START - timedelta(days=1)):
        if isinstance(item, MailMessage):
            found.append(item)
        elif isinstance(item, ReadProblem):
            problems += 1
    return found, problems


def propose_seconds(found: list[MailMessage]) -> tuple[float, int] | None:
    """capcore's proposer over what was read (half the correspondents are
    contacts), when it is on this branch: (seconds, proposals)."""
    try:
        from prm.core.capture.proposer import Book, propose  # owned by capcore
    except ImportError:
        return None
    pool = people(random.Random(16))  # the same correspondents as messages()
    book = Book(
        emails={address: n for n, (_, address) in enumerate(pool[::2])}, mine=frozenset({ME})
    )
    now = YEAR_START + timedelta(days=366)
    start = time.perf_counter()
    kept = sum(propose(message, book, now=now) is not None for message in found)
    return time.perf_counter() - start, kept


def rss_mb() -> float:
    """This process's resident memory now (Linux), else its peak so far."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError, AttributeError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def memory_flat(folder: Path, big_mb: int) -> None:
    for mb in (max(big_mb // 10, 1), big_mb):
        path = folder / f"big-{mb}.mbox"
        count = mb * 1_000_000 // 52_000
        start = time.perf_counter()
        write_mbox(path, count, 50_000)
        made = time.perf_counter() - start
        start = time.perf_counter()
        before, peak, count_read = rss_mb(), 0.0, 0
        for item in MboxReader(path)({}, since=YEAR_START - timedelta(days=1)):
            count_read += isinstance(item, MailMessage)
            if isinstance(item, Progress):  # every MB: where memory would grow
                peak = max(peak, rss_mb() - before)
        took = time.perf_counter() - start
        size = path.stat().st_size / 1e6
        print(
            f"  mbox {size:7.0f} MB, {count_read:6,} messages: read {took:5.1f} s"
            f" ({size / took:5.0f} MB/s), memory grew by {peak:5.1f} MB while reading"
            f" [written in {made:.0f} s]"
        )
        path.unlink()


def year(folder: Path, count: int, body_bytes: int) -> None:
    print(f"Capture: {count:,} messages over a year, bodies ~{body_bytes:,} B")
    mbox, maildir = folder / "year.mbox", folder / "Maildir"
    start = time.perf_counter()
    write_mbox(mbox, count, body_bytes)
    write_maildir(maildir, count, body_bytes)
    print(
        f"  generated mbox ({mbox.stat().st_size / 1e6:.0f} MB) and Maildir in {time.perf_counter() - start:.0f} s"
    )
    for label, reader in (("mbox", MboxReader(mbox)), ("Maildir", MaildirReader(maildir))):
        start, cpu = time.perf_counter(), time.process_time()
        found, problems = read_all(reader)
        took, cpu = time.perf_counter() - start, time.process_time() - cpu
        bulk = sum(m.bulk for m in found)
        proposed = propose_seconds(found)
        total = took + (proposed[0] if proposed else 0.0)
        verdict = "within" if total <= BUDGET_S else "OVER"
        extra = (
            f" + propose {proposed[0]:.1f} s ({proposed[1]:,} proposals)"
            if proposed is not None
            else " (proposer not on this branch)"
        )
        print(
            f"  {label:8} read {len(found):,} headers ({bulk:,} bulk, {problems} problems)"
            f" in {took:5.1f} s (CPU {cpu:4.1f} s){extra}: {verdict} the {BUDGET_S:.0f} s budget"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.capture_bench", description=__doc__)
    parser.add_argument("--messages", type=int, default=50_000, help="0: only the memory check")
    parser.add_argument("--body-bytes", type=int, default=3_000)
    parser.add_argument("--big-mb", type=int, default=200, help="0: skip the memory check")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="prm-capture-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if args.messages:
            year(folder, args.messages, args.body_bytes)
        if args.big_mb:
            print("Streaming: peak memory must not grow with the file")
            memory_flat(folder, args.big_mb)


if __name__ == "__main__":
    main()
