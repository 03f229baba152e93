"""The whole ``st.login`` flow in Chromium against a local OpenID provider (tests/fake_oidc.py).

Streamlit's server does discovery, the authorize redirect, the code exchange and
the RS256 ID-token check against the provider's JWKS (Authlib); the app maps the
e-mail to a role (``[access.users]``/``[access.domains]`` on top of
config/access.yaml), refuses an unverified e-mail, and signs out through the
provider's end-session endpoint.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.core import strings
from tests import fake_oidc
from tests.browser.conftest import start_server, stop_server

pytestmark = pytest.mark.browser

UNIT_A = "Đảng ủy phường Bồ Đề"


def t(key: str, **params: object) -> str:
    return strings.t(key, "vi", **params)


@pytest.fixture(scope="module")
def provider() -> Iterator[fake_oidc.FakeOIDC]:
    with fake_oidc.FakeOIDC() as fake:
        yield fake


@pytest.fixture(scope="module")
def oidc_server(provider: fake_oidc.FakeOIDC, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("oidc") / "secrets.toml"
    random_cookie = secrets.token_urlsafe(32)  # a new one every run
    path.write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{random_cookie}"\n'
        f'client_id = "{fake_oidc.CLIENT_ID}"\n'
        f'client_secret = "{fake_oidc.CLIENT_SECRET}"\n'
        f'server_metadata_url = "{provider.metadata_url}"\n'
        "[access.users]\n"
        '"vanphong@example.org" = { role = "admin" }\n'
        f'"bode@example.org" = {{ role = "editor", unit = "{UNIT_A}" }}\n'
        "[access.domains]\n"
        '"example.org" = { role = "viewer" }\n',
        encoding="utf-8",
    )
    base, process = start_server({"STREAMLIT_SECRETS_FILES": str(path)})
    yield base
    stop_server(process)


def _idle(page: object) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def _nav(page: object) -> list[str]:
    links = page.get_by_test_id("stSidebarNav").locator("a").all_inner_texts()
    return [text.strip().splitlines()[-1] for text in links]


def _sign_in(page: object, base: str) -> None:
    page.goto(base)
    page.get_by_role("heading", name=t("page_signin")).first.wait_for(timeout=60_000)
    _idle(page)
    page.get_by_role("button", name=t("signin_oidc_default")).click()


@pytest.mark.parametrize(
    ("email", "role_text", "has_entry", "has_quality"),
    [
        ("VanPhong@Example.org", t("auth_role_admin"), True, True),
        ("bode@example.org", t("auth_role_editor", unit=UNIT_A), True, False),
        ("ai.do@example.org", t("auth_role_viewer"), False, False),  # the domain's grant
    ],
)
def test_an_oidc_sign_in_maps_the_email_to_its_role_and_signs_out(
    browser: object,
    provider: fake_oidc.FakeOIDC,
    oidc_server: str,
    email: str,
    role_text: str,
    has_entry: bool,
    has_quality: bool,
) -> None:
    provider.identity = {"email": email, "email_verified": True, "name": "Người thử"}
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _sign_in(page, oidc_server)
    page.get_by_role("heading", name=t("page_overview")).first.wait_for(timeout=60_000)
    _idle(page)
    assert {"/authorize", "/token", "/jwks"} <= set(provider.requests)
    sidebar = page.get_by_test_id("stSidebar").inner_text()
    assert email.lower() in sidebar.replace("\u2060", "") and role_text in sidebar
    nav = _nav(page)
    assert (t("page_entry") in nav, t("page_quality") in nav) == (has_entry, has_quality)
    assert t("page_signin") not in nav
    assert any(cookie["name"].startswith("_streamlit_user") for cookie in context.cookies())

    page.get_by_role("button", name=t("auth_signout")).click()
    deadline = time.monotonic() + 30
    while "/logout" not in provider.requests and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert "/logout" in provider.requests  # the provider's session ends too
    page.wait_for_url(f"{oidc_server}/", timeout=30_000)  # back from the provider
    page.get_by_role("heading", name=t("page_signin")).first.wait_for(timeout=60_000)
    _idle(page)
    assert t("page_overview") not in _nav(page)
    assert not any(cookie["name"].startswith("_streamlit_user") for cookie in context.cookies())
    page.reload()  # still signed out after a reload
    page.get_by_role("heading", name=t("page_signin")).first.wait_for(timeout=60_000)
    assert errors == []
    context.close()


@pytest.mark.parametrize(
    ("identity", "message"),
    [
        ({"email": "vanphong@example.org", "email_verified": False}, "signin_unverified"),  # anyone could type it
        ({"email": "la@khac.example", "email_verified": True}, "signin_not_mapped"),  # verified, but no role
    ],
)
def test_an_unverified_or_unmapped_email_sees_no_data(
    browser: object, provider: fake_oidc.FakeOIDC, oidc_server: str, identity: dict[str, object], message: str
) -> None:
    provider.identity = identity
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _sign_in(page, oidc_server)
    page.get_by_text(t("auth_signout")).first.wait_for(timeout=60_000)  # signed in at the provider ...
    _idle(page)
    assert page.get_by_role("heading", level=1).all_inner_texts() == [t("page_signin")]  # ... but no page
    assert t("page_overview") not in _nav(page)
    assert not page.get_by_test_id("stMetric").count()
    body = page.locator("body").inner_text().replace("\u2060", "")
    assert t(message, email=identity["email"]) in body  # says which account was refused, and why
    context.close()


def test_the_provider_settings_never_reach_the_page(browser: object, oidc_server: str) -> None:
    page = browser.new_page()
    page.goto(oidc_server)
    page.get_by_role("heading", name=t("page_signin")).first.wait_for(timeout=60_000)
    _idle(page)
    html = page.content()
    assert fake_oidc.CLIENT_SECRET not in html and "cookie_secret" not in html
    page.close()


def test_the_fake_provider_is_local(provider: fake_oidc.FakeOIDC) -> None:
    assert provider.base.startswith("http://127.0.0.1:") and Path(fake_oidc.__file__).exists()
