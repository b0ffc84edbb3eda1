"""Contacts from CSV files: Google, Outlook (several languages), Apple, LinkedIn.

``table.read_table`` turns the file's bytes into a header and rows (any
encoding, ``,`` ``;`` or tab, quoted newlines, notes above the header);
``columns.guess_mapping`` recognises each column by its header; ``cards.cards``
turns the rows into the same ``ParsedCard``s the vCard reader yields, so an
import plans, previews, applies and undoes exactly as a vCard import does.
"""
