"""Field-by-field three-way merge of a contact card: the last agreed version, PRM's, the server's.

A field changed on one side only takes that side's value. Multi-valued fields
(emails, phones, addresses, web addresses, tags, extra lines) merge item by
item: what either side added is kept, what either side removed goes, so two
people adding different numbers never conflict. A single-valued field changed
differently on both sides is a conflict: PRM's value stays and the caller
keeps the server's card, so neither is lost.
"""

from __future__ import annotations

import json

from prm.core.sync.cardform import FIELDS, LISTS, canonical_value, item_value


def threeway(
    base: dict[str, object] | None, local: dict[str, object], remote: dict[str, object]
) -> tuple[dict[str, object], list[str]]:
    """(the merged fields, the names of the fields in conflict — PRM's value kept there)."""
    base = base or {}
    merged: dict[str, object] = {}
    conflicts: list[str] = []
    for name in FIELDS:
        if name == "photo_mime":
            continue  # follows the photo
        b, here, there = base.get(name), local.get(name), remote.get(name)
        if name in LISTS:
            merged[name] = _merge_list(list(b or []), list(here or []), list(there or []))  # type: ignore[call-overload]
            continue
        cb, ch, ct = (canonical_value(name, v) for v in (b, here, there))
        if ch == ct or ct == cb:
            merged[name] = here
        elif ch == cb:
            merged[name] = there
        else:
            merged[name] = here
            conflicts.append(name)
        if name == "photo":
            merged["photo_mime"] = (local if merged[name] is here else remote).get("photo_mime", "")
    return merged, conflicts


def differing(local: dict[str, object], remote: dict[str, object]) -> list[str]:
    """The fields whose values differ (what a conflict chooser shows)."""
    return [
        name
        for name in FIELDS
        if name != "photo_mime"
        and canonical_value(name, local.get(name)) != canonical_value(name, remote.get(name))
    ]


def _merge_list(base: list, here: list, there: list) -> list:
    def key(value: object) -> str:
        return json.dumps(item_value(value))

    in_base = {key(v) for v in base}
    in_here = {key(v) for v in here}
    in_there = {key(v) for v in there}
    out = [v for v in here if key(v) in in_there or key(v) not in in_base]
    seen = {key(v) for v in out}
    for v in there:
        k = key(v)
        if k not in seen and k not in in_base and k not in in_here:
            out.append(v)
            seen.add(k)
    return out
