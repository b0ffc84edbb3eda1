"""Any history of edits, deletions and interrupted syncs on two laptops and a phone
ends, after a few clean syncs, with everyone holding the same contacts."""

from __future__ import annotations

import shutil
from contextlib import contextmanager, suppress
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prm.core.clock import FakeClock
from prm.core.contacts import trash_contacts
from prm.core.paths import AppPaths
from prm.core.secrets import MemorySecretStore
from prm.core.store_open import open_store
from prm.core.sync.remote import SyncError
from tests.core.sync.fake_server import FakeServer, vcard
from tests.core.sync.syncing import add, add_phone_account, edit, live_names, sync

PEOPLE = [("Ana", "Ruiz"), ("Ben", "Okafor"), ("Cai", "Lin"), ("Dan", "Wu")]
# Each side edits its own field, so no history ends in a conflict waiting for the user.
FIELD = {"a": "title", "b": "department"}

actors = st.sampled_from(["a", "b", "phone"])
steps = st.one_of(
    st.tuples(st.just("add"), actors, st.integers(0, 3)),
    st.tuples(st.just("edit"), actors, st.integers(0, 3), st.sampled_from(["X", "Y", "Z"])),
    st.tuples(st.just("delete"), actors, st.integers(0, 3)),
    st.tuples(st.just("sync"), st.sampled_from(["a", "b"]), st.none() | st.integers(1, 8)),
)


@contextmanager
def _laptops(tmp_path_factory, template):
    root = tmp_path_factory.mktemp("laptops")
    opened = []
    try:
        for name in ("a", "b"):
            paths = AppPaths.for_dir(root / name)
            shutil.copytree(template[0].data_dir, paths.data_dir)
            secrets = MemorySecretStore()
            for key, value in template[1].items():
                secrets.set(key, value)
            opened.append(open_store(paths, secrets))
        yield opened
    finally:
        for store in opened:
            store.close()


def _ids(store, name: str) -> list[int]:
    with store.reading() as session:
        return [
            r[0]
            for r in session.connection().exec_driver_sql(
                "SELECT id FROM contact WHERE display_name = ? AND deleted_at IS NULL ORDER BY id",
                (name,),
            )
        ]


def _server_names(server) -> list[str]:
    return sorted(
        line[3:]
        for h in server.cards
        for line in server.text(h).split("\r\n")
        if line.startswith("FN:")
    )


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=st.lists(steps, max_size=20))
def test_any_history_converges(tmp_path_factory, _template_store, history):
    clock = FakeClock(datetime(2026, 3, 14, 9, 30, tzinfo=UTC))
    server = FakeServer()
    with _laptops(tmp_path_factory, _template_store) as (a, b):
        stores = {"a": a, "b": b}
        for store in (a, b):
            add_phone_account(store, clock)
        for step in history:
            clock.advance(minutes=1)
            _do(step, stores, server, clock)
        for name in ("a", "b", "a", "b"):
            sync(stores[name], server, clock, allow_mass_delete=True)  # said yes
        assert live_names(a) == live_names(b) == _server_names(server)
        assert _fields(a) == _fields(b)


def _fields(store) -> list[tuple]:
    with store.reading() as session:
        return sorted(
            tuple(r)
            for r in session.connection().exec_driver_sql(
                "SELECT display_name, title, department, nickname FROM contact "
                "WHERE deleted_at IS NULL"
            )
        )


def _do(step, stores, server, clock) -> None:
    kind, who = step[0], step[1]
    given_name, family = PEOPLE[step[2]] if kind != "sync" else ("", "")
    name = f"{given_name} {family}"
    if kind == "sync":
        server.fail_at = None if step[2] is None else server.requests + step[2]
        with suppress(SyncError):
            sync(stores[who], server, clock, allow_mass_delete=True)
        server.fail_at = None
    elif who == "phone":
        hrefs = [h for h in sorted(server.cards) if f"FN:{name}\r\n" in server.text(h) + "\r\n"]
        if kind == "add":
            server.phone_put(
                f"p{len(server.log)}.vcf", vcard(f"N:{family};{given_name};;;\nFN:{name}")
            )
        elif hrefs and kind == "edit":
            server.phone_edit(
                hrefs[0],
                lambda t: "\r\n".join(
                    ln for ln in t.split("\r\n") if not ln.startswith("NICKNAME")
                ).replace("END:VCARD", f"NICKNAME:{step[3]}\r\nEND:VCARD"),
            )
        elif hrefs and kind == "delete":
            server.phone_delete(hrefs[0])
    else:
        store = stores[who]
        ids = _ids(store, name)
        if kind == "add":
            add(store, clock, given_name, family)
        elif ids and kind == "edit":
            edit(store, clock, ids[0], **{FIELD[who]: step[3]})
        elif ids and kind == "delete":
            with store.transaction() as session:
                trash_contacts(session, ids=[ids[0]], clock=clock)
