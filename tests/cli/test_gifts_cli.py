"""``prm gifts``: JSON for scripts, exit code 2 naming the bad field, the "already given" warning."""

from __future__ import annotations

import json

import pytest

from prm.cli.main import main
from prm.core.secrets import MemorySecretStore


@pytest.fixture
def prm(tmp_path, capsys):
    secrets = MemorySecretStore()
    data_dir = str(tmp_path / "data")

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--data-dir", data_dir, *argv], secrets=secrets)
        out, err = capsys.readouterr()
        return code, out, err

    assert run("contacts", "add", "--given", "Ann")[0] == 0
    assert run("contacts", "add", "--given", "Bob")[0] == 0
    return run


def test_add_then_list_as_json(prm):
    code, out, _ = prm(
        "gifts",
        "add",
        "Ann",
        "Coffee beans",
        "--occasion",
        "birthday",
        "--date",
        "2026-04-02",
        "--price",
        "12,5",
        "--currency",
        "eur",
        "--url",
        "roastery.example/beans",
        "--json",
    )
    assert code == 0 and json.loads(out)["id"] == 1
    prm("gifts", "add", "Bob", "Tea")
    code, out, _ = prm("gifts", "list", "--contact", "Ann", "--json")
    [gift] = json.loads(out)
    assert code == 0
    assert {
        k: gift[k]
        for k in ("contact_name", "status", "description", "on_date", "price", "currency", "url")
    } == {
        "contact_name": "Ann",
        "status": "idea",
        "description": "Coffee beans",
        "on_date": "2026-04-02",
        "price": "12.50",
        "currency": "EUR",
        "url": "https://roastery.example/beans",
    }
    assert len(json.loads(prm("gifts", "list", "--json")[1])) == 2


def test_bad_price_exits_2_naming_the_field_and_adds_nothing(prm):
    code, _, err = prm("gifts", "add", "Ann", "Wine", "--price", "abc")
    assert code == 2
    assert "price: “abc” is not a price" in err
    assert json.loads(prm("gifts", "list", "--json")[1]) == []


def test_impossible_date_exits_2(prm):
    code, _, err = prm("gifts", "add", "Ann", "Wine", "--date", "2026-02-31")
    assert code == 2 and "date: 2026-02-31 is not a real date" in err


def test_giving_the_same_thing_again_warns_but_succeeds(prm):
    prm("gifts", "add", "Ann", "Coffee beans", "--status", "given", "--date", "2025-03-03")
    code, out, err = prm("gifts", "add", "Ann", "coffee  beans", "--status", "given")
    assert code == 0 and "Added gift #2" in out
    assert "already gave Ann “Coffee beans” on 3 March 2025" in err
    _, _, err = prm("gifts", "add", "Ann", "Coffee beans")  # an idea: no warning
    assert err == ""


def test_given_marks_the_gift_and_logs_a_touch(prm):
    prm("gifts", "add", "Ann", "Scarf")
    code, out, _ = prm("gifts", "given", "1", "--date", "2026-01-10", "--json")
    gift = json.loads(out)
    assert code == 0 and gift["status"] == "given" and gift["on_date"] == "2026-01-10"
    [entry] = json.loads(prm("touch", "list", "--contact", "Ann", "--json")[1])
    assert (entry["kind"], entry["touch_id"]) == ("gift", gift["touch_id"])


def test_given_for_a_missing_gift_exits_2(prm):
    code, _, err = prm("gifts", "given", "99")
    assert code == 2 and "no gift #99" in err
