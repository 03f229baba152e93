"""Sign-in and roles in the running app (AppTest): open demo, signed out, viewer, editor, admin.

Access codes are configured with ``at.secrets`` and the sign-in form is driven
like a user would; the OIDC path uses ``at.user`` as a fake provider identity.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from services.access import auth
from services.core import config, strings, text
from services.core.errors import PermissionDenied
from services.ingest import loader
from services.write import entry
from tests.test_entry import k as entry_key
from ui import auth as auth_ui

ROOT = Path(__file__).resolve().parent.parent
UNIT_A = "Đảng ủy phường Bồ Đề"
UNIT_B = "Đảng ủy phường Gia Thụy"
ALL = {"overview", "meeting", "map", "themes", "units", "quality", "log", "entry"}
VIEWER_PAGES = {"overview", "meeting", "map", "themes", "units", "log"}
CODES = {"ban_thuong_vu": "ma-xem-ban-thuong-vu-2016", "phuong_bo_de": "ma-ghi-phuong-bo-de-2016"}
OIDC = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "fake-cookie-secret-for-tests",
    "client_id": "fake-client",
    "client_secret": "fake-client-secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
EMAILS = {
    "users": {
        "xem@example.org": {"role": "viewer"},
        "bode@example.org": {"role": "editor", "unit": UNIT_A},
        "vanphong@example.org": {"role": "admin"},
    }
}


def t(key: str, **params: object) -> str:
    return strings.t(key, "vi", **params)


@pytest.fixture(scope="module")
def code_secrets() -> dict[str, object]:
    """Access codes as they would sit in secrets.toml: salted hashes only."""
    return {
        "access_codes": {
            "ban_thuong_vu": {"role": "viewer", "hash": auth.hash_code(CODES["ban_thuong_vu"])},
            "phuong_bo_de": {"role": "editor", "unit": UNIT_A, "hash": auth.hash_code(CODES["phuong_bo_de"])},
        }
    }


@pytest.fixture
def workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the demo workbook as the app's source, so writes never touch the repository."""
    copy = tmp_path / "demo.xlsx"
    shutil.copy(ROOT / "data" / "demo.xlsx", copy)
    monkeypatch.setenv(loader.SOURCE_ENV, str(copy))
    return copy


