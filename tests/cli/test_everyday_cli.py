"""Issue 13's CLI flows: demo never mixes into the user's contacts, empty listings
say so on stderr (stdout stays parseable), bad numbers are usage errors."""

from __future__ import annotations

import json

import pytest

from prm.cli.main import main


def test_demo_refuses_a_store_with_the_users_contacts(prm):
    prm("contacts", "add", "--given", "Ann", "--family", "Mine")
    code, out, err = prm("demo", "--contacts", "5", "--touches", "0")
    assert code == 2 and out == ""
    assert "already has 1 contact" in err and "--force" in err
    code, out, _ = prm("contacts", "list", "--json")
    assert [c["given_name"] for c in json.loads(out)] == ["Ann"]  # nothing mixed in


def test_demo_refuses_when_only_the_trash_holds_contacts(prm):
    prm("contacts", "add", "--given", "Ann")
    prm("contacts", "delete", "Ann")
    code, _, err = prm("demo", "--contacts", "5", "--touches", "0")
    assert code == 2 and "--force" in err


def test_demo_with_force_mixes_in_anyway(prm):
    prm("contacts", "add", "--given", "Ann")
    code, out, err = prm("demo", "--contacts", "5", "--touches", "0", "--force")
    assert code == 0, err
    assert "Added 5 sample contacts" in out
    _, out, _ = prm("contacts", "list", "--json")
    assert len(json.loads(out)) == 6


def test_contacts_search_without_a_match_says_so_on_stderr(prm):
    prm("contacts", "add", "--given", "Ann")
    code, out, err = prm("contacts", "list", "--search", "zzzz")
    assert code == 0 and out == ""
    assert "No contact matches “zzzz”." in err
    code, out, err = prm("contacts", "list", "--search", "zzzz", "--json")
    assert code == 0 and json.loads(out) == [] and err == ""


def test_contacts_list_with_matches_prints_no_message(prm):
    prm("contacts", "add", "--given", "Ann")
    code, out, err = prm("contacts", "list", "--search", "ann")
    assert code == 0 and "Ann" in out and err == ""


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("contacts", "list", "--trash", "--search", "x"), "No contact in the trash matches “x”."),
        (("touch", "list", "--contact", "Ann"), "No touches with Ann yet."),
        (("gifts", "list", "--contact", "Ann"), "No gifts for Ann yet."),
        (("events", "upcoming", "--days", "3"), "Nothing in the next 3 days."),
        (("reach-out", "--tag", "nope"), "Nobody to reach out to among contacts with tag “nope”."),
        (("articles", "list", "--search", "zzzz"), "No article matches “zzzz”."),
        (("meetings", "list", "--contact", "Ann"), "No meetings with Ann yet."),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else "",
)
def test_empty_filtered_listings_say_so_on_stderr_only(prm, argv, message):
    prm("contacts", "add", "--given", "Ann")
    code, out, err = prm(*argv)
    assert code == 0, err
    assert out == ""
    assert message in err
    code, out, _ = prm(*argv, "--json")
    assert code == 0 and json.loads(out) == []


def test_reach_out_negative_limit_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--data-dir", str(tmp_path / "d"), "reach-out", "--limit", "-1"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "argument --limit: “-1” is not a whole number from 1 to" in err
    assert "Traceback" not in err


def test_contacts_add_refuses_a_birthday_in_the_future(prm):
    code, out, err = prm("contacts", "add", "--given", "Ann", "--birthday", "2031-05-04")
    assert code == 2 and out == ""
    assert "prm: birthday: 4 May 2031 is in the future" in err
    _, out, _ = prm("contacts", "list", "--json")
    assert json.loads(out) == []


def test_contacts_edit_refuses_a_birthday_in_the_future_and_keeps_the_old_one(prm):
    prm("contacts", "add", "--given", "Ann", "--birthday=--05-04")
    code, _, err = prm("contacts", "edit", "Ann", "--birthday", "2031-05-04")
    assert code == 2 and "in the future" in err
    _, out, _ = prm("contacts", "show", "Ann", "--json")
    assert json.loads(out)["birthday"] == "--05-04"


def test_contacts_add_names_the_existing_contact_and_offers_allow_duplicate(prm):
    prm("contacts", "add", "--given", "Ann", "--family", "Lee", "--email", "ann@example.com")
    code, out, err = prm(
        "contacts", "add", "--given", "Ann", "--family", "Lee", "--email", "ann@example.com"
    )
    assert code == 2 and out == ""
    assert "prm: #1 Ann Lee already has this name and email." in err
    assert "--allow-duplicate" in err and "prm contacts show #1" in err
    code, out, err = prm(
        "contacts",
        "add",
        "--given",
        "Ann",
        "--family",
        "Lee",
        "--email",
        "ann@example.com",
        "--allow-duplicate",
    )
    assert code == 0 and out.startswith("Added #2 Ann Lee"), err
