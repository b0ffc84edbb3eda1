"""A small address book for search tests: names, companies, emails and tags that
share prefixes, accents and case, and the plain reading of a search to compare with."""

from __future__ import annotations

import re
import unicodedata

from prm.core import contact_list, contacts, search, search_walk
from prm.core.drafts import ContactDraft, LabeledValue

GIVEN = ["José", "jose", "Maria", "MARIO", "Mária", "Marek", "Émile", "emil", "Anna", "Ånna"]
FAMILY = ["Pérez", "perez", "Müller", "Muller", "Smith", "Marsh", "", "Ng", "Straßer"]
ORGS = ["Acme", "Mar Labs", "North Co", "", "Émaux", "Client One"]
TAGS = ["client", "Family", "maraton"]
WORDS = [
    "m",
    "ma",
    "MAR",
    "mä",
    "mari",
    "jo",
    "JOSÉ",
    "pe",
    "mu",
    "mü",
    "e",
    "é",
    "a",
    "å",
    "acme",
    "north",
    "client",
    "cli",
    "ng",
    "smith",
    "ma pe",
    "jo pérez",
    "mar l",
    "x",
    "gmail",
    "555",
    "+1 415",
    # longer than the prefix indexes: spelled out as the words they begin
    "mari",
    "maria",
    "müll",
    "straß",
    "example",
    "client one",
    "marsh jose",
    "zzzz",
]


# How a search walks the list (search_walk), whatever its figures say: as measured;
# walking on with lookups or with passes over every match; or never walking (finding
# every match first is always cheaper).
WALK_COSTS = ["measured", "by lookups", "by passes", "give up"]


def set_walk_costs(monkeypatch, costs: str) -> None:
    if costs == "measured":
        return
    give_up = costs == "give up"
    monkeypatch.setattr(search_walk, "SET_MATCHES_PER_LOOKUP", 1e9 if give_up else 1e-9)
    cheap_pass = costs == "by passes"
    monkeypatch.setattr(search_walk, "PASS_MATCHES_PER_LOOKUP", 1e9 if cheap_pass else 1e-9)
    monkeypatch.setattr(search_walk, "PASS_ROWS_PER_LOOKUP", 1e9 if cheap_pass else 1e-9)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def reference(store, query: str, sort: str, descending: bool) -> list[int]:
    """Every typed word prefixes some word of the contact's searchable text, in the
    order of the unfiltered list."""
    with store.reading() as session:
        order = contact_list.list_contact_ids(session, sort=sort, descending=descending)
        docs = {
            c.id: re.findall(r"\w+", fold(search.document_for(c)))
            for c in contacts.iter_contacts(session, ids=order)
        }
    typed = re.findall(r"\w+", fold(query))
    return [
        cid for cid in order if all(any(word.startswith(t) for word in docs[cid]) for t in typed)
    ]


def make_book(store, clock, people: int = 60):
    """``people`` contacts, each written by its own transaction as a user would."""
    for i in range(people):
        given = GIVEN[i % len(GIVEN)]
        family = FAMILY[(i * 7) % len(FAMILY)]
        draft = ContactDraft(
            given_name=given,
            family_name=family,
            organization=ORGS[(i * 5) % len(ORGS)],
            emails=[LabeledValue(f"{fold(given)}{i}@{'gmail' if i % 3 else 'mar'}.example")]
            if i % 4
            else [],
            phones=[LabeledValue(f"+1 415 555 01{i:02d}")] if i % 5 == 0 else [],
            tags=[TAGS[i % len(TAGS)]] if i % 2 else [],
        )
        with store.transaction() as session:
            contacts.create_contact(session, draft=draft, clock=clock)
    return store
