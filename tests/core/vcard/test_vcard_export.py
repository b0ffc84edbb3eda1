"""Export as a user sees it: the files other address books read, and clear errors."""

from __future__ import annotations

import os

import pytest
import vobject

from prm.cli.main import main
from prm.core import fsio
from prm.core.contacts import create_contact, trash_contacts
from prm.core.drafts import ContactDraft, LabeledValue
from prm.core.errors import KnownError, NotFoundError
from prm.core.models import ContactVCardProperty
from prm.core.vcard import write
from prm.core.vcard.compose import fold
from prm.core.vcard.write import export_vcards, unique_file_name

LONG_NAME = "Ñandú Ωμέγα " * 8  # multibyte characters across every fold


@pytest.fixture
def people(store, clock):
    with store.transaction() as s:
        ann = create_contact(
            s,
            clock=clock,
            draft=ContactDraft(
                given_name="Ann",
                family_name="Lee",
                organization=LONG_NAME,
                birthday="--02-29",
                anniversary="2010-06-05",
                notes="private: owes me lunch",
                tags=["Client"],
                emails=[LabeledValue("ann@lee.example", "work", True)],
                phones=[LabeledValue("+1 212 555 0100", "mobile")],
                urls=[LabeledValue("https://linkedin.com/in/annlee", "linkedin")],
            ),
        )
        s.add(
            ContactVCardProperty(
                contact_id=ann.id,
                position=0,
                name="X-ABRELATEDNAMES",
                line="item1.X-ABRELATEDNAMES:Bob",
            )
        )
        s.add(
            ContactVCardProperty(
                contact_id=ann.id,
                position=1,
                name="X-ABLABEL",
                line="item1.X-ABLabel:_$!<Spouse>!$_",
            )
        )
        bob = create_contact(
            s, clock=clock, draft=ContactDraft(given_name="Bob", family_name="Lee")
        )
        gone = create_contact(s, clock=clock, draft=ContactDraft(given_name="Gone"))
        trash_contacts(s, ids=[gone.id], clock=clock)
        return {"ann": ann.id, "bob": bob.id, "gone": gone.id}


def export(store, clock, **kw):
    with store.reading() as s:
        return export_vcards(s, clock=clock, **kw)


