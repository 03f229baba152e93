"""An HTTPS proxy on 127.0.0.1 that answers for sheets.googleapis.com with the fake Sheets API.

A dashboard started as a separate process (a real ``streamlit run``) cannot be
rewired by monkeypatching; it can be pointed at this proxy by environment alone,
as an operator behind a corporate proxy would be: ``HTTPS_PROXY`` (this proxy),
``REQUESTS_CA_BUNDLE`` (the test CA that signed its certificate) and ``NO_PROXY``
(the fake's plain-HTTP token endpoint). The proxy accepts ``CONNECT``,
terminates TLS with a certificate for ``sheets.googleapis.com`` and hands the
decrypted connection to the fake's own request handler, so the real gspread
client, google-auth and requests run unchanged and the fake counts every request.
"""

from __future__ import annotations

import datetime as dt
import socket
import socketserver
import ssl
import threading
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from testkit.fake_sheets import FakeSheets

HOST = "sheets.googleapis.com"


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def make_certificates(folder: Path, host: str = HOST) -> tuple[Path, Path, Path]:
    """A test CA and a certificate for ``host`` it signed: (CA file, certificate file, key file)."""
    now = dt.datetime.now(dt.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = (
        x509.CertificateBuilder().subject_name(_name("dashboard test CA")).issuer_name(_name("dashboard test CA"))
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                     crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    leaf = (
        x509.CertificateBuilder().subject_name(_name(host)).issuer_name(ca.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    ca_file, cert_file, key_file = folder / "ca.pem", folder / "leaf.pem", folder / "leaf.key"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return ca_file, cert_file, key_file


class SheetsProxy:
    """``CONNECT sheets.googleapis.com:443`` -> TLS -> the fake's handler. Use as a context manager."""

    def __init__(self, fake: FakeSheets, folder: Path) -> None:
        self.fake = fake
        self.ca_file, cert_file, key_file = make_certificates(folder)
        self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.tls.load_cert_chain(cert_file, key_file)
        self.connects: list[str] = []  # the CONNECT targets asked for
        proxy = self

        class Tunnel(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                proxy._tunnel(self.connection, self.rfile)

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Tunnel)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def env(self) -> dict[str, str]:
        """What a dashboard process needs in its environment to reach the fake through this proxy."""
        return {
            "HTTPS_PROXY": self.url, "https_proxy": self.url, "REQUESTS_CA_BUNDLE": str(self.ca_file),
            "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
        }  # fmt: skip

    def _tunnel(self, connection: socket.socket, rfile: Any) -> None:
        request = rfile.readline(65537).decode("latin-1").split()
        while rfile.readline(65537) not in (b"\r\n", b"\n", b""):
            pass  # the CONNECT request's headers
        if len(request) < 2 or request[0] != "CONNECT" or request[1] != f"{HOST}:443":
            connection.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
            return
        self.connects.append(request[1])
        connection.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        try:
            secure = self.tls.wrap_socket(connection, server_side=True)
        except (ssl.SSLError, OSError):
            return
        try:
            handler = self.fake.server.RequestHandlerClass
            handler(secure, secure.getpeername(), self.fake.server)  # serves keep-alive requests until closed
        except (ssl.SSLError, OSError):
            pass  # the client closed its pooled connection: nothing more to serve
        finally:
            secure.close()

    def __enter__(self) -> SheetsProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
