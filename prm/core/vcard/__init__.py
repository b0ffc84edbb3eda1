"""vCard import (read, match, merge) and export.

``card.py`` is the contract between the reader and the importer: the reader
turns bytes into ``ParsedCard`` / ``CardError`` items, the importer decides what
each card means for the store.
"""
