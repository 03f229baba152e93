"""Closed network (issue 15): no request the browser makes leaves the dashboard's own server.

Every page and the sign-in page are opened in Vietnamese and in English while every request to
another host is aborted and recorded; none may be attempted and the console may show no error.

One exception is built into Streamlit's frontend and cannot be avoided by the app: opened at a
deep link such as ``/themes``, the frontend first looks for its server *below that path* (in case
the app is served under a base URL): ``/themes/_stcore/health`` and ``/themes/_stcore/host-config``
get a 404 from the app's own server, then it uses ``/_stcore/...``. Only a ``window.__streamlit``
override inside Streamlit's bundled index.html would skip that probe, so exactly those two
same-origin 404s on deep links are allowed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

from services.core import strings
from tests.browser.conftest import start_server, stop_server
from tests.browser.test_signin import VIEWER_CODE, secrets_file
from ui import navigation

pytestmark = pytest.mark.browser

LANGS = list(strings.LANGUAGES)  # vi first: a new session starts in Vietnamese
PAGES = [("" if i == 0 else p.stem, p.title_key) for i, p in enumerate(navigation.PAGES)]


@dataclass
class Watch:
    """Aborts and records requests to other hosts; records console errors not allowed above."""

    base: str
    where: str = ""
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("data", "blob") or parts.netloc == urlsplit(self.base).netloc

    def new_page(self, browser: object) -> object:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route("**/*", self._route)
        page = context.new_page()
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"{self.where}: {exc}"))
        page.on("websocket", lambda ws: None if self.is_local(ws.url) else self.outside.append(ws.url))
        return page

    def _route(self, route: object) -> None:
        url = route.request.url
        if self.is_local(url):
            route.continue_()
        else:
            self.outside.append(f"{self.where}: {url}")
            route.abort("blockedbyclient")

    def _console(self, message: object) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        stems = "|".join(re.escape(p.stem) for p in [*navigation.PAGES, navigation.SIGNIN])
        probe = re.fullmatch(rf"{re.escape(self.base)}/(?:{stems})/_stcore/(?:health|host-config)", url)
        if not (probe and "404" in message.text):
            self.errors.append(f"{self.where}: {message.text} ({url})")


def _settle(page: object, title_key: str, lang: str) -> None:
    page.get_by_role("heading", name=strings.t(title_key, lang)).first.wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    # Streamlit shows a "running" indicator while the script runs; wait it out.
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def _switch_language(page: object, lang: str, title_key: str) -> None:
    choice = page.get_by_test_id("stSidebar").get_by_text(strings.LANGUAGES[lang], exact=True)
    choice.evaluate("e => e.click()")  # the radio sits at the foot of a long sidebar: a click event, wherever it is
    _settle(page, title_key, lang)


def _favicon(page: object) -> str:
    return page.evaluate("document.querySelector(\"link[rel~='icon']\")?.href ?? ''")


@pytest.fixture(scope="module")
def guarded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = secrets_file(tmp_path_factory.mktemp("secrets-closed"))
    base, process = start_server({"STREAMLIT_SECRETS_FILES": str(path)})
    yield base
    stop_server(process)


def test_every_page_in_both_languages_asks_only_its_own_server(browser: object, server: str) -> None:
    watch = Watch(server)
    page = watch.new_page(browser)
    favicons: set[str] = set()
    for path, title_key in PAGES:
        watch.where = path or "overview"
        for lang in LANGS:  # a deep link in each language (?lang=, as a shared link carries it)
            page.goto(f"{server}/{path}?lang={lang}")
            _settle(page, title_key, lang)
            favicons.add(_favicon(page))
    page.context.close()
    assert watch.outside == []
    assert watch.errors == []
    assert favicons and all(href and watch.is_local(href) for href in favicons), favicons


def test_sign_in_page_in_both_languages_asks_only_its_own_server(browser: object, guarded_server: str) -> None:
    watch = Watch(guarded_server)
    page = watch.new_page(browser)
    watch.where = "signin vi"
    page.goto(guarded_server)
    _settle(page, "page_signin", "vi")
    page.get_by_label(strings.t("signin_code_label", "vi"), exact=True).and_(page.locator("input")).fill(VIEWER_CODE)
    page.get_by_role("button", name=strings.t("signin_code_submit", "vi")).click()
    _settle(page, "page_overview", "vi")
    # The sign-in page has no language switch: choose English signed in, then sign out.
    _switch_language(page, "en", "page_overview")
    watch.where = "signin en"
    page.get_by_role("button", name=strings.t("auth_signout", "en")).click()
    _settle(page, "page_signin", "en")
    page.context.close()
    assert watch.outside == []
    assert watch.errors == []
