"""Sign-in for the Streamlit app: OpenID Connect, access codes, or open (local demo).

Which one is decided by the secrets: an ``[auth]`` section means ``st.login``
(OIDC, e.g. Google accounts) with e-mails mapped to roles; ``[access_codes]``
adds (or, without OIDC, is) a sign-in form with per-role codes; neither means
the app is open and says so. ``app.py`` calls :func:`gate` on every run; pages
read :func:`current_user`. Secrets and their paths are never shown.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from services.access import auth, secrets_check, throttle
from services.access.auth import AccessCode, AccessConfig, User
from services.core import config, strings, text
from services.core.errors import ConfigError, DashboardError, PermissionDenied
from services.ingest import loader
from ui import boot, navigation

CODE_SESSION_KEY = "_auth_code"  # {"label", "hash"} after a correct access code
USER_SESSION_KEY = "_auth_user"  # the User of this run, set by gate()
PATHS_SESSION_KEY = "_auth_paths"  # every page of the navigation, set by gate()
RETURN_SESSION_KEY = "_auth_return"  # {"page", "params"} of the link a signed-out visitor opened


@dataclass
class Setup:
    """The sign-in methods and access rules configured for this app."""

    access: AccessConfig
    codes: dict[str, AccessCode] = field(default_factory=dict)
    providers: list[str | None] = field(default_factory=list)  # OIDC: [None] = the one unnamed provider
    is_open: bool = False  # no sign-in secrets at all and open_mode: true in settings


@dataclass
class Access:
    """Who is using the app this run and which pages they may open."""

    user: User | None
    pages: list[str]  # paths of the pages this user may open, in navigation order
    setup: Setup | None  # None when the access configuration is broken


def _secrets() -> dict[str, Any]:
    """The secrets as a dict; empty when there is no secrets file at all."""
    try:
        return st.secrets.to_dict()
    except FileNotFoundError:
        files = st.get_option("secrets.files") or []
        if any(Path(f).exists() for f in files):  # present but unreadable: fail closed, path not shown
            raise ConfigError("không đọc được tệp secrets (.streamlit/secrets.toml): lỗi cú pháp TOML?") from None
        return {}


def _unit_names() -> list[str]:  # config files are memoized by services (per file version)
    plan, _ = loader.load_config()
    return [unit.name for unit in plan.units]


def load_setup() -> Setup:
    """Read the access rules (config + secrets); ConfigError when anything about sign-in is off.

    Fail closed: a sign-in secret that does not validate never opens the app. Open
    mode needs both no sign-in secrets at all and ``open_mode: true`` in settings.
    """
    sign_in = secrets_check.load(_secrets())
    access = auth.load_access(overrides=sign_in.access)
    auth.check_units(access, sign_in.codes, _unit_names())
    if not sign_in.configured:
        if not config.load_settings().open_mode:
            raise ConfigError("chưa cấu hình đăng nhập ([auth] hoặc [access_codes] trong secrets) và open_mode: false")
        return Setup(access=access, is_open=True)
    if not sign_in.codes and not sign_in.providers:
        # e-mails are listed, so the owner meant to restrict access: never fall back to open
        raise ConfigError("có danh sách e-mail được phép nhưng chưa cấu hình [auth] (OIDC) hay [access_codes]")
    return Setup(access=access, codes=sign_in.codes, providers=sign_in.providers)


def _code_user(setup: Setup) -> User | None:
    stored = st.session_state.get(CODE_SESSION_KEY)
    if not isinstance(stored, dict):
        return None
    entry = setup.codes.get(stored.get("label", ""))
    if entry is None or entry.hash != stored.get("hash"):  # code removed or changed since sign-in
        st.session_state.pop(CODE_SESSION_KEY, None)
        return None
    return User(role=entry.role, unit=entry.unit, name=stored["label"], method="code")


def _oidc_claims() -> dict[str, Any]:
    return dict(st.user.to_dict())


def resolve_user(setup: Setup) -> User | None:
    """The user of this run: open-mode user, OIDC identity mapped to a role, or access code."""
    if setup.is_open:
        return auth.open_user(setup.access)
    if setup.providers:
        user = auth.user_for_claims(setup.access, _oidc_claims())
        if user is not None:
            return user
    return _code_user(setup) if setup.codes else None


def _load_or_stop(lang: str) -> Setup:
    try:
        return load_setup()
    except DashboardError as err:  # fail closed: a broken config never opens the app
        st.error(f"{strings.t('auth_config_error', lang)}: {text.public_error(err)}")
        st.stop()


def gate(page_paths: list[str], lang: str = "vi") -> Access:
    """Work out who is here and which of ``page_paths`` they may open; show it in the sidebar.

    A broken access configuration opens nothing (fail closed); the sign-in page says why.
    """
    st.session_state[PATHS_SESSION_KEY] = list(page_paths)
    try:
        setup = load_setup()
    except DashboardError:
        # Fail closed, but still build a navigation (the sign-in page shows the error):
        # without one Streamlit would list every file in pages/.
        st.session_state[USER_SESSION_KEY] = None
        return Access(user=None, pages=[], setup=None)
    user = resolve_user(setup)
    st.session_state[USER_SESSION_KEY] = user
    _sidebar(setup, user, lang)
    return Access(user=user, pages=_allowed_paths(setup, user, page_paths), setup=setup)


def _allowed_paths(setup: Setup, user: User | None, page_paths: list[str]) -> list[str]:
    keys = auth.allowed_pages(setup.access, user, [Path(path).stem for path in page_paths])
    return [path for path in page_paths if Path(path).stem in keys]


def guard(page: str, lang: str | None = None) -> User:
    """Stop the page unless the current user may open it; return the user.

    ``app.py`` builds the navigation from the allowed pages, but Streamlit runs a
    file in ``pages/`` directly (without ``app.py``) on a server's first run and
    in AppTest, so pages that show or write data call this too.
    """
    boot.leave_legacy_navigation()
    lang = lang or st.session_state.get("lang", "vi")
    navigation.use_plan_words(lang)
    setup = _load_or_stop(lang)
    user = resolve_user(setup)
    st.session_state[USER_SESSION_KEY] = user
    if user is None:
        sign_in_page(lang)
        st.stop()
    if not auth.allowed_pages(setup.access, user, [page]):
        st.error(text.md_escape(strings.t("auth_page_denied", lang, role=role_text(user, lang))))
        st.stop()
    return user


def current_user() -> User | None:
    """The user :func:`gate` found for this run (None when signed out)."""
    user = st.session_state.get(USER_SESSION_KEY)
    return user if isinstance(user, User) else None


@dataclass(frozen=True)
class UnitChoice:
    """What the entry form's unit box offers."""

    options: list[str]
    index: int | None  # preselected option
    accept_new: bool  # may type a unit that is not in the plan


