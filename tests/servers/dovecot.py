"""``dovecot_server``: Dovecot IMAP on a free 127.0.0.1 port, user "ann"/"secret".

Plain IMAP (no TLS) on loopback only, Maildir storage in a temp folder, INBOX
and a Sent folder flagged \\Sent. Runs as root (CI) with the dovecot users, or
as the current user. Skipped only when the dovecot binary is missing.
"""

from __future__ import annotations

import contextlib
import imaplib
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest

from tests.servers.common import free_port, stop, wait_listening

USER, PASSWORD = "ann", "secret"
DOVECOT = shutil.which("dovecot") or (
    "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None
)


class Dovecot:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        root = os.geteuid() == 0
        me = pwd.getpwuid(os.geteuid()).pw_name
        login, internal = ("dovenull", "dovecot") if root else (me, me)
        (folder / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        mail = folder / "mail"
        mail.mkdir()
        if root:
            entry = pwd.getpwnam("dovecot")
            os.chown(mail, entry.pw_uid, entry.pw_gid)
        (folder / "dovecot.conf").write_text(
            f"""base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/log.txt
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
first_valid_uid = 1
shutdown_clients = yes
mail_location = maildir:{mail}/%u
default_login_user = {login}
default_internal_user = {internal}
default_internal_group = {internal}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {folder}/passwd
}}
userdb {{
  driver = static
  args = uid={internal} gid={internal} home={mail}/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
    auto = create
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""
        )

    @property
    def location(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [DOVECOT, "-c", str(self.folder / "dovecot.conf"), "-F"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        log = self.folder / "log.txt"
        wait_listening(self.port, self.proc, "dovecot", log.read_text() if log.exists() else "")

    def stop(self) -> None:
        """Down as a crashed server is: the master and its imap processes, whose
        open connections then drop."""
        children = _children(self.proc.pid) if self.proc else []
        stop(self.proc)
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        # The master's children close their sockets as they notice; wait for the port.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with imaplib.IMAP4("127.0.0.1", self.port, timeout=0.5):
                    time.sleep(0.05)
            except OSError:
                return

    def imap(self) -> imaplib.IMAP4:
        conn = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        conn.login(USER, PASSWORD)
        return conn

    def append(self, folder: str, message: EmailMessage, *, flags: str = "") -> None:
        with self.imap() as conn:
            typ, data = conn.append(folder, flags or None, None, message.as_bytes())
            assert typ == "OK", data

    def flags(self, folder: str) -> list[str]:
        """Every message's FLAGS in ``folder`` (read without changing them)."""
        with self.imap() as conn:
            conn.select(folder, readonly=True)
            typ, data = conn.fetch("1:*", "(FLAGS)")
            return [d.decode() for d in data if isinstance(d, bytes)]


def _children(pid: int) -> list[int]:
    """The processes this dovecot master started (from /proc, Linux)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return found


def message(
    frm: str, to: str, subject: str, when, *, msgid: str, reply_to: str = "", **headers
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = frm, to, subject
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = f"<{msgid}>"
    if reply_to:
        msg["In-Reply-To"] = msg["References"] = f"<{reply_to}>"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content("The body is never read.\n")
    return msg


@pytest.fixture
def dovecot_server():
    if DOVECOT is None:
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd)")
    # Not pytest's tmp_path: its folders are 0700 and dovecot's own users must get in.
    folder = Path(tempfile.mkdtemp(prefix="prm-dovecot-"))
    folder.chmod(0o755)
    server = Dovecot(folder)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)
