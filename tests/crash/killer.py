"""Crash safety, proven by killing: SIGKILL PRM at random moments, then check.

    python tests/crash/killer.py --kills 200 [--seed N] [--keep DIR]

Each round starts a child process doing one of PRM's risky jobs on a real
encrypted store, kills it with SIGKILL after a random delay, and then checks,
in this process, that the store opens, passes ``PRAGMA integrity_check``, and
holds every write the child had acknowledged (printed after its commit):

- ``writer``:    contacts and touches committed one by one;
- ``importer``:  a 300-card vCard import, which must land whole or not at all;
- ``migration``: an old-revision store upgraded on open;
- ``create``:    the very first start in an empty folder;
- ``backup``:    a backup written while the writer keeps writing;
- ``restore``:   a backup restored over the store;
- ``capture``:   a 3,000-message mbox read into the capture queue, resumed after
                 the kill: every message proposed exactly once;
- ``sync``:      a CardDAV sync with a real Radicale, killed mid-upload or
                 mid-download and resumed: every person once on both sides
                 (``sync_round.py``).

The "keyring" is a JSON file (written atomically, like a real keyring's
database), so a key stored by a child survives its death.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from prm.core.clock import SystemClock  # noqa: E402
from prm.core.paths import AppPaths  # noqa: E402

SCENARIOS = (
    "writer",
    "importer",
    "migration",
    "create",
    "backup",
    "restore",
    "capture",
    "sync",
)
IMPORT_CARDS = 300
CAPTURE_PEOPLE, CAPTURE_MESSAGES = 30, 3000


class FileSecretStore:
    """A keyring that outlives the process: one JSON file, replaced atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def available(self) -> bool:
        return True

    def _load(self) -> dict[str, str]:
        try:
            return json.loads(self.path.read_text())
        except FileNotFoundError:
            return {}

    def get(self, name: str) -> str | None:
        return self._load().get(name)

    def set(self, name: str, value: str) -> None:
        from prm.core.fsio import atomic_write_bytes

        values = self._load()
        values[name] = value
        atomic_write_bytes(self.path, json.dumps(values).encode())

    def delete(self, name: str) -> None:
        from prm.core.fsio import atomic_write_bytes

        values = self._load()
        values.pop(name, None)
        atomic_write_bytes(self.path, json.dumps(values).encode())


# ---------------------------------------------------------------- the children


def ack(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def child_writer(paths: AppPaths, secrets: FileSecretStore, tag: str) -> None:
    from prm.core import contacts, touches
    from prm.core.drafts import ContactDraft
    from prm.core.store_open import open_store
    from prm.core.touches import TouchDraft

    store = open_store(paths, secrets)
    clock = SystemClock()
    ack("ready")
    for i in range(10_000):
        with store.transaction() as session:
            contact = contacts.create_contact(
                session,
                draft=ContactDraft(given_name=f"{tag}{i}", family_name="Acked"),
                clock=clock,
            )
            touches.log_touch(
                session,
                draft=TouchDraft(
                    contact_ids=[contact.id],
                    channel="call",
                    occurred_at=clock.now(),
                    summary=f"{tag}{i}",
                ),
                clock=clock,
            )
        ack(f"contact {tag}{i}")


def child_importer(paths: AppPaths, secrets: FileSecretStore, tag: str) -> None:
    from prm.core.store_open import open_store
    from prm.core.vcard.apply import apply_import
    from prm.core.vcard.importer import plan_import
    from prm.core.vcard.read import read_vcards

    cards = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{tag}-{i}\r\nFN:Card {tag} {i}\r\n"
        f"N:{tag};Card{i};;;\r\nEMAIL:card{i}.{tag}@example.org\r\nEND:VCARD\r\n"
        for i in range(IMPORT_CARDS)
    )
    source = paths.data_dir.parent / f"{tag}.vcf"
    source.write_text(cards)
    store = open_store(paths, secrets)
    ack("ready")
    with store.transaction() as session, source.open("rb") as handle:
        plan = plan_import(session, read_vcards(handle, name=str(source)), source=str(source))
        apply_import(session, plan, clock=SystemClock())
    ack(f"import {tag}")


def child_open(paths: AppPaths, secrets: FileSecretStore, tag: str) -> None:
    from prm.core.store_open import open_store

    open_store(paths, secrets).close()
    ack("opened")


