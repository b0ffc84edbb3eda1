"""Qt item models, one per file, each holding ids and fetching rows lazily."""
