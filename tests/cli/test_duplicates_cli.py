"""``prm duplicates``, ``prm merge`` and ``prm not-duplicates``: what a user reads, exit codes."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def three_anns(prm):
    for argv in (
        ("--given", "Ann", "--family", "Lee", "--email", "ann@x.com", "--title", "CTO"),
        ("--given", "ANN", "--family", "LEE", "--email", "Ann@X.com", "--org", "Acme"),
        ("--given", "Lee", "--family", "Ann", "--phone", "+44 20 7946 0018"),
        ("--given", "Bob", "--family", "Stone"),
    ):
        assert prm("contacts", "add", *argv, "--allow-duplicate")[0] == 0
    assert prm("touch", "log", "--contact", "2", "--channel", "call")[0] == 0
    return prm


def test_duplicates_prints_clusters_with_ids_reasons_and_scores(three_anns):
    code, out, _ = three_anns("duplicates")
    assert code == 0
    assert out.splitlines()[0] == "1. #1 Ann Lee, #2 ANN LEE, #3 Lee Ann"
    assert "\t#1 ~ #2\t85\tsame email ann@x.com; same name" in out
    code, out, _ = three_anns("duplicates", "--json")
    [cluster] = json.loads(out)
    assert [c["id"] for c in cluster["contacts"]] == [1, 2, 3]
    assert cluster["pairs"][0] == {
        "ids": [1, 2],
        "score": 85,
        "reason": "same email ann@x.com; same name",
    }


def test_merge_shows_the_plan_takes_chosen_fields_and_keeps_touches(three_anns):
    code, out, _ = three_anns("merge", "1", "2", "--take", "given_name", "--yes")
    assert code == 0
    assert "Merge #2 ANN LEE into #1 Ann Lee:" in out
    assert "Moving to #1: 1 touches" in out
    assert "Merged #2 into #1" in out
    code, out, _ = three_anns("contacts", "show", "1", "--json")
    shown = json.loads(out)
    assert shown["given_name"] == "ANN" and shown["organization"] == "Acme"
    code, out, _ = three_anns("duplicates", "--json")
    assert [c["id"] for c in json.loads(out)[0]["contacts"]] == [1, 3]


def test_merge_without_a_terminal_asks_for_yes(three_anns, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, _out, err = three_anns("merge", "1", "2")
    assert code == 2 and "--yes" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("merge", "1", "99", "--yes"), "There is no contact #99."),
        (("merge", "1", "1", "--yes"), "the same contact twice"),
        (("merge", "1", "2", "--take", "title", "--yes"), "--take title"),
        (("not-duplicates", "1", "99"), "There is no contact #99."),
    ],
)
def test_bad_ids_are_a_message_and_exit_2(three_anns, argv, message):
    code, _out, err = three_anns(*argv)
    assert code == 2 and message in err and "Traceback" not in err


def test_not_duplicates_hides_the_pair_for_good(three_anns):
    code, out, _ = three_anns("not-duplicates", "2", "1")
    assert code == 0 and "#1 and #2 will not be suggested" in out
    code, out, _ = three_anns("duplicates", "--json")
    pairs = [p["ids"] for c in json.loads(out) for p in c["pairs"]]
    assert [1, 2] not in pairs and [1, 3] in pairs


def test_no_duplicates_says_so_on_stderr(prm):
    prm("contacts", "add", "--given", "Ann")
    code, out, err = prm("duplicates")
    assert code == 0 and out == "" and "No duplicates among 1 contacts." in err


@pytest.mark.parametrize(("answer", "code", "said"), [("y", 0, "Merged #2"), ("", 1, "Nothing")])
def test_merge_asks_on_a_terminal(three_anns, monkeypatch, answer, code, said):
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _prompt: answer)
    result, out, _err = three_anns("merge", "1", "2")
    assert result == code and said in out
