"""``prm export-all`` / ``prm import-all`` as a user runs them, bad files included."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from prm.cli.main import main
from prm.core.secrets import MemorySecretStore


@pytest.fixture
def exported(prm, tmp_path) -> Path:
    prm(
        "contacts",
        "add",
        "--given",
        "Ann",
        "--family",
        "Lee",
        "--email",
        "ann@example.com",
        "--tag",
        "client",
    )
    prm("touch", "log", "--contact", "Ann Lee", "--channel", "call", "--summary", "kick-off")
    out = tmp_path / "all.json"
    code, _, err = prm("export-all", str(out))
    assert code == 0, err
    return out


@pytest.fixture
def other(tmp_path, capsys):
    """The CLI against a second, empty data folder."""
    secrets = MemorySecretStore()

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(tmp_path / "other"), *argv], secrets=secrets)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_round_trip_through_the_cli(prm, exported, other):
    code, text, _ = prm("export-all", str(exported), "--json")
    summary = json.loads(text)
    assert code == 0 and summary["counts"]["contact"] == 1 and summary["counts"]["touch"] == 1

    code, text, err = other("import-all", str(exported))
    assert code == 0, err
    assert text.startswith(f"Imported {summary['total']} rows from {exported}:")
    assert "  contact " in text and "touch_participant" in text
    code, text, _ = other("contacts", "list", "--search", "ann lee", "--json")
    [ann] = json.loads(text)
    assert ann["display_name"] == "Ann Lee"
    code, text, _ = other("export-all", str(exported.with_name("again.json")), "--json")
    assert json.loads(text)["counts"] == summary["counts"]


def test_import_into_a_store_with_contacts_is_refused(prm, exported):
    code, out, err = prm("import-all", str(exported))
    assert code == 2 and out == ""
    assert "only fills an empty store" in err and "1 contact row" in err and "--data-dir" in err


def bad(other, path: Path) -> str:
    other("info")  # the store exists (its creation prints the recovery key once)
    code, out, err = other("import-all", str(path))
    assert code == 2 and out == "" and "Traceback" not in err, err
    assert err.count("\n") <= 2  # one message and its hint
    return err


def test_not_json_names_the_file_line_and_column(other, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "prm-export",\n "format_version": 1,\n  oops}\n')
    err = bad(other, path)
    assert f"{path} is not a valid PRM export" in err and "(line 3, column 3)" in err


def test_a_truncated_export_is_refused_and_nothing_is_written(exported, other, tmp_path):
    cut = tmp_path / "cut.json"
    data = exported.read_bytes()
    cut.write_bytes(data[: len(data) * 2 // 3])
    assert "truncated" in bad(other, cut)
    code, text, _ = other("contacts", "list", "--json")
    assert code == 0 and json.loads(text) == []


def test_wrong_types_name_table_row_and_column(exported, other, tmp_path):
    data = json.loads(exported.read_text())
    data["tables"]["contact"][0]["birthday_year"] = "nineteen eighty"
    path = tmp_path / "typed.json"
    path.write_text(json.dumps(data, indent=1))
    err = bad(other, path)
    assert "table contact, row 1 column birthday_year must be an integer" in err


def test_unknown_tables_and_columns_are_named(exported, other, tmp_path):
    data = json.loads(exported.read_text())
    data["tables"]["contact"][0]["shoe_size"] = 44
    path = tmp_path / "column.json"
    path.write_text(json.dumps(data))
    assert "table contact, row 1 has unknown columns: shoe_size" in bad(other, path)

    data = json.loads(exported.read_text())
    data["counts"]["horoscope"] = 0
    data["tables"]["horoscope"] = []
    path.write_text(json.dumps(data))
    assert "tables this PRM does not know: horoscope" in bad(other, path)


def test_newer_exports_are_refused(exported, other, tmp_path):
    data = json.loads(exported.read_text())
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(dict(data, schema_revision="9999_from_the_future")))
    assert "written by a newer PRM (schema 9999_from_the_future)" in bad(other, path)
    path.write_text(json.dumps(dict(data, format_version=2)))
    assert "export format 2" in bad(other, path)
    path.write_text(json.dumps(dict(data, format="something-else")))
    assert "is not a PRM export" in bad(other, path)


def test_an_older_export_gets_defaults_for_missing_columns(exported, other, tmp_path):
    data = json.loads(exported.read_text())
    data["schema_revision"] = "0004_gifts_events_articles"  # before vCard properties
    del data["counts"]["contact_vcard_property"], data["tables"]["contact_vcard_property"]
    for row in data["tables"]["contact"]:
        del row["snooze_reason"], row["pref_culture"]
    touches = data["tables"]["touch"]
    touches.append(dict(touches[0], id=touches[0]["id"] + 1, summary="follow-up"))
    data["counts"]["touch"] = 2
    for row in touches:
        del row["uid"]  # a column with a generated default: each row gets its own
    path = tmp_path / "older.json"
    path.write_text(json.dumps(data))
    code, _, err = other("import-all", str(path))
    assert code == 0, err
    code, text, _ = other("contacts", "show", "Ann Lee", "--json")
    assert code == 0 and json.loads(text)["display_name"] == "Ann Lee"
    code, text, _ = other("touch", "list", "--contact", "Ann Lee", "--json")
    assert code == 0 and [t["summary"] for t in json.loads(text)] == ["kick-off"]
    code, text, _ = other("export-all", str(tmp_path / "again.json"), "--json")
    assert json.loads(text)["counts"]["touch"] == 2  # two new, different uids


def test_special_files_and_folders_are_refused(other, tmp_path):
    assert "it is a folder" in bad(other, tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert f"Could not read {fifo}: it is not a regular file" in bad(other, fifo)
    if Path("/dev/zero").exists():
        assert "Could not read /dev/zero: it is not a regular file" in bad(other, Path("/dev/zero"))
    assert "No such file" in bad(other, tmp_path / "missing.json")


def test_binary_and_empty_files_are_refused(other, tmp_path):
    zeros = tmp_path / "zeros.json"
    zeros.write_bytes(b"\0" * 100_000)
    assert "expected '{'" in bad(other, zeros)
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"format": "caf\xe9"}')
    assert "not UTF-8 text" in bad(other, latin)
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    assert "found the end of the file" in bad(other, empty)
