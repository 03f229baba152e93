"""Roles, e-mail mapping, page lists, write checks and access-code hashing (services.access.auth)."""

from __future__ import annotations

import hmac
import io
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services import cli
from services.access import auth
from services.access.auth import User
from services.core import config
from services.core.errors import ConfigError, PermissionDenied

UNIT_A = "Đảng ủy phường Bồ Đề"
UNIT_B = "Đảng ủy phường Gia Thụy"
UNITS = [u.name for u in config.load_plan().units]
ALL_PAGES = ["overview", "meeting", "map", "themes", "units", "quality", "log", "entry"]
VIEWER = User(role="viewer", email="xem@example.org")
EDITOR_A = User(role="editor", unit=UNIT_A)
ADMIN = User(role="admin")
CODE = "ma-truy-cap-Bo-De-2016"
# One hash made once (scrypt costs ~50 ms); a fixed salt keeps it reproducible.
STORED = auth.hash_code(CODE, salt=b"fixed-test-salt!")


def access(**data: object) -> auth.AccessConfig:
    return auth.AccessConfig.model_validate(data)


MAPPING = access(
    users={
        "Chi.Tuyen@Example.org": {"role": "admin"},
        "bode@example.org": {"role": "editor", "unit": UNIT_A},
        "khach@longbien.example": {"role": "viewer"},
    },
    domains={"longbien.example": {"role": "editor", "unit": UNIT_B}, "@xem.example": {"role": "viewer"}},
)


# ---------------------------------------------------------------- hashing


def test_hash_round_trip_and_format() -> None:
    parts = STORED.split("$")
    assert parts[0] == "scrypt" and len(parts) == 6
    assert CODE not in STORED
    assert auth.verify_code(CODE, STORED)


@pytest.mark.parametrize(
    "attempt",
    ["ma-truy-cap-bo-de-2016", "ma-truy-cap-Bo-De-201", "ma-truy-cap-Bo-De-20166", "", " ", STORED],
)
def test_wrong_code_is_rejected(attempt: str) -> None:
    assert not auth.verify_code(attempt, STORED)


def test_surrounding_spaces_and_unicode_form_do_not_matter() -> None:
    code = "mã-xem-Đại-hội-XII"
    stored = auth.hash_code(unicodedata.normalize("NFC", code))
    assert auth.verify_code(f"  {unicodedata.normalize('NFD', code)}\n", stored)


def test_each_hash_has_its_own_salt() -> None:
    first, second = auth.hash_code(CODE), auth.hash_code(CODE)
    assert first != second
    assert first.split("$")[4] != second.split("$")[4]
    assert auth.verify_code(CODE, first) and auth.verify_code(CODE, second)


def test_comparison_is_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    assert auth.verify_code(CODE, STORED)
    assert not auth.verify_code("sai-ma-truy-cap", STORED)
    assert len(calls) == 2
    assert all(len(a) == len(b) == 32 for a, b in calls)


@pytest.mark.parametrize(
    "stored",
    [
        "plain-text-code",
        "bcrypt$2b$12$abc",
        "scrypt$16384$8$1$c2FsdA",
        "scrypt$16385$8$1$c2FsdHNhbHQ$" + "A" * 43,  # n not a power of two
        "scrypt$16384$8$1$!!!$" + "A" * 43,
        "scrypt$16384$8$1$c2FsdA$" + "A" * 43,  # salt too short
    ],
)
def test_malformed_stored_hash_is_a_config_error(stored: str) -> None:
    with pytest.raises(ConfigError, match=re.escape("[access_codes.ban]")):
        auth.load_codes({"ban": {"role": "viewer", "hash": stored}})


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(code=st.text(min_size=1, max_size=40).filter(lambda s: s.strip()), other=st.text(max_size=40))
def test_only_the_same_code_verifies(code: str, other: str) -> None:
    stored = auth.hash_code(code, salt=b"0123456789abcdef")
    assert auth.verify_code(code, stored)
    same = unicodedata.normalize("NFC", other.strip()) == unicodedata.normalize("NFC", code.strip())
    assert auth.verify_code(other, stored) == same