def child_backup(paths: AppPaths, secrets: FileSecretStore, tag: str) -> None:
    from prm.core import backups
    from prm.core.store_open import open_store

    store = open_store(paths, secrets)
    ack("ready")
    backups.backup_store(store, now=datetime.now(UTC))
    ack("backup")


def child_restore(paths: AppPaths, secrets: FileSecretStore, tag: str) -> None:
    from prm.core import backups
    from prm.core.store_keys import resolve_key

    chosen = backups.list_backups(paths.backup_dir)[-1]
    ack("ready")
    backups.restore_backup(paths, chosen.id, resolve_key(paths, secrets), now=datetime.now(UTC))
    ack(f"restored {chosen.id}")


def capture_setup(paths: AppPaths, secrets: FileSecretStore, tag: str) -> int:
    """People, my address, and an mbox in which each of them wrote 100 messages."""
    from prm.core import contacts
    from prm.core.capture.book import set_my_addresses
    from prm.core.capture.source_config import SourceConfig
    from prm.core.capture.sources import add_source
    from prm.core.drafts import ContactDraft, LabeledValue
    from prm.core.store_open import open_store

    mbox = paths.data_dir.parent / f"{tag}.mbox"
    with mbox.open("w") as out:
        for i in range(CAPTURE_MESSAGES):
            who = i % CAPTURE_PEOPLE
            out.write(
                f"From p{who}@example.org Mon Nov  2 10:00:00 2026\n"
                f"From: Person {who} <p{who}@example.org>\nTo: Me <me@example.org>\n"
                f"Subject: Note {i}\nMessage-ID: <{tag}-{i}@example.org>\n"
                f"Date: Mon, 2 Nov 2026 {i % 24:02d}:{i % 60:02d}:00 +0000\n\nHello {i}\n\n"
            )
    store = open_store(paths, secrets)
    clock = SystemClock()
    with store.transaction() as session:
        set_my_addresses(session, ["me@example.org"])
        for who in range(CAPTURE_PEOPLE):
            draft = ContactDraft(
                given_name=f"Person{who}", family_name=tag,
                emails=[LabeledValue(f"p{who}@example.org")],
            )  # fmt: skip
            contacts.create_contact(session, draft=draft, clock=clock)
        source_id = add_source(session, SourceConfig("mbox", str(mbox)), clock=clock).id
    store.close()
    return source_id


def capture_run(store, source_id: int):

    from prm.core.capture.runner import run_source

    clock = SystemClock()
    since = datetime(2026, 1, 1, tzinfo=UTC)
    return run_source(store, source_id, since=since, clock=clock, zone=UTC)


def child_capture(paths: AppPaths, secrets: FileSecretStore, tag: str) -> None:
    from prm.core.store_open import open_store

    store = open_store(paths, secrets)
    ack("ready")
    capture_run(store, int(tag.rpartition("-")[2]))
    ack("captured")


def child_sync(paths: AppPaths, secrets: FileSecretStore, tag: str) -> None:
    from tests.crash.sync_round import child_sync as run

    run(paths, secrets, tag)


CHILDREN = {
    "capture": child_capture,
    "sync": child_sync,
    "writer": child_writer,
    "importer": child_importer,
    "open": child_open,
    "backup": child_backup,
    "restore": child_restore,
}


# ---------------------------------------------------------------- the parent


@dataclass
class Round:
    scenario: str
    delay: float
    acked: list[str]


def spawn(kind: str, data_dir: Path, keyring: Path, tag: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, __file__, "--child", kind, str(data_dir), str(keyring), tag],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_after(proc: subprocess.Popen, delay: float, *, after_ready: bool = False) -> list[str]:
    """SIGKILL ``proc`` ``delay`` seconds after it started (or after it said "ready");
    returns the lines it acknowledged."""
    lines: list[str] = []
    reader = threading.Thread(
        target=lambda: lines.extend(line.strip() for line in proc.stdout), daemon=True
    )
    reader.start()
    if after_ready:
        deadline = time.monotonic() + 60
        while "ready" not in lines and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        lines_before = len(lines)
        assert "ready" in lines or proc.poll() is not None, (
            f"child never got ready ({lines_before})"
        )
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    reader.join(10)
    err = proc.stderr.read()
    if proc.returncode not in (0, -signal.SIGKILL):
        raise AssertionError(f"child failed by itself (rc {proc.returncode}):\n{err}")
    return list(lines)


