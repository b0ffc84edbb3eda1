"""``prm referrals|intro|advocacy|engagements|value``: JSON for scripts, exit code 2
naming the bad value, the balance and load warning before an ask."""

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

    for name in ("Erik", "Anna", "Carl"):
        assert run("contacts", "add", "--given", name)[0] == 0
    return run


def test_a_referral_added_is_listed_as_json(prm):
    code, out, _ = prm(
        "referrals", "add", "Erik", "Anna", "--for", "audit", "--outcome", "won",
        "--value", "12000", "--currency", "eur",
    )  # fmt: skip
    assert code == 0 and "Erik referred Anna" in out
    code, out, _ = prm("referrals", "list", "--json")
    [row] = json.loads(out)
    assert {k: row[k] for k in ("referrer_name", "referred_name", "for_what", "outcome")} == {
        "referrer_name": "Erik",
        "referred_name": "Anna",
        "for_what": "audit",
        "outcome": "won",
    }
    assert (row["value"], row["currency"]) == ("12000.00", "EUR")
    code, out, _ = prm("review", "--json")
    assert [t["text"] for t in json.loads(out)["thank_yous_owed"]] == ["thank Erik — Anna signed"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("referrals", "add", "Erik", "Nobody"), "Nobody"),
        (("referrals", "add", "Erik", "Anna", "--date", "last week"), "“last week” is not a date"),
        (("engagements", "add", "Anna", "Audit", "--fees", "-5", "--currency", "EUR"), "negative"),
        (("intro", "Anna", "Anna"), "two different people"),
        (("value", "weights", "--set", "charm=2"), "“charm” is not a dimension"),
        (("value", "weights", "--set", "revenue=lots"), "“revenue=lots” is not dimension=weight"),
    ],
)
def test_bad_input_exits_2_naming_the_value(prm, argv, message):
    code, out, err = prm(*argv)
    assert code == 2 and message in err and out == ""


def test_an_ask_shows_the_balance_and_warns_when_asked_too_often(prm):
    prm("intro", "Erik", "Carl")
    for kind in ("testimonial", "reference_call", "case_study"):
        assert prm("advocacy", "add", "Erik", kind)[0] == 0
    code, _, err = prm("advocacy", "add", "Erik", "favour", "--date", "2026-01-02")
    assert code == 0
    assert "last gave: an introduction" in err
    assert "asked 3 times in the last 12 months" in err


def test_value_lists_each_row_with_its_breakdown(prm):
    prm("engagements", "add", "Anna", "Audit", "--fees", "15000", "--currency", "EUR")
    prm("advocacy", "add", "Erik", "testimonial")
    code, out, _ = prm("value", "--json", "--limit", "1")
    [top] = json.loads(out)
    assert code == 0 and top["name"] == "Anna"
    assert top["total"] == pytest.approx(sum(d["score"] for d in top["breakdown"]))
    assert [d["name"] for d in top["breakdown"]] == [
        "revenue", "referrals", "advocacy", "introductions", "reach", "recency",
    ]  # fmt: skip
    assert prm("value", "weights", "--set", "revenue=0", "advocacy=3")[0] == 0
    _, out, _ = prm("value", "--json")
    assert [row["name"] for row in json.loads(out)] == ["Erik", "Anna"]
    _, out, _ = prm("value", "weights", "--json")
    assert json.loads(out)["advocacy"] == 3


def test_value_replies_says_how_fast_you_answer_everyone_and_the_slowest(prm):
    code, out, err = prm("value", "replies")
    assert code == 0 and "No messages marked as needing a reply" in out + err
    for day, who, direction in (("2026-03-02T09:00", "Erik", "in"), ("2026-03-02T11:00", "Erik", "out"),
                                ("2026-03-03T09:00", "Anna", "in"), ("2026-03-06T09:00", "Anna", "out")):  # fmt: skip
        extra = ["--needs-reply"] if direction == "in" else []
        code, _, err = prm(
            "touch",
            "log",
            "--contact",
            who,
            "--channel",
            "email",
            "--direction",
            direction,
            "--at",
            day,
            *extra,
        )
        assert code == 0, err
    code, out, _ = prm("value", "replies", "--json")
    got = json.loads(out)
    assert got["overall"]["replied"] == 2 and got["overall"]["worst_seconds"] == 3 * 86400
    assert [p["name"] for p in got["slowest"]] == ["Anna", "Erik"]
    code, out, _ = prm("value", "replies")
    assert out.splitlines()[0] == "Everyone: median 2 days, worst 3 days (2 answered)"