def test_user_for_code_tries_every_code() -> None:
    codes = auth.load_codes(
        {
            "ban_thuong_vu": {"role": "viewer", "hash": auth.hash_code("ma-ban-thuong-vu-1")},
            "phuong_bo_de": {"role": "editor", "unit": UNIT_A, "hash": STORED},
        }
    )
    assert auth.user_for_code(codes, CODE) == User(role="editor", unit=UNIT_A, name="phuong_bo_de", method="code")
    assert auth.user_for_code(codes, "ma-ban-thuong-vu-1") == User(role="viewer", name="ban_thuong_vu", method="code")
    assert auth.user_for_code(codes, "doan-mo") is None
    assert auth.user_for_code(codes, "") is None


def test_editor_code_needs_a_unit() -> None:
    with pytest.raises(ConfigError, match="unit"):
        auth.load_codes({"x": {"role": "editor", "hash": STORED}})


# ---------------------------------------------------------------- e-mail mapping


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("chi.tuyen@example.org", ("admin", None)),
        ("CHI.TUYEN@EXAMPLE.ORG", ("admin", None)),  # addresses compare case-insensitively
        ("bode@example.org", ("editor", UNIT_A)),
        ("khach@longbien.example", ("viewer", None)),  # an address wins over its domain
        ("ai.do@longbien.example", ("editor", UNIT_B)),  # the domain's grant
        ("ban@xem.example", ("viewer", None)),  # "@domain" keys work too
        ("someone@example.org", None),  # same domain as a listed address, but no domain grant
        ("ai.do@sub.longbien.example", None),  # subdomains are not the domain
        ("ai.do@longbien.example.evil", None),
        ("longbien.example", None),
        ("", None),
        (None, None),
        ("a@b@longbien.example", None),
    ],
)
def test_email_and_domain_mapping(email: str | None, expected: tuple[str, str | None] | None) -> None:
    user = auth.user_for_email(MAPPING, email)
    assert (None if user is None else (user.role, user.unit)) == expected


@pytest.mark.parametrize(
    ("claims", "role"),
    [
        ({"is_logged_in": True, "email": "bode@example.org", "email_verified": True}, "editor"),
        ({"is_logged_in": True, "email": "bode@example.org"}, "editor"),  # provider without the claim
        ({"is_logged_in": True, "email": "bode@example.org", "email_verified": False}, None),
        ({"is_logged_in": False, "email": "bode@example.org"}, None),
        ({"email": "bode@example.org"}, None),
        ({"is_logged_in": True}, None),
        ({"is_logged_in": True, "email": ["bode@example.org"]}, None),
    ],
)
def test_oidc_claims_mapping(claims: dict[str, object], role: str | None) -> None:
    user = auth.user_for_claims(MAPPING, claims)
    assert (None if user is None else user.role) == role
    if user is not None:
        assert user.method == "oidc" and user.email == "bode@example.org"


def test_access_file_and_secrets_are_merged(tmp_path: Path) -> None:
    file = tmp_path / "access.yaml"
    file.write_text(
        "users:\n  a@example.org: {role: viewer}\n  b@example.org: {role: viewer}\ndomains: {}\n", encoding="utf-8"
    )
    merged = auth.load_access(file, {"users": {"b@example.org": {"role": "admin"}}, "open_role": "viewer"})
    assert merged.users["a@example.org"].role == "viewer"
    assert merged.users["b@example.org"].role == "admin"  # secrets win
    assert merged.open_role == "viewer"


@pytest.mark.parametrize(
    ("yaml_text", "where"),
    [
        ("users:\n  a@example.org: {role: owner}\n", "users.a@example.org.role"),
        ("users:\n  a@example.org: {role: editor}\n", "users.a@example.org"),
        ("pages:\n  guest: [overview]\n", "pages.guest"),
        ("userz: {}\n", "userz"),
    ],
)
def test_bad_access_file_names_the_key(tmp_path: Path, yaml_text: str, where: str) -> None:
    file = tmp_path / "access.yaml"
    file.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(f"access.yaml: {where}")):
        auth.load_access(file)


