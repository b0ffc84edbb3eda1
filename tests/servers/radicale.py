"""``radicale_server``: Radicale on a free 127.0.0.1 port with one user, "ann"/"secret".

Started as ``python -m radicale`` with a config in a temp folder (plain
htpasswd, filesystem storage), so the CalDAV reader and CardDAV sync talk to a
real server: discovery, sync-collection, multiget, ETags and 401s are
Radicale's own. ``radicale_open``: the same without authentication (any user
name and password are let in). ``stop()`` then ``start()`` brings the server
back on the same port with the same storage, as a server that was down for a while.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers.common import free_port, stop, wait_listening

USER, PASSWORD = "ann", "secret"


class Radicale:
    def __init__(self, folder: Path, *, auth: bool = True) -> None:
        self.folder = folder
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        (folder / "users").write_text(f"{USER}:{PASSWORD}\n")
        if auth:
            access = f"""[auth]
type = htpasswd
htpasswd_filename = {folder / "users"}
htpasswd_encryption = plain
delay = 0
[rights]
type = owner_only
"""
        else:  # everyone may read and write everything
            access = "[auth]\ntype = none\n[rights]\ntype = authenticated\n"
        (folder / "config").write_text(
            f"""[server]
hosts = 127.0.0.1:{self.port}
{access}[storage]
filesystem_folder = {folder / "collections"}
[logging]
level = warning
"""
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> None:
        log = self.folder / "log.txt"
        with log.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "radicale", "--config", str(self.folder / "config")],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        wait_listening(self.port, self.proc, "radicale", log.read_text())

    def stop(self) -> None:
        stop(self.proc)

    def _client(self):
        import httpx

        return httpx.Client(auth=(USER, PASSWORD), timeout=10)

    def make_calendar(self, name: str, *, components: str = "VEVENT") -> str:
        """A new calendar of ann's; its URL."""
        url = f"{self.url}{USER}/{name}/"
        body = (
            '<?xml version="1.0"?><C:mkcalendar xmlns:D="DAV:" '
            'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>'
            f"<D:displayname>{name}</D:displayname><C:supported-calendar-component-set>"
            + "".join(f'<C:comp name="{c}"/>' for c in components.split(","))
            + "</C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>"
        )
        with self._client() as client:
            answer = client.request("MKCALENDAR", url, content=body)
        assert answer.status_code == 201, answer.text
        return url

    def make_address_book(self, name: str) -> str:
        """A new address book of ann's; its URL."""
        url = f"{self.url}{USER}/{name}/"
        body = (
            '<?xml version="1.0"?><D:mkcol xmlns:D="DAV:" '
            'xmlns:CR="urn:ietf:params:xml:ns:carddav"><D:set><D:prop>'
            "<D:resourcetype><D:collection/><CR:addressbook/></D:resourcetype>"
            f"<D:displayname>{name}</D:displayname></D:prop></D:set></D:mkcol>"
        )
        with self._client() as client:
            answer = client.request("MKCOL", url, content=body)
        assert answer.status_code == 201, answer.text
        return url

    def put(self, calendar_url: str, name: str, ics: str) -> None:
        with self._client() as client:
            answer = client.put(
                f"{calendar_url}{name}.ics",
                content=ics.replace("\n", "\r\n").encode(),
                headers={"Content-Type": "text/calendar"},
            )
        assert answer.status_code in (201, 204), answer.text

    def delete(self, calendar_url: str, name: str) -> None:
        with self._client() as client:
            assert client.delete(f"{calendar_url}{name}.ics").status_code in (200, 204)


def _running(folder: Path, *, auth: bool):
    pytest.importorskip("radicale", reason="radicale is in the test extras: pip install -e .[test]")
    server = Radicale(folder, auth=auth)
    server.start()
    return server


@pytest.fixture
def radicale_server(tmp_path):
    server = _running(tmp_path, auth=True)
    yield server
    server.stop()


@pytest.fixture
def radicale_open(tmp_path):
    server = _running(tmp_path, auth=False)
    yield server
    server.stop()
