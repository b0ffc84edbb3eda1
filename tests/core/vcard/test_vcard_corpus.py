"""The shared corpus of real-world vCards (optional: skipped when the folder is absent)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import vcard_conformance

CORPUS = vcard_conformance.default_corpus()


@pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").exists(), reason="shared vCard corpus not here")
def test_every_corpus_file_is_read_round_tripped_or_reported(capsys):
    """About 8 s: all 237 files of the shared corpus, read, written and read again."""
    assert vcard_conformance.main([str(CORPUS)]) == 0, capsys.readouterr().out