def unit_choice(user: User, units: list[str]) -> UnitChoice:
    """Editors get only their own unit, preselected; admins (and the open demo) pick or type any."""
    if user.role == "admin":
        return UnitChoice(list(units), None, True)
    own = auth.writable_units(user, units)
    return UnitChoice(own, 0 if own else None, False)


def role_text(user: User, lang: str) -> str:
    return strings.t(f"auth_role_{user.role}", lang, unit=user.unit or "")


def _sidebar(setup: Setup, user: User | None, lang: str) -> None:
    with st.sidebar:
        if setup.is_open:
            st.warning(strings.t("auth_open_mode", lang), icon=":material/lock_open:")
            return
        if user is None:
            return
        who = f"{user.name} · {role_text(user, lang)}" if user.name else role_text(user, lang)
        st.caption(text.md_escape(strings.t("auth_signed_in_as", lang, name=who)))
        if st.button(strings.t("auth_signout", lang), icon=":material/logout:", key="auth_signout"):
            sign_out(user)


def sign_out(user: User | None) -> None:
    """Forget the access code; end the OIDC session too when there is one."""
    st.session_state.pop(CODE_SESSION_KEY, None)
    st.session_state.pop(USER_SESSION_KEY, None)
    if user is not None and user.method == "oidc":
        # The browser leaves for the provider's sign-out and comes back in a new session; a rerun
        # here could drop that redirect message, leaving the identity cookie in place.
        st.logout()
        st.stop()
    st.rerun()


# One throttle for the server process, in a module variable: Streamlit's caches can be
# cleared by any connection (a "clear_cache" message), this cannot.
THROTTLE = throttle.Throttle()
_SESSION_FALLBACK = "_auth_client"


