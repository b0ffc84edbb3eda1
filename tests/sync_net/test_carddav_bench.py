"""The CardDAV benchmark runs end to end (tiny), so it does not rot."""

from benchmarks import carddav_bench


def test_carddav_bench_uploads_lists_and_fetches(capsys):
    carddav_bench.main(["--uploads", "4", "--workers", "2", "--cards", "5"])
    out = capsys.readouterr().out
    for label in ("one after the other", "put_many(2 workers)", "multiget", "nothing changed"):
        assert label in out
