"""``prm import people.csv``: contact CSVs from Google, Outlook, Apple and LinkedIn."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

SAMPLES = Path(__file__).parent.parent / "core" / "csv_contacts" / "samples"


def sample(tmp_path: Path, name: str, as_name: str | None = None) -> str:
    path = tmp_path / (as_name or name)
    shutil.copy(SAMPLES / name, path)
    return str(path)


def contacts(prm) -> dict[str, dict]:
    code, out, _ = prm("contacts", "list", "--json")
    assert code == 0
    return {c["display_name"]: c for c in json.loads(out)}


def test_linkedin_connections_import_with_how_we_met_and_a_first_touch(prm, tmp_path):
    code, out, _ = prm("import", sample(tmp_path, "linkedin.csv", "Connections.csv"))
    assert code == 0, out
    assert "3 rows: created 3, merged 0" in out
    people = contacts(prm)
    priya = people["Priya Raman"]
    assert priya["how_we_met"] == "Connected on LinkedIn"
    assert priya["organization"] == "Acme, Inc." and priya["title"] == "Head of Data"
    assert [u["label"] for u in priya["urls"]] == ["linkedin"]
    code, out, _ = prm("touch", "list", "--contact", str(priya["id"]), "--json")
    touches = json.loads(out)
    assert code == 0 and len(touches) == 1
    assert touches[0]["summary"] == "Connected on LinkedIn"
    assert touches[0]["at"].startswith("2021-03-1")  # noon on 12 March, any zone
    assert touches[0]["channel"] == "social"


def test_importing_a_csv_twice_changes_nothing(prm, tmp_path):
    path = sample(tmp_path, "google.csv")
    assert prm("import", path)[0] == 0
    code, out, _ = prm("import", "--json", path)
    report = json.loads(out)
    assert (report["created"], report["unchanged"], report["written"]) == (0, 3, False)


def test_dry_run_shows_the_mapping_and_writes_nothing(prm, tmp_path):
    code, out, _ = prm("import", "--dry-run", sample(tmp_path, "outlook.csv"))
    assert code == 0
    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert "Title -> Name prefix (e.g. “Mr.”)" in lines
    assert "Job Title -> Job title (e.g. “Account Manager”)" in lines
    assert "E-mail Type -> (ignore)" in lines
    assert "Business Fax -> Phone (fax) (e.g. “+1 425 555 0101”)" in lines
    assert "Dry run, nothing written. If imported: 2 rows: created 2," in out
    assert contacts(prm) == {}


def test_map_overrides_a_column(prm, tmp_path):
    path = sample(tmp_path, "apple.csv")
    code, _, _ = prm("import", "--map", "organization=ignore", "--map", "note=how_we_met", path)
    assert code == 0
    kenji = contacts(prm)["Kenji Watanabe"]
    assert kenji["organization"] == ""
    assert contacts(prm)["Zoë Brown"]["how_we_met"] == 'Likes jazz, "modal" mostly'


def test_a_bad_map_names_what_is_wrong(prm, tmp_path):
    path = sample(tmp_path, "apple.csv")
    code, _, err = prm("import", "--map", "Fax Number=phone", path)
    assert code == 2 and "no column “Fax Number”" in err and "“Home Email”" in err
    code, _, err = prm("import", "--map", "Note=shoe size", path)
    assert code == 2 and "“shoe size” is not a field" in err


def test_a_file_that_is_not_a_contacts_csv_is_refused_with_the_reason(prm, tmp_path):
    path = tmp_path / "sales.csv"
    path.write_text("Region,Quarter,Revenue\nNorth,Q1,1000\n")
    code, _, err = prm("import", str(path))
    assert code == 2
    assert "no row names contact columns" in err and "Region,Quarter,Revenue" in err
    assert contacts(prm) == {}


def test_a_csv_is_told_from_a_vcard_by_content(prm, tmp_path):
    path = tmp_path / "export.txt"
    path.write_bytes((SAMPLES / "apple.csv").read_bytes())
    assert prm("import", str(path))[0] == 0
    assert set(contacts(prm)) == {"Kenji Watanabe", "Zoë Brown"}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_file_without_a_known_ending_that_is_not_regular_is_not_sniffed(prm, tmp_path):
    fifo = tmp_path / "contacts"
    os.mkfifo(fifo)  # opening it to look inside would wait for a writer forever
    code, _, err = prm("import", str(fifo))
    assert code == 2 and "is a pipe (FIFO)" in err


def test_linkedin_dates_a_contact_you_already_have_once(prm, tmp_path):
    assert (
        prm(
            "contacts",
            "add",
            "--given",
            "Priya",
            "--family",
            "Raman",
            "--email",
            "priya@raman.example",
        )[0]
        == 0
    )
    path = sample(tmp_path, "linkedin.csv")
    code, out, _ = prm("import", "--json", path)
    report = json.loads(out)
    assert (report["created"], report["merged"]) == (2, 1)
    assert {"how_we_met", "touch"} <= {c["field"] for c in report["merges"][0]["changes"]}
    priya = contacts(prm)["Priya Raman"]
    assert priya["how_we_met"] == "Connected on LinkedIn"
    code, out, _ = prm("import", "--json", path)  # again: nothing new, no second touch
    assert (json.loads(out)["merged"], json.loads(out)["unchanged"]) == (0, 3)
    code, out, _ = prm("touch", "list", "--contact", str(priya["id"]), "--json")
    assert [t["summary"] for t in json.loads(out)] == ["Connected on LinkedIn"]
