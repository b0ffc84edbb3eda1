"""CLI fixtures: ``prm(*argv)`` runs the CLI in-process against a fresh data folder."""

from __future__ import annotations

import pytest

from prm.cli.main import main
from prm.core.secrets import MemorySecretStore


@pytest.fixture
def prm(tmp_path, capsys):
    """Returns (exit code, stdout, stderr); every call shares one data folder and keyring."""
    secrets = MemorySecretStore()
    data_dir = str(tmp_path / "data")

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--data-dir", data_dir, *argv], secrets=secrets)
        out, err = capsys.readouterr()
        return code, out, err

    return run