def open_and_check(paths: AppPaths, secrets: FileSecretStore):
    from prm.core.store_open import open_store

    store = open_store(paths, secrets)
    with store.engine.connect() as conn:
        verdict = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
    assert verdict == "ok", f"integrity_check: {verdict}"
    assert store.revision == _head()
    return store


def _head() -> str:
    from prm.core.migrate import HEAD_REVISION

    return HEAD_REVISION


def given_names(store, like: str) -> set[str]:
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT given_name FROM contact WHERE given_name LIKE ?", (like,)
        ).fetchall()
    return {r[0] for r in rows}


def family_count(store, family: str) -> int:
    with store.engine.connect() as conn:
        return conn.exec_driver_sql(
            "SELECT count(*) FROM contact WHERE family_name = ?", (family,)
        ).scalar()


def make_old_store(paths: AppPaths, secrets: FileSecretStore) -> int:
    """A store at the first revision, as PRM 0.1 left it: no header, key under its path."""
    from alembic import command

    from prm.core import migrate
    from prm.core.db import make_engine
    from prm.core.keywrap import new_data_key
    from prm.core.store_keys import legacy_keyring_entry

    paths.ensure_writable()
    key = new_data_key()
    secrets.set(legacy_keyring_entry(paths), key)
    engine = make_engine(paths.database, key)
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), "0001_baseline")
        for i in range(1, 501):
            conn.exec_driver_sql(
                "INSERT INTO contact (id, uid, prefix, given_name, middle_name, family_name,"
                " suffix, nickname, display_name, sort_name, organization, department, title,"
                " timezone, preferred_channel, how_we_met, pref_coffee, pref_food, pref_dietary,"
                " pref_culture, notes, created_at, updated_at) VALUES (?, ?, '', ?, '', 'Old',"
                " '', '', ?, ?, '', '', '', '', 'call', '', '', '', '', '', '',"
                " '2025-01-01 00:00:00', '2025-01-01 00:00:00')",
                (i, f"old-{i}", f"Old{i}", f"Old{i} Old", f"old old{i}"),
            )
    engine.dispose()
    return 500


def run_round(rng: random.Random, scenario: str, work: Path, n: int) -> Round:
    data_dir = work / f"r{n}" / "data"
    keyring = work / f"r{n}" / "keyring.json"
    data_dir.parent.mkdir(parents=True)
    paths = AppPaths.for_dir(data_dir)
    secrets = FileSecretStore(keyring)
    tag = f"T{n}x"
    if scenario == "create":
        delay = rng.uniform(0.05, 1.5)
        acked = kill_after(spawn("open", data_dir, keyring, tag), delay)
        open_and_check(paths, secrets).close()
        return Round(scenario, delay, acked)
    if scenario == "migration":
        seeded = make_old_store(paths, secrets)
        delay = rng.uniform(0.1, 2.5)
        acked = kill_after(spawn("open", data_dir, keyring, tag), delay)
        store = open_and_check(paths, secrets)
        assert family_count(store, "Old") == seeded, "contacts lost in a killed migration"
        store.close()
        return Round(scenario, delay, acked)
    from prm.core.store_open import open_store

    open_store(paths, secrets).close()  # a healthy store to start from
    if scenario == "restore":
        kill_after(spawn("writer", data_dir, keyring, "Pre"), 0.5, after_ready=True)
        _quiet_backup(paths, secrets)
        delay = rng.uniform(0.0, 0.3)
        acked = kill_after(spawn("restore", data_dir, keyring, tag), delay, after_ready=True)
        open_and_check(paths, secrets).close()
        return Round(scenario, delay, acked)
    if scenario == "sync":
        from tests.crash.sync_round import sync_round

        delay, acked = sync_round(
            rng, paths, secrets, tag,
            spawn=spawn, kill_after=kill_after, open_and_check=open_and_check,
        )  # fmt: skip
        return Round(scenario, delay, acked)
    if scenario == "capture":
        source_id = capture_setup(paths, secrets, tag)
        delay = rng.uniform(0.0, 3.0)  # before, between and after its checkpoints
        acked = kill_after(
            spawn("capture", data_dir, keyring, f"{tag}-{source_id}"), delay, after_ready=True
        )
        store = open_and_check(paths, secrets)
        try:
            capture_run(store, source_id)  # the next run resumes where the killed one stopped
            with store.engine.connect() as conn:
                keys = [r[0] for r in conn.exec_driver_sql("SELECT key FROM capture_proposal")]
            assert len(keys) == len(set(keys)) == CAPTURE_MESSAGES, (
                f"after a kill and a resumed run: {len(keys)} proposals"
                f" ({len(set(keys))} distinct) for {CAPTURE_MESSAGES} messages"
            )
        finally:
            store.close()
        return Round(scenario, delay, acked)
    kind = {"writer": "writer", "importer": "importer", "backup": "backup"}[scenario]
    writer = spawn("writer", data_dir, keyring, tag) if scenario == "backup" else None
    delay = rng.uniform(0.0, 1.0)
    acked = kill_after(spawn(kind, data_dir, keyring, tag), delay, after_ready=True)
    if writer is not None:
        acked += kill_after(writer, 0, after_ready=True)
    store = open_and_check(paths, secrets)
    try:
        written = given_names(store, f"{tag}%")
        for line in acked:
            if line.startswith("contact "):
                assert line.split()[1] in written, f"acknowledged {line!r} is missing"
        if scenario == "importer":
            count = family_count(store, tag)
            assert count in (0, IMPORT_CARDS), f"half an import: {count} cards"
            if any(line.startswith("import") for line in acked):
                assert count == IMPORT_CARDS
        if scenario == "backup":
            from prm.core import backups

            for info in backups.list_backups(paths.backup_dir):
                if info.verified:
                    _check_backup_opens(info.path, store.key)
    finally:
        store.close()
    return Round(scenario, delay, acked)


