"""``prm articles``: file, suggest (JSON for scripts), share — and never the same one twice."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def library(prm):
    for given, interest in (("Ann", "AI"), ("Bob", "supply chain"), ("Cy", "jazz")):
        assert prm("contacts", "add", "--given", given, "--interest", interest)[0] == 0
    code, out, _ = prm(
        "articles",
        "add",
        "Supply chains after AI",
        "--url",
        "hbr.org/ai-supply",
        "--source",
        "HBR",
        "--date",
        "2026-03-01",
        "--topic",
        "ai",
        "--topic",
        "Supply Chain",
        "--json",
    )
    assert code == 0
    return json.loads(out)["id"]


def suggested(prm, ref="after AI"):
    code, out, _ = prm("articles", "suggest", ref, "--json")
    assert code == 0
    return json.loads(out)


def test_suggest_json_lists_the_people_whose_interests_match(prm, library):
    rows = suggested(prm, f"#{library}")
    assert [(r["name"], r["matched_topics"]) for r in rows] == [
        ("Ann", ["AI"]),
        ("Bob", ["supply chain"]),
    ]
    assert rows[0]["days_since"] == 0 and rows[0]["target_days"] is None


def test_share_logs_a_touch_then_warns_and_refuses_without_again(prm, library):
    code, out, _ = prm("articles", "share", "hbr.org/ai-supply", "--to", "Ann", "--channel", "text")
    assert code == 0 and "Shared “Supply chains after AI” with Ann" in out
    assert [r["name"] for r in suggested(prm)] == ["Bob"]
    code, out, _ = prm("touch", "list", "--contact", "Ann", "--json")
    [entry] = json.loads(out)
    assert (entry["kind"], entry["channel"]) == ("article", "text")

    code, _, err = prm("articles", "share", "after AI", "--to", "Ann", "--to", "Bob")
    assert code == 2 and "Ann already got “Supply chains after AI” on" in err and "--again" in err
    assert [r["name"] for r in suggested(prm)] == ["Bob"]  # nothing was shared
    code, _, _ = prm("articles", "share", "after AI", "--to", "Ann", "--to", "Bob", "--again")
    assert code == 0 and suggested(prm) == []
    code, out, _ = prm("articles", "list", "--json")
    assert json.loads(out)[0]["shared_with"] == 2


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--url", "not a url"), "prm: url: “not a url” is not a web address"),
        (
            ("--url", "example.com", "--date", "2026-02-31"),
            "prm: published on: 2026-02-31 is not a real date",
        ),
        (
            ("--url", "https://hbr.org/ai-supply/"),
            "prm: url: Already in the library as “Supply chains after AI”.",
        ),
    ],
)
def test_bad_input_exits_2_naming_the_field(prm, library, argv, message):
    code, out, err = prm("articles", "add", "Another", *argv)
    assert code == 2 and out == ""
    assert err.strip() == message


def test_an_unknown_article_is_a_clear_error(prm, library):
    code, _, err = prm("articles", "suggest", "origami")
    assert code == 2 and "No article matches “origami”" in err
