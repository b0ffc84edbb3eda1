"""Out-of-range numbers and odd arguments get a clear message and exit 2, never a traceback."""

from __future__ import annotations

import contextlib
import io
import json

import pytest

from prm.cli.main import main
from prm.core.secrets import MemorySecretStore

HUGE = "99999999999999999999"  # past SQLite's 64-bit integers
JUST_PAST = str(2**63)  # the first id SQLite cannot hold
ENDLESS = "9" * 5000  # past Python's int() digit limit too


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """One store for the module (Ann, an article): these tests only read or are refused."""
    secrets = MemorySecretStore()
    data_dir = str(tmp_path_factory.mktemp("bounds") / "data")
    with contextlib.redirect_stdout(io.StringIO()):
        assert (
            main(["--data-dir", data_dir, "contacts", "add", "--given", "Ann"], secrets=secrets)
            == 0
        )
        assert (
            main(
                [
                    "--data-dir",
                    data_dir,
                    "articles",
                    "add",
                    "Useful",
                    "--url",
                    "https://example.com/u",
                ],
                secrets=secrets,
            )
            == 0
        )
    return data_dir, secrets


@pytest.fixture
def cli(seeded, capsys):
    """Like ``prm``, but argparse's own exit (a usage error) is returned as its code."""
    data_dir, secrets = seeded

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(["--data-dir", data_dir, *argv], secrets=secrets)
        except SystemExit as exc:
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return run


# (argv with {} for the number, what the message must name)
INTEGER_OPTIONS = [
    (("contacts", "list", "--limit", "{}"), "--limit"),
    (("touch", "list", "--contact", "Ann", "--limit", "{}"), "--limit"),
    (("reach-out", "--limit", "{}"), "--limit"),
    (("meetings", "list", "--limit", "{}"), "--limit"),
    (("articles", "suggest", "#1", "--limit", "{}"), "--limit"),
    (("touch", "log", "--contact", "Ann", "--channel", "call", "--duration", "{}"), "--duration"),
    (("touch", "delete", "{}"), "TOUCH_ID"),
    (("gifts", "given", "{}"), "GIFT_ID"),
    (("events", "status", "{}", "attended"), "EVENT_ID"),
    (("events", "ics", "out.ics", "--event", "{}"), "--event"),
    (("events", "upcoming", "--days", "{}"), "--days"),
    (("tiers", "edit", "Clients", "--target", "{}"), "--target"),
    (("tiers", "edit", "Clients", "--max", "{}"), "--max"),
    (("demo", "--contacts", "{}"), "--contacts"),
    (("demo", "--touches", "{}"), "--touches"),
    (("demo", "--seed", "{}"), "--seed"),
]


@pytest.mark.parametrize("number", [HUGE, JUST_PAST, ENDLESS, "-1", "1e3", "٣"])
@pytest.mark.parametrize(
    ("argv", "option"), INTEGER_OPTIONS, ids=[" ".join(a) for a, _ in INTEGER_OPTIONS]
)
def test_an_out_of_range_integer_names_the_option(cli, argv, option, number):
    code, out, err = cli(*(a.format(number) for a in argv))
    assert code == 2, err
    assert f"argument {option}:" in err and "Traceback" not in err
    assert len(err) < 2000  # a 5000-digit number is not echoed back whole
    assert "Added" not in out


# Record references resolved by core: `#id`, as a person types them.
REFERENCES = [
    ("contacts", "show", "{}"),
    ("contacts", "edit", "{}", "--title", "CFO"),
    ("contacts", "delete", "{}"),
    ("contacts", "add", "--given", "Bo", "--referred-by", "{}"),
    ("contacts", "add", "--given", "Bo", "--relation", "reports_to:{}"),
    ("touch", "log", "--contact", "{}", "--channel", "call"),
    ("touch", "list", "--contact", "{}"),
    ("snooze", "{}", "--until", "2099-01-01"),
    ("gifts", "add", "{}", "Tea"),
    ("gifts", "list", "--contact", "{}"),
    ("events", "add", "{}", "--date", "2030-01-01", "--title", "Talk"),
    ("articles", "suggest", "{}"),
    ("articles", "share", "{}", "--to", "Ann"),
    ("articles", "share", "#1", "--to", "{}"),
    ("meetings", "list", "--contact", "{}"),
    ("export", "out.vcf", "--contact", "{}"),
]


@pytest.mark.parametrize("ref", [f"#{HUGE}", JUST_PAST, f"#{ENDLESS}"])
@pytest.mark.parametrize("argv", REFERENCES, ids=[" ".join(a) for a in REFERENCES])
def test_an_id_no_record_can_have_is_not_found(cli, argv, ref, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(*(a.format(ref) for a in argv))
    assert code == 2, err
    assert "There is no " in err and "Traceback" not in err
    assert len(err) < 2000 and out == ""


def test_a_forty_digit_price_is_a_clear_price_error(cli):
    code, out, err = cli("gifts", "add", "Ann", "Yacht", "--price", "1" * 40)
    assert code == 2 and out == ""
    assert "prm: price:" in err and "at most 12 digits" in err and "Traceback" not in err


@pytest.mark.parametrize("price", ["999999999999.99", "0.125", "1 234,50"])
def test_a_large_but_real_price_is_kept(cli, price):
    code, out, err = cli("gifts", "add", "Ann", "Thing", "--price", price, "--json")
    assert code == 0, err
    assert (
        json.loads(out)["price"]
        == {"999999999999.99": "999999999999.99", "0.125": "0.125", "1 234,50": "1234.50"}[price]
    )


@pytest.mark.parametrize("days", [HUGE, ENDLESS, "²", "3651"])
def test_cadence_days_out_of_range_is_a_clear_error(cli, days):
    code, _, err = cli("contacts", "edit", "Ann", "--cadence-days", days)
    assert code == 2 and "Traceback" not in err and "cadence" in err.lower()
    assert len(err) < 2000


def test_a_tier_maximum_beyond_ten_years_is_refused(prm):
    code, _, err = prm("tiers", "edit", "Clients", "--target", "30", "--max", "3650")
    assert code == 0, err


def test_core_refuses_a_tier_maximum_beyond_ten_years(store):
    from prm.core import cadence
    from prm.core.errors import ValidationError

    with store.transaction() as session, pytest.raises(ValidationError) as caught:
        tier = cadence.tier_named(session, name="Clients")
        cadence.update_tier(
            session, tier_id=tier.id, name=tier.name, target_days=30, max_days=10**12
        )
    assert set(caught.value.errors) == {"max_days"}