def app(secrets: dict[str, object] | None = None, user: dict[str, object] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    if user is not None:
        at.user = user
    return at.run()


def registered(at: AppTest) -> set[str]:
    """The pages the navigation offers (file stems), the hidden sign-in page excluded."""
    pages = {Path(str(info["script_path"])).stem for info in at._registered_pages.values()}
    return pages - {"signin", ""}  # "": signed out, each page's address runs only the sign-in form


def titles(at: AppTest) -> list[str]:
    return [element.value for element in at.title]


def page_text(at: AppTest) -> str:
    """Everything the run shows as text: headings, messages, labels, options, tables."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "error", "warning", "info", "success"):
        parts += [str(element.value) for element in at.get(kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [str(getattr(w, "label", "")) for kind in ("button", "text_input", "selectbox") for w in at.get(kind)]
    parts += [" ".join(map(str, box.options)) for box in at.selectbox]
    parts += [frame.value.to_string() for frame in at.dataframe]
    return "\n".join(parts)


def sign_in(at: AppTest, code: str) -> AppTest:
    field = next(box for box in at.text_input if box.label == t("signin_code_label"))
    field.input(code)
    next(b for b in at.button if b.label == t("signin_code_submit")).click()
    return at.run()


def data_rows(path: Path) -> int:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return sum(1 for row in book["Hoạt động"].iter_rows(min_row=2, values_only=True) if any(row))
    finally:
        book.close()


def an_entry(unit: str) -> entry.Entry:
    return entry.Entry(
        id=entry.new_id(), date=dt.date(2016, 1, 12), unit=unit, wards=("Bồ Đề",), form="co_dong_truc_quan",
        themes=("ND1.1",), title="Treo băng rôn chào mừng Đại hội", participants=12,
    )  # fmt: skip


# ---------------------------------------------------------------- no auth configured


def test_no_auth_configured_is_open_and_says_so() -> None:
    at = app()
    assert not at.exception
    assert t("auth_open_mode") in [w.value for w in at.sidebar.warning]
    assert registered(at) == ALL
    assert titles(at)[0] == t("page_overview")


# ---------------------------------------------------------------- signed out


def test_signed_out_sees_only_the_sign_in_page(code_secrets: dict[str, object]) -> None:
    at = app(code_secrets)
    assert not at.exception
    assert titles(at) == [t("page_signin")]
    assert registered(at) == set()
    assert not at.metric and not at.dataframe  # no figure, no table of the party's data
    assert t("auth_open_mode") not in [w.value for w in at.sidebar.warning]
    for page in ("overview", "entry", "quality"):
        with pytest.raises(ValueError, match="navigation page"):
            at.switch_page(f"pages/{page}.py")


def test_signed_out_with_oidc_offers_the_provider_login() -> None:
    at = app({"auth": OIDC, "access": EMAILS}, user={"is_logged_in": False})
    assert registered(at) == set()
    assert t("signin_oidc_default") in [b.label for b in at.button]


def test_a_wrong_code_is_refused(code_secrets: dict[str, object]) -> None:
    at = sign_in(app(code_secrets), "ma-doan-mo-2016")
    assert t("signin_code_wrong") in [e.value for e in at.error]
    assert auth_ui.CODE_SESSION_KEY not in at.session_state
    shown = page_text(at)
    assert "ma-doan-mo-2016" not in shown and "scrypt$" not in shown  # neither the attempt nor a hash
    assert titles(at) == [t("page_signin")]


def test_an_unmapped_google_account_sees_no_data() -> None:
    at = app({"auth": OIDC, "access": EMAILS}, user={"is_logged_in": True, "email": "la@example.net"})
    assert registered(at) == set()
    assert titles(at) == [t("page_signin")]
    assert any(text.md_escape("la@example.net") in w.value for w in at.warning)  # escaped: no mail link
    assert not at.metric


def test_a_broken_access_config_fails_closed() -> None:
    bad = {
        "access_codes": {"x": {"role": "editor", "unit": "Đảng ủy phường Không Có", "hash": auth.hash_code("x" * 12)}}
    }
    at = app(bad)
    assert any(t("auth_config_error") in e.value for e in at.error)
    assert not at.metric and registered(at) == set()


def test_emails_without_a_sign_in_method_fail_closed() -> None:
    at = app({"access": EMAILS})
    assert any(text.md_escape("[auth]") in e.value for e in at.error)
    assert t("auth_open_mode") not in [w.value for w in at.sidebar.warning]


# ---------------------------------------------------------------- viewer


def test_viewer_signs_in_with_a_code_and_cannot_open_the_entry_form(code_secrets: dict[str, object]) -> None:
    at = sign_in(app(code_secrets), CODES["ban_thuong_vu"])
    assert not at.exception
    assert titles(at)[0] == t("page_overview")
    assert at.session_state[auth_ui.CODE_SESSION_KEY]["label"] == "ban_thuong_vu"
    assert CODES["ban_thuong_vu"] not in str(at.session_state[auth_ui.CODE_SESSION_KEY])
    user = at.session_state[auth_ui.USER_SESSION_KEY]
    assert (user.role, user.method) == ("viewer", "code")
    with pytest.raises(ValueError, match="navigation page"):
        at.switch_page("pages/entry.py")  # the navigation does not offer it
    # A crafted request that runs the page file itself meets the page's own guard.
    direct = AppTest.from_file(str(ROOT / "pages" / "entry.py"), default_timeout=60)
    for key, value in code_secrets.items():
        direct.secrets[key] = value
    direct.session_state[auth_ui.CODE_SESSION_KEY] = at.session_state[auth_ui.CODE_SESSION_KEY]
    direct.run()
    assert not direct.exception
    assert t("page_entry") not in titles(direct)
    assert any(text.md_escape(t("auth_page_denied", role=t("auth_role_viewer"))) in e.value for e in direct.error)
    assert not direct.text_input and not direct.selectbox


def test_viewer_navigation_has_no_entry_form() -> None:
    at = app({"auth": OIDC, "access": EMAILS}, user={"is_logged_in": True, "email": "xem@example.org"})
    assert registered(at) == VIEWER_PAGES
    with pytest.raises(ValueError, match="navigation page"):
        at.switch_page("pages/entry.py")


def test_the_write_path_refuses_a_viewer(workbook: Path) -> None:
    plan, schema = loader.load_config()
    before = data_rows(workbook)
    viewer = auth.User(role="viewer", email="xem@example.org")
    with pytest.raises(PermissionDenied, match="chỉ có quyền xem"):
        entry.submit(an_entry(UNIT_A), workbook, plan, schema, user=viewer)
    with pytest.raises(PermissionDenied):
        entry.submit(an_entry(UNIT_A), workbook, plan, schema, user=None)
    assert data_rows(workbook) == before


# ---------------------------------------------------------------- editor of unit A


def unit_box(at: AppTest) -> object:
    return at.selectbox(key=entry_key(at, "unit"))


def test_editor_form_defaults_to_and_is_limited_to_its_unit(code_secrets: dict[str, object], workbook: Path) -> None:
    at = sign_in(app(code_secrets), CODES["phuong_bo_de"])
    at.switch_page("pages/entry.py").run()
    assert not at.exception
    assert titles(at)[0] == t("page_entry")
    box = unit_box(at)
    assert box.options == [UNIT_A]
    assert box.value == UNIT_A
    before = data_rows(workbook)
    at.date_input(key=entry_key(at, "date")).set_value(dt.date(2016, 1, 12))
    at.multiselect(key=entry_key(at, "wards")).select("Bồ Đề")
    at.selectbox(key=entry_key(at, "form")).select("co_dong_truc_quan")
    at.text_input(key=entry_key(at, "title")).input("Treo băng rôn chào mừng Đại hội")
    next(b for b in at.button if b.label == t("entry_submit")).click().run()
    assert not at.exception and not at.error
    assert data_rows(workbook) == before + 1
    activities = loader.read_dataset(workbook, *loader.load_config()).activities
    saved = [a for a in activities if a.title == "Treo băng rôn chào mừng Đại hội"]
    assert [a.unit for a in saved] == [UNIT_A]


def test_editor_navigation_includes_the_entry_form_but_not_quality(workbook: Path) -> None:
    at = app({"auth": OIDC, "access": EMAILS}, user={"is_logged_in": True, "email": "bode@example.org"})
    assert registered(at) == VIEWER_PAGES | {"entry"}
    at.switch_page("pages/entry.py").run()
    assert unit_box(at).options == [UNIT_A]


def test_the_write_path_limits_an_editor_to_its_unit(workbook: Path) -> None:
    plan, schema = loader.load_config()
    editor = auth.User(role="editor", unit=UNIT_A)
    before = data_rows(workbook)
    with pytest.raises(PermissionDenied, match=UNIT_A):
        entry.submit(an_entry(UNIT_B), workbook, plan, schema, user=editor)
    assert data_rows(workbook) == before
    written = entry.submit(an_entry(UNIT_A), workbook, plan, schema, user=editor)
    assert written.row > 1 and data_rows(workbook) == before + 1


# ---------------------------------------------------------------- admin


def test_admin_sees_everything(workbook: Path) -> None:
    at = app({"auth": OIDC, "access": EMAILS}, user={"is_logged_in": True, "email": "VanPhong@Example.org"})
    assert not at.exception
    assert registered(at) == ALL
    caption = " ".join(c.value for c in at.sidebar.caption)
    assert text.md_escape("vanphong@example.org") in caption and "quản trị" in caption
    shown = page_text(at)
    assert t("page_overview") in shown and "vanphong" in shown  # the check sees the page
    for secret in (OIDC["client_secret"], OIDC["cookie_secret"]):
        assert secret not in shown
    at.switch_page("pages/quality.py").run()
    assert titles(at)[0] == t("page_quality")
    at.switch_page("pages/entry.py").run()
    units = [u.name for u in config.load_plan().units]
    assert unit_box(at).options == units


# ---------------------------------------------------------------- secrets typos fail closed (issue 10)

HASH = auth.hash_code("ma-xem-ban-thuong-vu-2016")
VIEWER_CODE = {"role": "viewer", "hash": HASH}
NO_CLIENT_ID = {key: value for key, value in OIDC.items() if key != "client_id"}
AUTH_TOP = {"redirect_uri": OIDC["redirect_uri"], "cookie_secret": OIDC["cookie_secret"]}


@pytest.mark.parametrize(
    ("secrets", "named"),
    [
        ({"access_code": {"x": VIEWER_CODE}}, "[access_code]"),  # misspelled section
        ({"Auth": OIDC}, "[Auth]"),
        ({"access_codes": {}}, "[access_codes] trống"),  # empty table
        ({"auth": {}}, "[auth] trống"),
        ({"access": {}}, "[access] trống"),
        ({"access_codes": "abc"}, "access_codes"),
        ({"access_codes": {"x": "abc"}}, "access_codes.x"),
        ({"auth": {**NO_CLIENT_ID, "client-id": "fake-client"}}, "client-id"),  # dash for underscore
        ({"auth": {**OIDC, "clientsecret": "x"}}, "clientsecret"),  # unknown key
        ({"auth": {**OIDC, "redirect_uri": "http://127.0.0.1:8501/"}}, "redirect_uri"),
        ({"auth": AUTH_TOP}, "client_id"),
        ({"auth": {**AUTH_TOP, "google": {"client_id": "a", "client_secret": "b"}}}, "google]: server_metadata_url"),
        ({"access_codes": {"x": {**VIEWER_CODE, "untit": "a"}}}, "untit"),  # unknown key in a code
        ({"access_codes": {"x": {"role": "viewr", "hash": HASH}}}, "role"),
        ({"access": {"user": {"a@example.org": {"role": "viewer"}}}, "access_codes": {"x": VIEWER_CODE}}, "user"),
    ],
)
def test_a_secrets_typo_about_sign_in_closes_the_app_and_says_where(secrets: dict[str, object], named: str) -> None:
    at = app(secrets)
    assert not at.exception  # a message, not a traceback
    assert registered(at) == set() and not at.metric and not at.dataframe
    assert t("auth_open_mode") not in [w.value for w in at.sidebar.warning]
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and errors[0].startswith(t("auth_config_error"))
    assert text.md_escape(named) in errors[0]
    assert text._ROOT not in errors[0] and "Traceback" not in errors[0]
    assert HASH not in errors[0]  # a secret value is never quoted


def test_open_mode_false_and_no_sign_in_secrets_closes_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    closed = config.load_settings().model_copy(update={"open_mode": False})
    monkeypatch.setattr(config, "load_settings", lambda path=None: closed)
    at = app()
    assert registered(at) == set() and not at.metric
    assert any("open\\_mode" in e.value for e in at.error)
    assert t("auth_open_mode") not in [w.value for w in at.sidebar.warning]


def test_only_a_connections_section_is_still_open_mode_and_labelled() -> None:
    at = app({"connections": {"gsheets": {"type": "service_account"}}})
    assert t("auth_open_mode") in [w.value for w in at.sidebar.warning]
    assert registered(at) == ALL
