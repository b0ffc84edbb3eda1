"""Real CardDAV (Radicale, with and without passwords) and a misbehaving server on 127.0.0.1."""

import pytest

from prm.core.sync.carddav import CardDavServer
from tests.core.sync.conftest import second_store  # noqa: F401
from tests.servers.faulty import faulty_server, untrusted_tls_server  # noqa: F401
from tests.servers.radicale import PASSWORD, USER, radicale_open, radicale_server  # noqa: F401


@pytest.fixture
def connect():
    """``connect(url, password=…, **kw)`` -> a CardDavServer for account “Work”, closed after."""
    opened = []

    def make(url, *, user=USER, password=PASSWORD, **kw):
        server = CardDavServer(url, user, password, account="Work", **kw)
        opened.append(server)
        return server

    yield make
    for server in opened:
        server.close()
