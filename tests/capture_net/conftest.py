"""Real CalDAV (Radicale) and IMAP (Dovecot) servers on 127.0.0.1 for these tests."""

from datetime import timedelta

import pytest

from prm.core.clock import FakeClock
from tests.capture_net.helpers import NOW
from tests.cli.conftest import prm  # noqa: F401  (the CLI, in-process)
from tests.servers.dovecot import dovecot_server  # noqa: F401
from tests.servers.radicale import radicale_server  # noqa: F401


@pytest.fixture
def clock():
    """A minute past ``NOW``: what the servers hold is dated around the real now."""
    return FakeClock(NOW + timedelta(minutes=1))
