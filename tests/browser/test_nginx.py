"""The shipped nginx recipe, run for real in front of two replicas (issue 14 #6).

``deploy/nginx-dashboard.conf`` is copied with only what a test machine must change
(the upstream ports, the listen address, the name, the certificate, the port-80
redirect's port) plus one test-only header naming the replica that answered, wrapped in
a minimal nginx.conf and run as the current user. Behind it: the two replicas of
tests/browser/test_replicas.py (one shared read of the fake Google Sheet). Chromium
reaches it by name on a non-default port, as a browser reaches a real server, and the
test checks what a viewer relies on: the dashboard loads (the WebSocket passes the
proxy), every response of one browser comes from one replica (cookie), browsers with
different cookies land on different replicas, and a reload stays where it was.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from testkit import nginx
from tests.browser.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.browser.test_replicas import ROWS, Replicas, _content, serve_replicas

pytestmark = pytest.mark.browser

NAME = "dashboard.test"  # Chromium maps it to 127.0.0.1 (--host-resolver-rules); no DNS involved
COOKIE = "dashboard_replica"
UPSTREAM = nginx.UPSTREAM_HEADER.lower()


@dataclass
class Proxy:
    base: str  # what the browser opens
    port: int
    redirect_port: int
    replicas: Replicas
    ca: Path
    upstreams: list[str]  # "127.0.0.1:<port>" as nginx names them in $upstream_addr
    access_log: Path


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxy]:
    binary = nginx.binary()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is required in CI (.ci/run installs nginx-light)")
        pytest.skip("nginx not installed (apt-get install -y nginx-light; .ci/run installs it)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)  # the replicas' logs
    folder = tmp_path_factory.mktemp("nginx")
    with serve_replicas(tmp_path_factory.mktemp("replicas")) as replicas:
        upstreams = [int(base.rsplit(":", 1)[1]) for base in replicas.bases]
        try:
            with nginx.serve(binary, folder, upstreams, NAME) as running:
                yield Proxy(f"https://{NAME}:{running.port}", running.port, running.redirect_port, replicas,
                            running.ca, [f"127.0.0.1:{p}" for p in upstreams], running.access_log)  # fmt: skip
        except nginx.ConfigRejected as err:
            pytest.fail(f"nginx -t rejects the shipped conf:\n{err}")


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes = b""


def _request(proxy: Proxy, path: str, cookie: str = "", *, tls: bool = True, gzip: bool = False) -> Answer:
    """One plain HTTP/1.1 request through nginx, by name, the certificate checked against the test CA."""
    port = proxy.port if tls else proxy.redirect_port
    sock: socket.socket = socket.create_connection(("127.0.0.1", port), timeout=30)
    if tls:
        sock = ssl.create_default_context(cafile=proxy.ca).wrap_socket(sock, server_hostname=NAME)
    lines = [f"GET {path} HTTP/1.1", f"Host: {NAME}:{port}", "Connection: close"]
    lines += [f"Cookie: {COOKIE}={cookie}"] if cookie else []
    lines += ["Accept-Encoding: gzip"] if gzip else []
    with sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        response = http.client.HTTPResponse(sock)
        response.begin()
        return Answer(response.status, response.headers, response.read())


def _replica_cookie(answer: Answer) -> str:
    """The value of the shipped Set-Cookie, after checking its attributes."""
    [header] = [h for h in answer.headers.get_all("Set-Cookie", []) if h.startswith(f"{COOKIE}=")]
    value, *attributes = [part.strip() for part in header.split(";")]
    assert attributes == ["Path=/", "Secure", "HttpOnly", "SameSite=Lax"], header
    return value.split("=", 1)[1]


def _cookie_per_replica(proxy: Proxy) -> dict[str, str]:
    """A cookie value that the upstream hash sends to each replica, found by asking nginx."""
    found: dict[str, str] = {}
    for _ in range(64):  # each try lands on a given replica with probability ~1/2
        value = secrets.token_hex(16)  # the shape of $request_id, what nginx itself hands out
        answer = _request(proxy, "/_stcore/health", value)
        found.setdefault(answer.headers[UPSTREAM], value)
        if len(found) == len(proxy.upstreams):
            break
    assert sorted(found) == sorted(proxy.upstreams), found
    return found


def test_the_cookie_pins_a_client_to_one_replica(proxy: Proxy) -> None:
    first = _request(proxy, "/_stcore/health")
    assert first.status == 200
    assert first.headers[UPSTREAM] in proxy.upstreams
    value = _replica_cookie(first)
    assert re.fullmatch(r"[0-9a-f]{32}", value), value  # a fresh $request_id
    again = [_request(proxy, path, value) for path in ("/", "/_stcore/health", "/_stcore/host-config") * 2]
    assert {(a.status, a.headers[UPSTREAM], _replica_cookie(a)) for a in again} == {
        (200, first.headers[UPSTREAM], value)
    }, [(a.status, a.headers[UPSTREAM]) for a in again]
    for upstream, cookie in _cookie_per_replica(proxy).items():
        assert {_request(proxy, "/_stcore/health", cookie).headers[UPSTREAM] for _ in range(3)} == {upstream}


HARDENING = {  # as in the one-server recipe (README)
    "Strict-Transport-Security": "max-age=31536000",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "SAMEORIGIN",
    "Content-Security-Policy": "frame-ancestors 'self'",
}


@pytest.mark.parametrize("path", ["/", "/_stcore/health", "/_stcore/host-config", "/no-such-page"])
def test_every_answer_carries_the_security_headers(proxy: Proxy, path: str) -> None:
    answer = _request(proxy, path)
    assert {name: answer.headers.get_all(name) for name in HARDENING} == {k: [v] for k, v in HARDENING.items()}


def test_streamlit_files_come_from_nginx_cache_compressed(proxy: Proxy) -> None:
    """Streamlit's scripts are fetched from a replica once, then served by nginx to every browser."""
    index = _request(proxy, "/").body.decode()
    found = re.search(r'src="\.?/?(static/js/[^"]+\.js)"', index)
    assert found, index[:500]
    path = "/" + found.group(1)
    first = _request(proxy, path)
    assert first.status == 200 and first.headers["X-Cache-Status"] in {"MISS", "HIT"}
    cookies = list(_cookie_per_replica(proxy).values())
    later = [_request(proxy, path, cookie, gzip=True) for cookie in cookies]  # browsers pinned to each replica
    assert [(a.status, a.headers["X-Cache-Status"], a.headers.get(UPSTREAM, "")) for a in later] == [
        (200, "HIT", "")  # no replica was asked
    ] * len(cookies)
    assert {a.headers["Content-Encoding"] for a in later} == {"gzip"}
    assert all(len(a.body) < len(first.body) for a in later)
    assert {name: later[0].headers.get_all(name) for name in HARDENING} == {k: [v] for k, v in HARDENING.items()}


