"""The CLI as a script author uses it: commands, JSON, exit codes, clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from prm.cli.main import main
from prm.core.migrate import HEAD_REVISION
from prm.core.secrets import MemorySecretStore


def listed(prm, *extra) -> list[dict]:
    code, out, _ = prm("contacts", "list", "--json", *extra)
    assert code == 0
    return json.loads(out)


def test_add_then_list_json_has_every_field(prm):
    code, out, _ = prm(
        "contacts",
        "add",
        "--given",
        "Jane",
        "--family",
        "Doe",
        "--org",
        "Acme",
        "--email",
        "work:jane@acme.example",
        "--email",
        "jane@home.example",
        "--phone",
        "mobile:+1 212 555 0199",
        "--url",
        "linkedin:https://linkedin.com/in/jd",
        "--address",
        "work:1 Main St;Springfield;IL;62701;USA",
        "--tag",
        "Client",
        "--interest",
        "AI",
        "--birthday",
        "02-29",
        "--channel",
        "text",
        "--coffee",
        "oat latte",
        "--notes",
        "met at the expo",
    )
    assert code == 0 and "Added #1 Jane Doe" in out
    [jane] = listed(prm)
    assert jane["display_name"] == "Jane Doe"
    assert jane["emails"] == [
        {"value": "jane@acme.example", "label": "work", "preferred": False},
        {"value": "jane@home.example", "label": "", "preferred": False},
    ]
    assert jane["phones"][0] == {"value": "+1 212 555 0199", "label": "mobile", "preferred": False}
    assert jane["urls"][0]["value"] == "https://linkedin.com/in/jd"
    assert jane["addresses"][0]["locality"] == "Springfield"
    assert jane["tags"] == ["Client"] and jane["interests"] == ["AI"]
    assert jane["birthday"] == "--02-29" and jane["preferred_channel"] == "text"
    assert jane["pref_coffee"] == "oat latte" and jane["notes"] == "met at the expo"


def test_empty_list_is_an_empty_json_array(prm):
    assert listed(prm) == []


def test_edit_changes_only_what_is_given(prm):
    prm("contacts", "add", "--given", "Jane", "--email", "j@a.example", "--tag", "Client")
    code, _, _ = prm(
        "contacts",
        "edit",
        "Jane",
        "--title",
        "CFO",
        "--add-email",
        "j@b.example",
        "--remove-tag",
        "client",
        "--add-tag",
        "VIP",
    )
    assert code == 0
    [jane] = listed(prm)
    assert jane["title"] == "CFO"
    assert [e["value"] for e in jane["emails"]] == ["j@a.example", "j@b.example"]
    assert jane["tags"] == ["VIP"]


def test_invalid_input_names_the_field_and_exits_2(prm):
    code, _, err = prm(
        "contacts", "add", "--given", "X", "--email", "nope@", "--birthday", "2023-02-31"
    )
    assert code == 2
    assert "email 1" in err and "birthday" in err and "not a real date" in err
    assert listed(prm) == []


def test_delete_restore_purge(prm):
    prm("contacts", "add", "--given", "Ann")
    prm("contacts", "add", "--given", "Bob")
    code, out, _ = prm("contacts", "delete", "Bob")
    assert code == 0 and "moved to trash: #2 Bob" in out
    assert [c["display_name"] for c in listed(prm)] == ["Ann"]
    assert [c["display_name"] for c in listed(prm, "--trash")] == ["Bob"]
    prm("contacts", "restore", "#2")
    assert [c["display_name"] for c in listed(prm)] == ["Ann", "Bob"]
    prm("contacts", "delete", "2")
    code, out, _ = prm("contacts", "purge", "Bob", "Ann")
    assert "deleted for good: #2 Bob" in out and "unchanged: #1 Ann" in out
    assert listed(prm, "--trash") == []


def test_show_names_relations_and_unknown_contacts_fail_cleanly(prm):
    prm("contacts", "add", "--given", "Bea", "--family", "Boss")
    prm(
        "contacts",
        "add",
        "--given",
        "Ann",
        "--referred-by",
        "Bea Boss",
        "--relation",
        "reports_to:#1",
    )
    code, out, _ = prm("contacts", "show", "Ann")
    assert code == 0 and "Reports to: #1 Bea Boss" in out and "Referred by: #1 Bea Boss" in out
    code, _, err = prm("contacts", "show", "Nobody")
    assert code == 2 and "No contact matches" in err


def test_search_filters_like_the_app(prm):
    prm("contacts", "add", "--given", "José", "--family", "Pérez")
    prm("contacts", "add", "--given", "Maria")
    assert [c["given_name"] for c in listed(prm, "--search", "jose")] == ["José"]


def test_info_reports_store_state(prm, tmp_path):
    prm("contacts", "add", "--given", "Ann")
    code, out, _ = prm("info", "--json")
    info = json.loads(out)
    assert code == 0
    assert info["data_dir"] == str(tmp_path / "data")
    assert info["database"].endswith("prm.sqlite3")
    assert info["schema_revision"] == HEAD_REVISION
    assert info["encrypted"] is True
    assert info["contacts"] == 1


def test_demo_fills_the_store_repeatably(prm):
    code, out, _ = prm("demo", "--contacts", "50", "--touches", "400", "--seed", "3")
    assert code == 0 and "50 sample contacts and 400 touches" in out
    people = listed(prm)
    assert len(people) == 50 and all(p["emails"] for p in people)


def test_unwritable_data_dir_is_a_clear_error(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code = main(["--data-dir", str(blocker / "data"), "info"], secrets=MemorySecretStore())
    assert code == 2
    assert "cannot write to its data folder" in capsys.readouterr().err


def test_real_entry_point_runs_without_qt(tmp_path):
    """About 4 s: three real `prm` processes (a new encrypted store is made in the first)."""
    env_dir = str(tmp_path / "d")
    # No keyring here (the test environment's is the failing backend): a passphrase for scripts.
    env = {**os.environ, "PRM_PASSPHRASE": "correct horse battery"}
    out = subprocess.run(
        [sys.executable, "-m", "prm", "--data-dir", env_dir, "info", "--json"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    info = json.loads(out.stdout)
    assert info["data_dir"] == env_dir and info["encrypted"] is True
    assert "RECOVERY KEY" in out.stderr  # shown once, at creation
    again = subprocess.run(
        [sys.executable, "-m", "prm", "--data-dir", env_dir, "info", "--json"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert again.returncode == 0 and "RECOVERY KEY" not in again.stderr
    version = subprocess.run(
        [sys.executable, "-m", "prm", "--version"], capture_output=True, text=True
    )
    assert version.returncode == 0 and "PRM 0." in version.stdout


def test_touch_log_reach_out_and_review(prm):
    prm("contacts", "add", "--given", "Ann", "--tier", "Inner circle", "--channel", "text")
    prm("contacts", "add", "--given", "Bob", "--tier", "Clients")
    code, out, _ = prm(
        "touch",
        "log",
        "--contact",
        "Ann",
        "--channel",
        "call",
        "--at",
        "2020-01-01T10:00",
        "--summary",
        "Old call",
    )
    assert code == 0 and "Logged call" in out
    prm(
        "touch",
        "log",
        "--contact",
        "Bob",
        "--channel",
        "email",
        "--direction",
        "in",
        "--needs-reply",
        "--summary",
        "Question",
    )
    code, out, _ = prm("reach-out", "--json")
    rows = json.loads(out)
    assert [r["name"] for r in rows] == ["Ann", "Bob"]
    assert set(rows[0]) >= {
        "contact_id",
        "name",
        "last_touch_at",
        "target_days",
        "max_days",
        "days_since",
        "status",
        "drifting",
        "preferred_channel",
    }
    assert rows[0]["status"] == "overdue" and rows[0]["preferred_channel"] == "text"
    review = json.loads(prm("review", "--json")[1])
    assert [r["name"] for r in review["replies_owed"]] == ["Bob"]
    assert [r["name"] for r in review["overdue"]] == ["Ann"]
    assert review["overdue_total"] == 1
    text = prm("review")[1]
    assert "1 overdue, 1 reply owed, 0 follow-ups due" in text
    prm("touch", "log", "--contact", "Bob", "--channel", "email", "--summary", "Answer")
    assert json.loads(prm("review", "--json")[1])["replies_owed"] == []
    timeline = json.loads(prm("touch", "list", "--contact", "Bob", "--json")[1])
    assert [t["summary"] for t in timeline] == ["Answer", "Question"]


def test_future_touch_needs_yes(prm):
    prm("contacts", "add", "--given", "Ann")
    code, _, err = prm(
        "touch", "log", "--contact", "Ann", "--channel", "call", "--at", "2099-01-01T10:00"
    )
    assert code == 2 and "--yes" in err
    code, _, _ = prm(
        "touch", "log", "--contact", "Ann", "--channel", "call", "--at", "2099-01-01T10:00", "--yes"
    )
    assert code == 0


def test_tiers_and_tag_tiers(prm):
    prm("contacts", "add", "--given", "Vic", "--tag", "VIP")
    assert prm("tags", "tier", "VIP", "Inner circle")[0] == 0
    tiers = json.loads(prm("tiers", "list", "--json")[1])
    inner = next(t for t in tiers if t["name"] == "Inner circle")
    assert inner["tags"] == ["VIP"] and inner["target_days"] == 14
    code, _, err = prm("tiers", "edit", "Clients", "--target", "50", "--max", "10")
    assert code == 2 and "maximum" in err
    code, _, err = prm("tags", "tier", "VIP", "Galaxy brain")
    assert code == 2 and "no cadence tier" in err
    rows = json.loads(prm("reach-out", "--json")[1])
    assert rows[0]["target_days"] == 14


def test_snooze_hides_until_the_date(prm):
    prm("contacts", "add", "--given", "Ann", "--tier", "Inner circle")
    assert prm("snooze", "Ann", "--until", "2099-01-01", "--reason", "sabbatical")[0] == 0
    assert json.loads(prm("reach-out", "--json")[1]) == []
    prm("snooze", "Ann")
    assert len(json.loads(prm("reach-out", "--json")[1])) == 1
