"""``faulty_server``: a tiny HTTP server on 127.0.0.1 that misbehaves on purpose.

``server.mode`` says how it answers every request: "5xx" (503), "hang" (never
answers; the client's timeout must fire), "drop" (closes the connection
without a word), "xml" (a 207 whose body is not XML), "not-vcard" (a
well-formed multistatus whose card is HTML), "ok" (an empty multistatus).
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

NOT_A_CARD = b"""<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"
 xmlns:card="urn:ietf:params:xml:ns:carddav"><d:response><d:href>/book/bad.vcf</d:href>
<d:propstat><d:prop><d:getetag>"1"</d:getetag><card:address-data>&lt;html&gt;Sorry&lt;/html&gt;
</card:address-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
<d:response><d:href>/book/good.vcf</d:href><d:propstat><d:prop><d:getetag>"2"</d:getetag>
<card:address-data>BEGIN:VCARD
VERSION:3.0
UID:good
FN:Good Card
END:VCARD
</card:address-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
</d:multistatus>"""
EMPTY = b'<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"/>'


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # quiet tests
        pass

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        mode = self.server.mode
        self.server.requests.append(f"{self.command} {self.path}")
        if mode == "hang":
            self.server.release.wait(30)
            return
        if mode == "drop":
            self.close_connection = True
            self.connection.close()
            return
        status, body = {
            "5xx": (503, b"Service Unavailable"),
            "xml": (207, b"<d:multistatus xmlns:d='DAV:'><d:response>"),
            "not-vcard": (207, NOT_A_CARD),
        }.get(mode, (207, EMPTY))
        self.send_response(status)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_PUT = do_DELETE = do_PROPFIND = do_REPORT = do_MKCOL = _answer


class FaultyServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mode = "ok"
        self.requests: list[str] = []
        self.release = threading.Event()  # lets hung requests go at the end

    @property
    def url(self) -> str:
        scheme = "https" if hasattr(self.socket, "getpeercert") else "http"
        return f"{scheme}://127.0.0.1:{self.server_address[1]}/"


@pytest.fixture
def faulty_server():
    server = FaultyServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()
    time.sleep(0)  # let the handler threads see the release


def _self_signed(folder) -> tuple[str, str]:
    """A certificate for 127.0.0.1 signed by nobody a client trusts: (cert, key) paths."""
    from datetime import UTC, datetime, timedelta
    from ipaddress import IPv4Address

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(IPv4Address("127.0.0.1"))]), False
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_path), str(key_path)


@pytest.fixture
def untrusted_tls_server(tmp_path):
    """``faulty_server`` behind HTTPS with a self-signed certificate (``.url`` is https)."""
    import ssl

    server = FaultyServer()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*_self_signed(tmp_path))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
