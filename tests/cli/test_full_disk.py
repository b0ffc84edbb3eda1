"""A disk that fills up for real: reading and exporting go on, writes say why they
fail, nothing already saved is lost, and freeing space brings everything back."""

from __future__ import annotations

import errno
import json

import pytest


def fill(folder) -> None:
    chunk = b"\\0" * 65536
    with (folder / "filler").open("wb") as out:
        try:
            while True:
                out.write(chunk)
                out.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


@pytest.fixture
def full_disk_prm(mount_small_disk, tmp_path, capsys, monkeypatch):
    from prm.cli.main import main
    from prm.core.secrets import MemorySecretStore

    disk = mount_small_disk("6M")
    secrets = MemorySecretStore()
    data_dir = str(disk / "data")

    def run(*argv: str):
        code = main(["--data-dir", data_dir, *argv], secrets=secrets)
        out, err = capsys.readouterr()
        return code, out, err

    return disk, run


def test_a_full_disk_still_reads_and_exports_and_refuses_writes_clearly(full_disk_prm, tmp_path):
    disk, prm = full_disk_prm
    code, _, err = prm("demo", "--contacts", "200", "--touches", "200")
    assert code == 0, err
    fill(disk)

    code, out, err = prm("contacts", "list", "--json")
    assert code == 0 and len(json.loads(out)) == 200
    assert "disk is full" in err  # a note, not a failure
    code, out, _ = prm("export", str(tmp_path / "all.vcf"))
    assert code == 0 and (tmp_path / "all.vcf").read_text().count("BEGIN:VCARD") == 200
    code, out, _ = prm("export-all", str(tmp_path / "all.json"))
    assert code == 0

    code, out, err = prm("contacts", "add", "--given", "Nowhere")
    assert code == 2 and out == "" and "is full; nothing was saved" in err
    assert "Traceback" not in err

    (disk / "filler").unlink()
    code, out, _ = prm("contacts", "add", "--given", "Somewhere")
    assert code == 0
    code, out, _ = prm("contacts", "list", "--json")
    names = [c["display_name"] for c in json.loads(out)]
    assert len(names) == 201 and "Somewhere" in names and "Nowhere" not in names