def test_committed_access_file_is_valid_and_has_no_addresses() -> None:
    committed = auth.load_access()
    assert committed.users == {} and committed.domains == {}
    assert committed.open_role == "admin"


def test_editor_unit_must_be_a_plan_unit() -> None:
    auth.check_units(MAPPING, {}, UNITS)
    wrong = access(users={"x@example.org": {"role": "editor", "unit": "Đảng ủy phường Không Có"}})
    with pytest.raises(ConfigError, match="Không Có"):
        auth.check_units(wrong, {}, UNITS)


# ---------------------------------------------------------------- pages per role


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        (None, []),
        (VIEWER, ["overview", "meeting", "map", "themes", "units", "log"]),
        (EDITOR_A, ["overview", "meeting", "map", "themes", "units", "log", "entry"]),
        (ADMIN, ALL_PAGES),
    ],
)
def test_default_page_lists(user: User | None, expected: list[str]) -> None:
    assert auth.allowed_pages(auth.load_access(), user, ALL_PAGES) == expected


def test_page_lists_are_configurable() -> None:
    narrow = access(pages={"viewer": ["meeting"], "editor": ["entry"], "admin": ["overview", "quality"]})
    assert auth.allowed_pages(narrow, VIEWER, ALL_PAGES) == ["meeting"]
    assert auth.allowed_pages(narrow, EDITOR_A, ALL_PAGES) == ["entry"]
    assert auth.allowed_pages(narrow, ADMIN, ALL_PAGES) == ["overview", "quality"]


# ---------------------------------------------------------------- writing


@pytest.mark.parametrize(
    ("user", "unit", "allowed"),
    [
        (None, UNIT_A, False),
        (VIEWER, UNIT_A, False),
        (EDITOR_A, UNIT_A, True),
        (EDITOR_A, "dang uy phuong bo de", True),  # the reader's tolerant matching
        (EDITOR_A, UNIT_B, False),
        (EDITOR_A, "", False),
        (EDITOR_A, None, False),
        (User(role="editor", unit=None), UNIT_A, False),
        (ADMIN, UNIT_B, True),
        (ADMIN, "Một đơn vị khác", True),
    ],
)
def test_can_write(user: User | None, unit: str | None, allowed: bool) -> None:
    assert auth.can_write(user, unit) is allowed
    if allowed:
        auth.require_write(user, unit)
    else:
        with pytest.raises(PermissionDenied) as caught:
            auth.require_write(user, unit)
        assert str(caught.value)  # a message the page can show


def test_refusal_messages_say_what_to_do() -> None:
    with pytest.raises(PermissionDenied, match="chỉ có quyền xem"):
        auth.require_write(VIEWER, UNIT_A)
    with pytest.raises(PermissionDenied, match=f"cho đơn vị {UNIT_A}"):
        auth.require_write(EDITOR_A, UNIT_B)
    with pytest.raises(PermissionDenied, match="chưa đăng nhập"):
        auth.require_write(None, UNIT_A)


@pytest.mark.parametrize(
    ("user", "expected"),
    [(None, []), (VIEWER, []), (EDITOR_A, [UNIT_A]), (User(role="editor", unit="dang uy phuong bo de"), [UNIT_A])],
)
def test_writable_units(user: User | None, expected: list[str]) -> None:
    assert auth.writable_units(user, UNITS) == expected


def test_admin_may_pick_every_unit() -> None:
    assert auth.writable_units(ADMIN, UNITS) == UNITS


# ---------------------------------------------------------------- the hash-code tool


def test_cli_hash_code_reads_stdin_and_prints_a_verifiable_hash(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{CODE}\n"))
    assert cli.main(["hash-code"]) == 0
    out, err = capsys.readouterr()
    stored = out.strip()
    assert auth.verify_code(CODE, stored)
    assert CODE not in out and CODE not in err
    assert "secrets.toml" in err


def test_cli_hash_code_refuses_a_short_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("ngan\n"))
    assert cli.main(["hash-code"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "ít nhất 10 ký tự" in err
