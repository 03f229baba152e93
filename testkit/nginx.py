"""The shipped nginx recipe (deploy/nginx-dashboard.conf) run for real, as the current user.

Used by tests/browser/test_nginx.py (what a viewer relies on behind it) and by
benchmarks/browser.py (a replica's CPU per new session behind it). The shipped file is
copied with only what a test machine must change (the upstream ports, the listen address,
the name, the certificate, the port-80 redirect's port, the cache folder) plus one
test-only header naming the replica that answered, wrapped in a minimal nginx.conf whose
files all stay in one folder.
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from testkit.tls_proxy import make_certificates

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "deploy" / "nginx-dashboard.conf"
UPSTREAM_HEADER = "X-Dashboard-Upstream"  # test only: which replica answered


def binary() -> str | None:
    """The nginx executable, or None when nginx is not installed."""
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def _sub(pattern: str, replacement: str, text: str, count: int) -> str:
    """``re.sub`` that insists on ``count`` matches, so a changed shipped file fails here, not silently."""
    result, made = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    if made != count:
        raise AssertionError(f"{pattern!r} matched {made} times in {SHIPPED.name}, expected {count}")
    return result


def derive_conf(
    shipped: str, upstreams: list[int], port: int, redirect_port: int, cert: Path, key: Path, cache: Path, name: str
) -> str:
    """The shipped conf with only the machine-specific values replaced; every other directive as shipped."""
    first = re.search(r"^([ \t]*)server 127\.0\.0\.1:\d+( [^;]*)?;\n", shipped, flags=re.MULTILINE)
    if not first:
        raise AssertionError("no upstream server lines")
    indent, params = first.group(1), first.group(2) or ""
    servers = "".join(f"{indent}server 127.0.0.1:{p}{params};\n" for p in upstreams)
    text = _sub(r"(?:^[ \t]*server 127\.0\.0\.1:\d+[^;]*;\n)+", servers.replace("\\", "\\\\"), shipped, 1)
    text = _sub(r"^([ \t]*)listen 443( [^;]*);", rf"\g<1>listen 127.0.0.1:{port}\g<2>;", text, 1)
    text = _sub(r"^([ \t]*)listen 80;", rf"\g<1>listen 127.0.0.1:{redirect_port};", text, 1)
    text = _sub(r"^([ \t]*)server_name \S+;", rf"\g<1>server_name {name};", text, 2)
    text = _sub(r"^([ \t]*)ssl_certificate\s+\S+;", rf"\g<1>ssl_certificate {cert};", text, 1)
    text = _sub(r"^([ \t]*)ssl_certificate_key\s+\S+;", rf"\g<1>ssl_certificate_key {key};", text, 1)
    text = _sub(r"^proxy_cache_path \S+", f"proxy_cache_path {cache}", text, 1)
    # TEST ONLY: which replica answered. In the locations with the shipped Set-Cookie and cache
    # status, because a location's add_header replaces (not extends) any it would inherit.
    header = rf"\g<1>\g<2>\n\g<1>add_header {UPSTREAM_HEADER} $upstream_addr always;"
    return _sub(r"^([ \t]*)(add_header (?:Set-Cookie|X-Cache-Status) .*)$", header, text, 2)


def _wrapper(folder: Path, include: Path) -> str:
    """A minimal nginx.conf around the derived server conf: everything nginx writes stays in ``folder``."""
    # As root the master would hand workers to `nobody`, who cannot enter pytest's private tmp folder.
    user = (
        f"user {pwd.getpwuid(os.getuid()).pw_name} {grp.getgrgid(os.getgid()).gr_name};\n" if os.geteuid() == 0 else ""
    )
    temp = "".join(
        f"    {kind}_temp_path {folder / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}worker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} info;\n"
        f"events {{}}\nhttp {{\n    access_log {folder / 'access.log'};\n{temp}    include {include};\n}}\n"
    )


def _command(nginx: str, folder: Path, *extra: str) -> list[str]:
    return [nginx, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;", *extra]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_listening(port: int, process: subprocess.Popen[bytes], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("nginx did not listen in time")


class ConfigRejected(RuntimeError):
    """``nginx -t`` refused the derived conf; the message is nginx's."""


@dataclass
class Running:
    port: int
    redirect_port: int
    ca: Path  # the test CA that signed the certificate for ``name``
    access_log: Path
    pid: int


@contextlib.contextmanager
def serve(nginx: str, folder: Path, upstreams: list[int], name: str) -> Iterator[Running]:
    """nginx with the shipped conf in front of ``upstreams`` (loopback ports), on free ports, in ``folder``."""
    ca, cert, key = make_certificates(folder / "tls", name)
    port, redirect_port = _free_port(), _free_port()
    conf = derive_conf(
        SHIPPED.read_text(encoding="utf-8"), upstreams, port, redirect_port, cert, key, folder / "static-cache", name
    )
    (folder / "dashboard.conf").write_text(conf, encoding="utf-8")
    (folder / "nginx.conf").write_text(_wrapper(folder, folder / "dashboard.conf"), encoding="utf-8")
    check = subprocess.run(_command(nginx, folder, "-t"), capture_output=True, text=True, timeout=30)
    if check.returncode != 0:
        raise ConfigRejected(check.stderr)
    with (folder / "nginx.out").open("wb") as log:
        process = subprocess.Popen(_command(nginx, folder), stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_listening(port, process)
            yield Running(port, redirect_port, ca, folder / "access.log", process.pid)
        finally:
            process.send_signal(signal.SIGTERM)  # fast shutdown: open WebSockets would hold a graceful one
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