def test_streamlit_metrics_are_not_served(proxy: Proxy) -> None:
    assert _request(proxy, "/_stcore/metrics").status == 404
    assert _request(proxy, "/_stcore/health").status == 200


def test_plain_http_is_redirected_to_https(proxy: Proxy) -> None:
    answer = _request(proxy, "/overview?x=1", tls=False)
    assert (answer.status, answer.headers["Location"]) == (301, f"https://{NAME}/overview?x=1")


@pytest.fixture(scope="module")
def named_browser(browser: object) -> Iterator[object]:
    """Chromium that resolves :data:`NAME` to 127.0.0.1, so pages have a real name and port as origin."""
    instance = browser.browser_type.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {NAME} 127.0.0.1"]
    )
    yield instance
    instance.close()


@dataclass
class Visit:
    """One browser context on the dashboard and the replica named in every response it got."""

    page: object
    upstreams: list[tuple[str, str]]  # (url, X-Dashboard-Upstream) of each document, static file, request
    sockets: list[str]  # the same header on each WebSocket handshake (/_stcore/stream)
    cached: list[str] = field(default_factory=list)  # urls nginx answered from its cache (no replica asked)

    def replicas(self) -> set[str]:
        return {upstream for _, upstream in self.upstreams} | set(self.sockets)


def _header(headers: dict[str, str], name: str) -> str:
    return next((value for key, value in headers.items() if key.lower() == name), "")


def _visit(browser: object, proxy: Proxy, cookie: str = "") -> Visit:
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1280, "height": 900})
    if cookie:
        context.add_cookies([{"name": COOKIE, "value": cookie, "url": proxy.base}])
    page = context.new_page()
    visit = Visit(page, [], [])

    def seen(response: object) -> None:
        if not response.url.startswith(proxy.base):
            return
        if response.headers.get("x-cache-status") == "HIT":
            visit.cached.append(response.url)  # from nginx's cache: no replica answered
        else:
            visit.upstreams.append((response.url, response.headers.get(UPSTREAM, "")))

    page.on("response", seen)
    # Playwright's WebSocket object has no headers; the DevTools protocol reports the handshake's.
    devtools = context.new_cdp_session(page)
    devtools.send("Network.enable")
    devtools.on(
        "Network.webSocketHandshakeResponseReceived",
        lambda event: visit.sockets.append(_header(event["response"]["headers"], UPSTREAM)),
    )
    page.goto(proxy.base)
    return visit


def _loaded(visit: Visit) -> None:
    assert f"{ROWS} dòng" in _content(visit.page)  # the overview drew the fake Sheet's rows: the WebSocket works
    assert visit.sockets, "no WebSocket handshake seen"


def test_browsers_load_the_dashboard_through_nginx_each_on_one_replica(named_browser: object, proxy: Proxy) -> None:
    wanted = _cookie_per_replica(proxy)
    fresh = _visit(named_browser, proxy)
    pinned = {upstream: _visit(named_browser, proxy, cookie) for upstream, cookie in wanted.items()}
    visits = [fresh, *pinned.values()]
    try:
        for visit in visits:
            _loaded(visit)
        [jar] = [c for c in fresh.page.context.cookies() if c["name"] == COOKIE]
        assert (jar["secure"], jar["httpOnly"], jar["sameSite"]) == (True, True, "Lax"), jar
        replicas = fresh.replicas()  # document, static files, requests and WebSocket: all one replica
        assert len(replicas) == 1 and replicas <= set(proxy.upstreams), fresh.upstreams
        [replica] = replicas
        for upstream, visit in pinned.items():
            assert visit.replicas() == {upstream}, visit.upstreams
        # A reload keeps the cookie, so the new session (and its WebSocket) opens on the same replica.
        fresh.upstreams.clear()
        fresh.sockets.clear()
        fresh.page.reload()
        _loaded(fresh)
        assert fresh.replicas() == {replica}, fresh.upstreams
        assert [c["value"] for c in fresh.page.context.cookies() if c["name"] == COOKIE] == [jar["value"]]
        # The page came over HTTP/2, as shipped (`listen ... ssl http2`); the WebSocket is an HTTP/1.1
        # upgrade (seen above), which nginx logs only when it closes.
        log = proxy.access_log.read_text(encoding="utf-8")
        assert '"GET / HTTP/2.0" 200' in log, log[-2000:]
    finally:
        for visit in visits:
            visit.page.context.close()
