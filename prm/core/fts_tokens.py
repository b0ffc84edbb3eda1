"""The search index's own tokenizer, run on a private in-memory database.

What the user types and what the index holds must be cut into words and folded
exactly as SQLite's FTS5 does it (``unicode61 remove_diacritics 2``): "Müller" is
the word "muller", "Straße" stays "straße" (Python's casefold would make it
"strasse", which the index never holds), "O'Brien" is "o" and "brien". Rather
than imitate those rules, this asks FTS5 itself: text goes into a scratch FTS5
table in memory and its words come back out through an ``fts5vocab`` table.

A private connection, not the store's: it works on a read-only store too, and its
scratch rows never reach the user's file. ~25 µs for a search's words, ~6 µs a
contact for bulk loads.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

# Must equal the tokenizer of contact_fts (revision 0001_baseline's FTS_DDL);
# tests/core/test_search_words.py compares them.
TOKENIZE = "unicode61 remove_diacritics 2"

_lock = threading.Lock()
_conn = None


def _scratch():
    """The in-memory connection with a scratch index and its word lists (made once)."""
    global _conn
    if _conn is None:
        import sqlcipher3.dbapi2 as sqlcipher  # the store's SQLite build, so the same FTS5

        conn = sqlcipher.connect(":memory:", check_same_thread=False)
        conn.executescript(
            # Bulk: only which words occur (contentless, no positions).
            f"CREATE VIRTUAL TABLE bulk USING fts5(body, content='', detail=none,"
            f" tokenize='{TOKENIZE}');"
            "CREATE VIRTUAL TABLE bulk_words USING fts5vocab(bulk, row);"
            # One text: its words in the order they were written.
            f"CREATE VIRTUAL TABLE one USING fts5(body, content='', tokenize='{TOKENIZE}');"
            "CREATE VIRTUAL TABLE one_words USING fts5vocab(one, instance);"
        )
        _conn = conn
    return _conn


def words_in_order(text: str) -> list[str]:
    """The index's words of ``text``, in the order written (repeats kept)."""
    with _lock:
        conn = _scratch()
        try:
            conn.execute("INSERT INTO one(rowid, body) VALUES (1, ?)", (text,))
            return [row[0] for row in conn.execute("SELECT term FROM one_words ORDER BY offset")]
        finally:
            conn.execute("INSERT INTO one(one) VALUES ('delete-all')")


def distinct_words(bodies: Iterable[str], *, chunk: int = 2000) -> set[str]:
    """Every word the index holds for these texts."""
    found: set[str] = set()
    batch: list[tuple[str]] = []
    with _lock:
        conn = _scratch()

        def flush() -> None:
            try:
                conn.executemany("INSERT INTO bulk(body) VALUES (?)", batch)
                found.update(row[0] for row in conn.execute("SELECT term FROM bulk_words"))
            finally:
                conn.execute("INSERT INTO bulk(bulk) VALUES ('delete-all')")
            batch.clear()

        for body in bodies:
            batch.append((body,))
            if len(batch) >= chunk:
                flush()
        if batch:
            flush()
    return found
