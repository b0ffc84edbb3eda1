"""The travel pack: one HTML file that opens with the passphrase and shows the briefs.

Opened two ways, both on the real file: the payload decrypted in Python, and the
page's own script run under node (WebCrypto, as a phone's browser runs it).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from prm.core import contacts, gifts, touches
from prm.core.drafts import AddressDraft, ContactDraft, LabeledValue
from prm.core.errors import KnownError
from prm.core.touches import TouchDraft
from prm.core.travel import pack
from prm.core.travel.pack import PassphraseError, write_pack

PASS = "correct horse battery"
NODE_HARNESS = Path(__file__).with_name("pack_node.cjs")


@pytest.fixture
def people(store, clock):
    with store.transaction() as session:
        anna = contacts.create_contact(
            session,
            draft=ContactDraft(
                given_name="Anna",
                family_name="Schmidt",
                organization="Nordwind GmbH",
                timezone="Europe/Berlin",
                pref_coffee="Flat white, no sugar",
                notes="Daughter starts university <b>in Oct</b>",
                birthday="--03-16",
                phones=[LabeledValue("+49 30 1234567", "mobile", preferred=True)],
                emails=[LabeledValue("anna@nordwind.example", "work")],
                addresses=[AddressDraft(label="work", locality="Berlin", country="Germany")],
            ),
            clock=clock,
        ).id
        bob = contacts.create_contact(
            session,
            draft=ContactDraft(
                given_name="Bob",
                family_name="Lee",
                timezone="Asia/Tokyo",
                addresses=[AddressDraft(label="home", locality="Tokyo", country="Japan")],
            ),
            clock=clock,
        ).id
        touches.log_touch(
            session,
            draft=TouchDraft(
                contact_ids=[anna],
                channel="email",
                direction="in",
                summary="Asked for the Q1 proposal",
                needs_reply=True,
                occurred_at=clock.now() - timedelta(days=3),
            ),
            clock=clock,
        )
        touches.log_touch(
            session,
            draft=TouchDraft(
                contact_ids=[anna],
                channel="call",
                summary="Intro call",
                follow_up_on=date(2026, 3, 20),
                occurred_at=clock.now() - timedelta(days=10),
            ),
            clock=clock,
        )
        gifts.add_gift(
            session,
            draft=gifts.GiftDraft(
                contact_id=anna,
                description="Book: Thinking in Systems",
                status=gifts.GIVEN,
                on_date="2025-12-20",
            ),
            clock=clock,
        )
    return anna, bob


def make(store, clock, ids, out, passphrase=PASS, **kw):
    with store.reading() as session:
        return write_pack(
            session,
            contact_ids=ids,
            title=kw.get("title", "Berlin, March"),
            starts_on=kw.get("starts_on", date(2026, 3, 15)),
            ends_on=kw.get("ends_on", date(2026, 3, 17)),
            passphrase=passphrase,
            out=out,
            clock=clock,
        )


def envelope(path: Path) -> dict:
    html = path.read_text("utf-8")
    found = re.search(r'<script id="pack-data" type="application/json">(.*?)</script>', html)
    assert found
    return json.loads(found.group(1))


def test_pack_decrypts_to_the_briefs(store, clock, people, tmp_path):
    anna, bob = people
    out = tmp_path / "berlin.html"
    summary = make(store, clock, [anna, bob], out)
    assert summary.path == out and summary.people == 2
    assert summary.bytes == out.stat().st_size
    sealed = envelope(out)
    assert sealed["iterations"] == 600_000 and len(sealed["iv"]) == 16  # 12 bytes base64
    data = json.loads(pack.decrypt(sealed, PASS))
    assert data["title"] == "Berlin, March"
    by_name = {p["name"]: p for p in data["people"]}
    a = by_name["Anna Schmidt"]
    assert a["city"] == "Berlin" and a["timezone"] == "Europe/Berlin"
    assert a["phones"][0]["tel"] == "+49301234567"
    assert a["emails"][0]["value"] == "anna@nordwind.example"
    assert ["Coffee", "Flat white, no sugar"] in a["preferences"]
    assert [o["what"] for o in a["owed"]] == ["Asked for the Q1 proposal"]
    assert [p["what"] for p in a["promises"]] == ["Intro call"]
    assert [g["what"] for g in a["gifts"]] == ["Book: Thinking in Systems"]
    assert [t["summary"] for t in a["touches"]] == [  # the timeline's last three
        "Asked for the Q1 proposal",
        "Intro call",
        "Book: Thinking in Systems",
    ]
    # her birthday falls on the trip: listed first and marked
    assert a["events"][0] == {"on": "2026-03-16", "what": "Birthday", "during": True}
    assert by_name["Bob Lee"]["city"] == "Tokyo"


def test_nothing_readable_without_the_passphrase(store, clock, people, tmp_path):
    out = tmp_path / "pack.html"
    make(store, clock, list(people), out)
    html = out.read_text("utf-8")
    for secret in ("Anna", "Schmidt", "Nordwind", "Berlin", "Tokyo", "proposal", "anna@"):
        assert secret not in html
    # self-contained: no URL to fetch anything from
    assert "http://" not in html and "https://" not in html and "src=" not in html
    # made for a phone, in the light or the dark
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "@media (prefers-color-scheme: dark)" in html
    with pytest.raises(KnownError, match="does not open"):
        pack.decrypt(envelope(out), "wrong passphrase")


def test_the_page_decrypts_itself_under_node(store, clock, people, tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    out = tmp_path / "pack.html"
    make(store, clock, list(people), out, passphrase="Grüße aus Köln")  # non-ASCII survives

    def run(passphrase: str) -> dict:
        done = subprocess.run(
            [node, str(NODE_HARNESS)],
            input=json.dumps({"html": out.read_text("utf-8"), "passphrase": passphrase}),
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return json.loads(done.stdout)

    opened = run("Grüße aus Köln")
    assert "error" not in opened, opened
    names = sorted(p["name"] for p in opened["data"]["people"])
    assert names == ["Anna Schmidt", "Bob Lee"]
    assert opened["data"]["people"][0]["notes"] or opened["data"]["people"][1]["notes"]
    assert run("Grüsse aus Köln") == {
        "error": "That passphrase does not open this travel pack. Check it and try again."
    }


@pytest.mark.parametrize("passphrase", ["", "short", "1234567"])
def test_a_short_passphrase_is_refused_and_nothing_written(
    store, clock, people, tmp_path, passphrase
):
    out = tmp_path / "pack.html"
    with pytest.raises(PassphraseError, match="passphrase"):
        make(store, clock, list(people), out, passphrase=passphrase)
    assert not out.exists()


def test_unwritable_folder_names_the_path_and_leaves_no_file(store, clock, people, tmp_path):
    out = tmp_path / "no such folder" / "pack.html"
    with pytest.raises(KnownError, match="no such folder/pack.html"):
        make(store, clock, list(people), out)
    assert list(tmp_path.iterdir()) == [tmp_path / "data"]


def test_full_disk_leaves_no_half_file(store, clock, people, tmp_path, mount_small_disk):
    disk = mount_small_disk("16k")
    (disk / "filler").write_bytes(b"x" * 12_000)
    out = disk / "pack.html"
    with pytest.raises(KnownError, match=r"pack\.html: the disk is full"):
        make(store, clock, list(people), out)
    assert sorted(p.name for p in disk.iterdir()) == ["filler"]


def test_an_existing_pack_is_replaced_whole(store, clock, people, tmp_path):
    out = tmp_path / "pack.html"
    make(store, clock, [people[0]], out)
    summary = make(store, clock, list(people), out)
    assert summary.people == 2
    assert len(json.loads(pack.decrypt(envelope(out), PASS))["people"]) == 2


def test_trashed_and_unknown_people_are_left_out(store, clock, people, tmp_path):
    anna, bob = people
    with store.transaction() as session:
        contacts.trash_contacts(session, ids=[bob], clock=clock)
    summary = make(store, clock, [anna, bob, 99999], tmp_path / "p.html")
    assert summary.people == 1
    with pytest.raises(KnownError, match="would be empty"):
        make(store, clock, [bob], tmp_path / "empty.html")
    assert not (tmp_path / "empty.html").exists()
