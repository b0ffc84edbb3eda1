"""CardDAV sync: contact cards (never touches, notes, gifts...) to and from standard servers."""