def test_3_0_export_is_read_by_vobject_with_apple_birthday_and_no_notes(
    store, clock, people, tmp_path
):
    out = tmp_path / "all.vcf"
    result = export(store, clock, out=out)
    assert result.count == 2  # the trashed contact stays out
    data = out.read_bytes()
    assert all(len(line) <= 75 for line in data.split(b"\r\n")) and data.endswith(b"END:VCARD\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    ann, bob = vobject.readComponents(data.decode("utf-8"))
    assert ann.fn.value == "Ann Lee" and ann.org.value == [LONG_NAME.strip()]
    assert ann.bday.value == "1604-02-29" and ann.bday.params["X-APPLE-OMIT-YEAR"] == ["1604"]
    assert ann.email.value == "ann@lee.example"
    assert sorted(ann.email.params["TYPE"]) == ["INTERNET", "WORK", "pref"]
    assert "note" not in ann.contents and "private" not in data.decode()
    assert "item1.X-ABRELATEDNAMES:Bob" in data.decode()  # kept lines go back out unchanged
    assert (
        b"item2.URL:https://linkedin.com/in/annlee\r\nitem2.X-ABLabel:linkedin" in data
    )  # item1 is taken
    assert b"item3.X-ABDATE:2010-06-05\r\nitem3.X-ABLabel:_$!<Anniversary>!$_" in data
    assert bob.n.value.given == "Bob"


def test_4_0_export_writes_yearless_dates_and_data_uri(store, clock, people, tmp_path):
    out = tmp_path / "all.vcf"
    export(store, clock, out=out, version="4.0", include_notes=True)
    text = out.read_bytes().decode().replace("\r\n ", "")
    assert "VERSION:4.0" in text and "BDAY:--0229" in text and "ANNIVERSARY:20100605" in text
    assert "EMAIL;TYPE=work;PREF=1:ann@lee.example" in text
    assert "NOTE:private: owes me lunch" in text


def test_selection_by_tag_and_by_contact(store, clock, people, tmp_path):
    assert export(store, clock, out=tmp_path / "t.vcf", tag="client").count == 1
    assert (
        export(
            store, clock, out=tmp_path / "c.vcf", contact_ids=[people["bob"], people["gone"]]
        ).count
        == 1
    )
    assert b"FN:Bob Lee" in (tmp_path / "c.vcf").read_bytes()
    with pytest.raises(NotFoundError, match="no tag “Nope”"):
        export(store, clock, out=tmp_path / "n.vcf", tag="Nope")


def test_split_writes_one_file_per_contact_with_safe_unique_names(store, clock, people, tmp_path):
    result = export(store, clock, out=tmp_path / "cards", split=True)
    assert sorted(p.name for p in result.paths) == ["Ann Lee.vcf", "Bob Lee.vcf"]
    assert all(p.read_bytes().count(b"BEGIN:VCARD") == 1 for p in result.paths)
    used: set[str] = set()
    names = [unique_file_name(n, used) for n in ("A/B: C?", "a/b: c?", "", "CON", "..")]
    assert names == [
        "A B C.vcf",
        "a b c (2).vcf",
        "contact.vcf",
        "CON contact.vcf",
        "contact (2).vcf",
    ]


def test_unwritable_folder_names_the_path(store, clock, people, tmp_path, monkeypatch):
    def refused(*args, **kwargs):  # chmod cannot stop root, so the refusal is simulated
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(fsio.tempfile, "mkstemp", refused)
    out = tmp_path / "locked" / "all.vcf"
    out.parent.mkdir()
    with pytest.raises(KnownError, match=f"Cannot write {out}: permission denied"):
        export(store, clock, out=out)
    with pytest.raises(KnownError, match="the folder .*missing does not exist"):
        export(store, clock, out=tmp_path / "missing" / "all.vcf")


def test_a_failed_export_leaves_the_old_file_and_no_temporary(
    store, clock, people, tmp_path, monkeypatch
):
    out = tmp_path / "out" / "all.vcf"
    out.parent.mkdir()
    out.write_bytes(b"old contents")

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write, "compose_card", full_disk)
    with pytest.raises(KnownError, match=f"Cannot write {out}: the disk is full"):
        export(store, clock, out=out)
    assert out.read_bytes() == b"old contents" and os.listdir(out.parent) == ["all.vcf"]


def test_a_folder_is_not_a_file(store, clock, people, tmp_path):
    with pytest.raises(KnownError, match="is a folder"):
        export(store, clock, out=tmp_path)


def test_folding_never_splits_a_character():
    line = ("NOTE:" + "€" * 100).encode()
    folded = fold(line)
    parts = folded.split(b"\r\n ")
    assert all(len(p) <= 75 for p in parts) and b"".join(parts) == line
    for part in parts:
        part.decode("utf-8")  # each physical line is whole UTF-8


def test_cli_export(tmp_path, capsys):
    from prm.core.secrets import MemorySecretStore

    secrets, data = MemorySecretStore(), str(tmp_path / "data")
    assert (
        main(
            ["--data-dir", data, "contacts", "add", "--given", "Jane", "--tag", "Client"],
            secrets=secrets,
        )
        == 0
    )
    out = tmp_path / "jane.vcf"
    code = main(
        ["--data-dir", data, "export", str(out), "--vcard-version", "4.0", "--tag", "Client"],
        secrets=secrets,
    )
    assert code == 0
    assert f"Exported 1 contact to {out} (vCard 4.0)." in capsys.readouterr().out
    assert b"VERSION:4.0" in out.read_bytes() and b"CATEGORIES:Client" in out.read_bytes()
    assert main(["--data-dir", data, "export", str(out), "--tag", "Nobody"], secrets=secrets) == 2
    assert "no tag “Nobody”" in capsys.readouterr().err
