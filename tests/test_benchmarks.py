"""The benchmark command's arguments and report, on fake numbers (no timing here)."""

from __future__ import annotations

import json

import pytest

from benchmarks import cli
from benchmarks import report as r


def test_defaults_quick_and_sizes():
    assert cli.parse_args([]).sizes == [100_000]
    quick = cli.parse_args(["--quick"])
    assert (quick.sizes, quick.runs) == ([10_000], 3)
    args = cli.parse_args(["--sizes", "100000,10_000", "--json", "out.json", "--skip-gui"])
    assert args.sizes == [10_000, 100_000]
    assert str(args.json) == "out.json" and args.skip_gui


@pytest.mark.parametrize("bad", ["", "ten", "0", "-5"])
def test_bad_sizes_are_refused(bad, capsys):
    with pytest.raises(SystemExit):
        cli.parse_args(["--sizes", bad])
    assert "--sizes" in capsys.readouterr().err


def fake_rows() -> list[r.Row]:
    start = r.Row("cold start to usable window", "s", r.COLD_START, "empty window")
    start.put(10_000, "plain", r.Figure(0.6, 0.5))
    start.put(100_000, "plain", r.Figure(0.9, 0.5))
    search = r.Row("search keystroke 'm'", "ms", r.KEYSTROKE, "index range scan")
    search.put(10_000, "plain", r.Figure(9.0, 0.2))
    search.put(10_000, "sqlcipher", r.Figure(10.0, 0.3))
    search.put(100_000, "plain", r.Figure(95.0, 0.2))  # grew 10x for 10x contacts
    search.put(100_000, "sqlcipher", r.Figure(12.0, 0.3))
    return [start, search]


def test_size_table_shows_floor_ratio_budget_and_verdict():
    text = r.size_table(fake_rows(), 100_000, 1_000_000)
    start = next(line for line in text.splitlines() if line.startswith("cold start"))
    assert "0.90" in start and "0.50" in start and "1.8x" in start and " NO " in start
    assert "<= 1.5x floor" in start
    search = next(line for line in text.splitlines() if line.startswith("search"))
    assert "95.0" in search and "475x" in search and "<= 30 ms" in search
    assert search.split("|")[1].split()[-1] == "NO"  # plain misses
    assert search.split("|")[2].split()[-1] == "yes"  # SQLCipher meets
    assert "index range scan" in text


def test_scaling_flags_linear_growth_only():
    rows = fake_rows()
    text = r.scaling_table(rows, [10_000, 100_000])
    flagged = [line for line in text.splitlines() if line.endswith("LINEAR")]
    assert len(flagged) == 1 and "search" in flagged[0] and "plain" in flagged[0]
    assert r.grows_linearly(rows[1], "plain", [10_000, 100_000])
    assert not r.grows_linearly(rows[1], "sqlcipher", [10_000, 100_000])
    assert not r.grows_linearly(rows[0], "plain", [10_000, 100_000])
    summary = r.summary(rows, [10_000, 100_000])
    assert "budgets missed: 2" in summary and "growing ~linearly: 1" in summary


def test_json_holds_the_same_figures():
    rows = fake_rows()
    doc = json.loads(r.as_json(rows, [10_000, 100_000], {10_000: 1, 100_000: 2}, {"quick": 0}))
    search = next(row for row in doc["rows"] if row["name"].startswith("search"))
    plain = search["figures"]["100000"]["plain"]
    assert plain == {"value": 95.0, "floor": 0.2, "ratio": 475.0, "met": False}
    assert search["budget"]["text"] == "<= 30 ms"
    assert search["grows_linearly"] == {"plain": True, "sqlcipher": False}


def test_render_puts_every_size_then_scaling_then_summary():
    text = cli.render(fake_rows(), [10_000, 100_000], {10_000: 100_000, 100_000: 1_000_000})
    assert text.index("10,000 contacts") < text.index("100,000 contacts") < text.index("scaling")
    assert text.rstrip().splitlines()[-1].startswith("growing ~linearly")


def test_only_cold_start_cannot_skip_the_gui(capsys):
    assert cli.parse_args(["--only-cold-start"]).only_cold_start
    with pytest.raises(SystemExit):
        cli.parse_args(["--only-cold-start", "--skip-gui"])
    assert "--only-cold-start" in capsys.readouterr().err


def test_bench_keyring_reads_its_file_and_is_trusted(tmp_path, monkeypatch):
    from benchmarks import bench_keyring
    from prm.core.secrets import trustworthy_backend

    keys = tmp_path / "benchmark-keyring.json"
    keys.write_text(json.dumps({"store-key:x": "ab" * 32}))
    monkeypatch.setenv(bench_keyring.FILE_ENV, str(keys))
    backend = bench_keyring.BenchKeyring()
    assert backend.get_password("PRM", "store-key:x") == "ab" * 32
    assert backend.get_password("PRM", "other") is None
    assert trustworthy_backend(backend)
    env = bench_keyring.env_for(keys)
    assert env["PYTHON_KEYRING_BACKEND"] == "benchmarks.bench_keyring.BenchKeyring"
