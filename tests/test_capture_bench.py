"""The capture benchmark runs end to end on a tiny mailbox (no timing judged here)."""

from __future__ import annotations

from benchmarks import capture_bench


def test_capture_bench_reads_what_it_generated(capsys, tmp_path):
    capture_bench.main(["--messages", "60", "--big-mb", "1", "--keep", str(tmp_path / "mail")])
    out = capsys.readouterr().out
    assert "mbox     read 60 headers" in out and "Maildir  read 60 headers" in out
    assert "0 problems" in out and "memory grew by" in out
