"""A small WebDAV client shared by the CalDAV reader (capture) and CardDAV sync.

``client.py``: one httpx client per server and user, every failure mapped to
the caller's own error classes with a message naming who could not be reached
(``Who``). ``xml.py``: multistatus parsing and request bodies.
"""
