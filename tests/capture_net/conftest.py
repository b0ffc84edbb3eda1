"""Real CalDAV (Radicale) and IMAP (Dovecot) servers on 127.0.0.1 for these tests."""

from tests.cli.conftest import prm  # noqa: F401  (the CLI, in-process)
from tests.servers.dovecot import dovecot_server  # noqa: F401
from tests.servers.radicale import radicale_server  # noqa: F401
