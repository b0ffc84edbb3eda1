"""``prm import`` as a script author uses it: counts, dry run, bad cards, exit codes."""

from __future__ import annotations

import json

import pytest

GOOD = b"""BEGIN:VCARD\r
VERSION:3.0\r
UID:ann-1\r
N:Lee;Ann;;;\r
FN:Ann Lee\r
EMAIL;TYPE=work:ann@lee.example\r
ORG:Lee & Co\r
X-SIP:sip:ann@lee.example\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
N:Smith;Bo;;;\r
FN:Bo Smith\r
TEL;TYPE=cell:+1 212 555 0199\r
END:VCARD\r
"""
BROKEN = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Half Card\r\n"  # no END:VCARD


@pytest.fixture
def vcf(tmp_path):
    def write(name: str, data: bytes) -> str:
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    return write


def names(prm) -> list[str]:
    code, out, _ = prm("contacts", "list", "--json")
    assert code == 0
    return sorted(c["display_name"] for c in json.loads(out))


def test_import_reports_counts_and_a_second_run_changes_nothing(prm, vcf):
    path = vcf("people.vcf", GOOD)
    code, out, _ = prm("import", path)
    assert code == 0 and "2 cards: created 2, merged 0, unchanged 0, skipped 0, errors 0." in out
    assert names(prm) == ["Ann Lee", "Bo Smith"]
    code, out, _ = prm("import", "--json", path)
    report = json.loads(out)
    assert code == 0
    assert (report["created"], report["merged"], report["unchanged"], report["written"]) == (
        0,
        0,
        2,
        False,
    )


def test_dry_run_writes_nothing(prm, vcf):
    code, out, _ = prm("import", "--dry-run", "--json", vcf("people.vcf", GOOD))
    assert code == 0
    report = json.loads(out)
    assert report["dry_run"] and report["created"] == 2 and not report["written"]
    assert names(prm) == []


def test_a_merge_lists_what_it_kept(prm, vcf):
    prm(
        "contacts",
        "add",
        "--given",
        "Ann",
        "--family",
        "Lee",
        "--email",
        "ann@lee.example",
        "--org",
        "Acme",
    )
    code, out, _ = prm("import", vcf("people.vcf", GOOD))
    assert code == 0
    assert "kept your organization “Acme” (the card has “Lee & Co”)" in out
    assert "created 1, merged 1" in out.lower()  # Ann gains the X-SIP line; Bo is new


def test_bad_cards_write_nothing_unless_errors_ok(prm, vcf):
    path = vcf("mixed.vcf", GOOD + BROKEN)
    code, out, err = prm("import", path)
    assert code == 2
    assert f"{path}: card 3 (line 16): the card has no END:VCARD" in err
    assert "Nothing was imported: 1 card is bad" in out and "--errors-ok" in out
    assert names(prm) == []

    code, out, err = prm("import", "--errors-ok", "--json", path)
    assert code == 1
    report = json.loads(out)
    assert report["created"] == 2 and report["errors"] == 1 and report["written"]
    [problem] = report["problems"]
    assert (problem["card"], problem["line"], problem["kind"]) == (3, 16, "error")
    assert names(prm) == ["Ann Lee", "Bo Smith"]


@pytest.mark.parametrize(
    "data", [b"", b"\x00\xff\xfe\x89 binary junk \x00" * 50, b"name,email\nAnn,a@b.c\n"]
)
def test_files_that_are_not_vcards_are_named_and_write_nothing(prm, vcf, data):
    path = vcf("odd.vcf", data)
    code, _, err = prm("import", path)
    assert code == 2 and f"{path}: " in err
    assert names(prm) == []


def test_a_missing_file_exits_2_naming_it(prm, vcf, tmp_path):
    good = vcf("people.vcf", GOOD)
    missing = str(tmp_path / "nope.vcf")
    code, _, err = prm("import", good, missing)
    assert code == 2 and f"There is no file {missing}." in err
    code, _, err = prm("import", str(tmp_path))
    assert code == 2 and "is a folder" in err
    assert names(prm) == []
