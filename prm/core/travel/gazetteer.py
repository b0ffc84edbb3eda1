"""An offline gazetteer: GeoNames cities of 5,000+ people and the countries.

Loaded once per process on first use (~0.3 s); never at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass


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


def find_city(locality: str, country: str = "", region: str = "") -> City | None:
    """The city called ``locality`` (any accent/case/alternate name), in ``country``
    (ISO code or a name in any common form) and ``region`` if given; the most
    populous on a tie; None if there is none."""
    raise NotImplementedError


def search_cities(prefix: str, limit: int = 20) -> list[City]:
    """Cities whose name starts with ``prefix``, the most populous first (a completer)."""
    raise NotImplementedError


def country_code(text: str) -> str | None:
    """The ISO code of a country typed as a code or a name ("DE", "Germany", "Deutschland")."""
    raise NotImplementedError


def country_of_timezone(tz: str) -> str | None:
    raise NotImplementedError


def country_name(code: str) -> str:
    raise NotImplementedError