def client() -> tuple[str, str | None]:
    """This client as the throttle sees it: the Streamlit session and, when known, the address."""
    ctx = get_script_run_ctx()
    if ctx is not None:
        session = ctx.session_id
    else:
        session = st.session_state.setdefault(_SESSION_FALLBACK, secrets.token_hex(8))
    return session, throttle.client_address(st.context.ip_address, st.context.headers.get("X-Forwarded-For"))


def try_code(setup: Setup, code: str, lang: str = "vi") -> User | None:
    """Check an access code; remember the user in the session when it is right."""
    session, address = client()
    wait = THROTTLE.wait(session, address)
    if wait > 0:
        raise PermissionDenied(strings.t("signin_code_wait", lang, seconds=math.ceil(wait)))
    user = auth.user_for_code(setup.codes, code)
    if user is None:
        THROTTLE.failed(session, address)
        return None
    THROTTLE.succeeded(session)
    st.session_state[CODE_SESSION_KEY] = {"label": user.name, "hash": setup.codes[user.name].hash}
    return user


def _remember_link() -> None:
    """Keep the page and parameters (``?ngay=``…) of the link a signed-out visitor is at."""
    page = urlparse(st.context.url or "").path.rstrip("/").rsplit("/", 1)[-1]
    st.session_state[RETURN_SESSION_KEY] = {"page": page, "params": st.query_params.to_dict()}


def _go_home(setup: Setup, user: User) -> None:
    """Switch to the remembered page (when allowed) or the first allowed one, keeping the link's parameters."""
    home = _allowed_paths(setup, user, st.session_state.get(PATHS_SESSION_KEY, []))
    if not home:
        return
    asked = st.session_state.pop(RETURN_SESSION_KEY, None) or {}
    target = next((path for path in home if Path(path).stem == asked.get("page")), home[0])
    st.switch_page(target, query_params=asked.get("params") or None)


def sign_in_here() -> None:
    """The sign-in form at a page's address while signed out (a navigation placeholder, see app.py)."""
    sign_in_page(st.session_state.get("lang", "vi"))


def sign_in_page(lang: str = "vi") -> None:
    """The page an unauthenticated visitor sees: OIDC button(s) and/or the code form."""
    st.title(strings.t("page_signin", lang))
    try:
        setup = load_setup()
    except DashboardError as err:
        st.error(f"{strings.t('auth_config_error', lang)}: {text.public_error(err)}")
        return
    claims = _oidc_claims() if setup.providers else {}
    if claims.get("is_logged_in") and resolve_user(setup) is None:
        email = claims.get("email") if isinstance(claims.get("email"), str) else "?"
        key = "signin_not_mapped" if auth.email_verified(claims) else "signin_unverified"
        st.warning(text.md_escape(strings.t(key, lang, email=email)))
        if st.button(strings.t("auth_signout", lang), key="signin_logout"):
            st.logout()
        return
    user = resolve_user(setup)
    if user is not None:  # just signed in: go to the page the link asked for, else the first allowed
        _go_home(setup, user)
        st.info(strings.t("signin_no_pages", lang))
        return
    _remember_link()
    st.write(strings.t("signin_intro", lang))
    for provider in setup.providers:
        label = strings.t("signin_oidc", lang, provider=provider.title()) if provider else None
        if st.button(label or strings.t("signin_oidc_default", lang), key=f"signin_oidc_{provider or ''}"):
            if provider:
                st.login(provider)
            else:
                st.login()
    if setup.codes:
        _code_form(setup, lang)


def _code_form(setup: Setup, lang: str) -> None:
    st.subheader(strings.t("signin_code_title", lang))
    with st.form("signin_code", clear_on_submit=True):
        code = st.text_input(
            strings.t("signin_code_label", lang), type="password", help=strings.t("signin_code_help", lang)
        )
        submitted = st.form_submit_button(strings.t("signin_code_submit", lang))
    if not submitted:
        return
    try:
        user = try_code(setup, code, lang)
    except DashboardError as err:
        st.error(text.public_error(err))
        return
    if user is None:
        st.error(strings.t("signin_code_wrong", lang))
        return
    st.rerun()