def _quiet_backup(paths: AppPaths, secrets: FileSecretStore) -> None:
    from prm.core import backups
    from prm.core.store_open import open_store

    store = open_store(paths, secrets)
    try:
        backups.backup_store(store, now=datetime.now(UTC))
    finally:
        store.close()


def _check_backup_opens(path: Path, key: str | None) -> None:
    from prm.core.sqlite_conn import connect_raw

    conn = connect_raw(path, key)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", path
    finally:
        conn.close()


def _round(seed: int, scenarios: tuple[str, ...], work: Path, n: int) -> Round:
    # Each round has its own generator: the same seed gives the same rounds,
    # whatever order the parallel jobs finish in.
    rng = random.Random(f"{seed}-{n}")
    return run_round(rng, scenarios[n % len(scenarios)], work, n)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--keep", type=Path, help="work folder to keep (default: a temp one)")
    parser.add_argument("--only", choices=SCENARIOS, action="append")
    parser.add_argument("--jobs", type=int, default=2, help="rounds run side by side")
    parser.add_argument("--child", nargs=4, metavar=("KIND", "DIR", "KEYRING", "TAG"))
    args = parser.parse_args(argv)
    if args.child:
        kind, data_dir, keyring, tag = args.child
        CHILDREN[kind](AppPaths.for_dir(data_dir), FileSecretStore(Path(keyring)), tag)
        return 0
    scenarios = args.only or list(SCENARIOS)
    work = args.keep or Path(tempfile.mkdtemp(prefix="prm-kill-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"kill test: {args.kills} kills, seed {args.seed}, in {work}", flush=True)

    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    # Rounds run in worker processes (Alembic and SQLCipher keep per-process state).
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        results = list(
            pool.map(partial(_round, args.seed, tuple(scenarios), work), range(args.kills))
        )
    tally: dict[str, int] = {}
    for result in results:
        tally[result.scenario] = tally.get(result.scenario, 0) + 1
    acked = sum(len(r.acked) for r in results)
    summary = ", ".join(f"{k} {v}" for k, v in sorted(tally.items()))
    print(f"{args.kills} kills ({summary}); {acked} acknowledged writes checked, none lost")
    if args.keep is None:
        import shutil

        shutil.rmtree(work, ignore_errors=True)  # on failure it stays, for a look
    return 0


if __name__ == "__main__":
    sys.exit(main())
