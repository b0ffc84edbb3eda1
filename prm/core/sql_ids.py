"""Lists of ids bound into SQL ``IN (...)``, in parts of a safe size.

SQLite caps the values one statement may bind (250,000 in the sqlcipher3 build PRM
ships with; 32,766 in other builds), so a bulk operation over a big book — trashing
everyone, a rhythm refresh after building a million contacts — must split its ids.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

CHUNK = 500  # small enough for any build; one statement per 500 ids costs nothing


def id_chunks(ids: Sequence[int], size: int | None = None) -> Iterator[tuple[list[int], str]]:
    """``(part, "?,?,…")`` for each run of ``size`` (default ``CHUNK``) ids, in order."""
    size = size or CHUNK
    for start in range(0, len(ids), size):
        part = list(ids[start : start + size])
        yield part, ",".join("?" * len(part))
