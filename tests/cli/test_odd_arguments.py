"""Odd arguments found by throwing nasty values at every command: each one is a clear
message and exit 2 (or just works), never a traceback."""

from __future__ import annotations

import json

import pytest

from prm.cli.main import main
from prm.core.secrets import MemorySecretStore

NOT_UTF8 = b"Jos\xe9".decode("utf-8", "surrogateescape")  # Latin-1 typed into a UTF-8 terminal


@pytest.fixture
def cli(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    secrets = MemorySecretStore()
    data_dir = str(tmp_path / "data")

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(["--data-dir", data_dir, *argv], secrets=secrets)
        except SystemExit as exc:
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    assert run("contacts", "add", "--given", "Ann")[0] == 0
    assert run("articles", "add", "Useful", "--url", "https://example.com/u")[0] == 0
    return run


TEXT_ARGUMENTS = {
    "contacts add --given": (("contacts", "add", "--given", "{}"), "--given"),
    "contacts add --tag": (("contacts", "add", "--given", "Bo", "--tag", "{}"), "--tag"),
    "contacts add --notes": (("contacts", "add", "--given", "Bo", "--notes", "{}"), "--notes"),
    "contacts show": (("contacts", "show", "{}"), "contact"),
    "touch log --summary": (
        ("touch", "log", "--contact", "Ann", "--channel", "call", "--summary", "{}"),
        "--summary",
    ),
    "gifts add": (("gifts", "add", "Ann", "{}"), "DESCRIPTION"),
    "articles list --search": (("articles", "list", "--search", "{}"), "--search"),
    "tags tier": (("tags", "tier", "{}", "none"), "tag"),
    "touch log --contact": (("touch", "log", "--contact", "{}", "--channel", "call"), "--contact"),
    "export --tag": (("export", "out.vcf", "--tag", "{}"), "--tag"),
}


@pytest.mark.parametrize(("argv", "option"), TEXT_ARGUMENTS.values(), ids=TEXT_ARGUMENTS.keys())
def test_text_that_is_not_utf8_names_the_option(cli, argv, option):
    code, out, err = cli(*(a.format(NOT_UTF8) for a in argv))
    assert code == 2 and out == ""
    assert f"prm: {option}: the text is not valid UTF-8." in err and "Traceback" not in err


def test_a_file_name_that_is_not_utf8_is_fine(cli, tmp_path):
    code, out, err = cli("export", f"{NOT_UTF8}.vcf")
    assert code == 0, err
    assert (tmp_path / f"{NOT_UTF8}.vcf").exists()
    assert "Jos\\udce9.vcf" in out  # escaped as stderr escapes it, not a UnicodeEncodeError


@pytest.mark.parametrize("out", ["", " ", "x" * 5000])
@pytest.mark.parametrize("command", ["export", "events ics"])
def test_an_output_name_the_system_cannot_take_is_a_usage_error(cli, command, out):
    code, _, err = cli(*command.split(), out)
    assert code == 2 and "Traceback" not in err and "argument OUT" in err and len(err) < 2000


def test_calendar_to_a_folder_says_so(cli, tmp_path):
    for folder in (".", str(tmp_path)):
        code, _, err = cli("events", "ics", folder)
        assert code == 2 and "is a folder" in err


@pytest.mark.parametrize("search", ["x" * 100_000, " ".join(f"w{i}" for i in range(3000))])
def test_an_enormous_article_search_is_a_clear_error(cli, search):
    code, out, err = cli("articles", "list", "--search", search)
    assert code == 2 and out == ""
    assert "A search takes up to 50 words" in err


def test_a_repeated_word_is_searched_once(cli):
    code, out, err = cli("articles", "list", "--search", " ".join(["useful"] * 3000), "--json")
    assert code == 0, err
    assert [a["title"] for a in json.loads(out)] == ["Useful"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ("--at", "0001-01-01T00:00"),
            "argument --at:",
        ),  # astimezone() overflowed: was a traceback
        (("--at", "9999-12-31T23:59+14:00", "--yes"), "occurred at: 9999 is not a plausible year"),
        (("--follow-up", "0001-01-01"), "follow up on: 1 is not a plausible year"),
    ],
)
def test_a_touch_in_an_impossible_year_is_refused(cli, extra, message):
    code, out, err = cli("touch", "log", "--contact", "Ann", "--channel", "call", *extra)
    assert code == 2 and out == "" and message in err
