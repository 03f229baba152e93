"""Who may see and who may write: roles, e-mail mapping, access codes, checks.

Plain Python (no Streamlit). Three roles: ``viewer`` sees the dashboard,
``editor`` also logs activities for one unit, ``admin`` does everything.
E-mail addresses and whole domains map to a role in ``config/access.yaml``
and/or the ``[access]`` section of the secrets. Access codes (the fallback
sign-in) live only as salted scrypt hashes in the ``[access_codes]`` secrets.
The write path calls :func:`require_write`, so the UI is not the only guard.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from services.core import config, strings, text
from services.core.errors import ConfigError, PermissionDenied

Role = Literal["viewer", "editor", "admin"]
Method = Literal["open", "oidc", "code"]
ALL_PAGES = "*"
MIN_CODE_LENGTH = 10
# scrypt cost: 2**14 x 8 needs 16 MiB and ~50 ms per try, which also slows guessing.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
_SCHEME = "scrypt"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Grant(_Model):
    """A role, and for editors the unit they write for."""

    role: Role
    unit: str | None = None

    @model_validator(mode="after")
    def _editor_has_unit(self) -> Grant:
        if self.role == "editor" and not (self.unit or "").strip():
            raise ValueError("vai trò editor cần khóa 'unit' (đơn vị được ghi nhận)")
        return self


class AccessCode(Grant):
    """One access code: a role (and unit) and the code's salted hash."""

    hash: str

    @field_validator("hash")
    @classmethod
    def _well_formed(cls, value: str) -> str:
        _parse_hash(value)
        return value


def _default_pages() -> dict[Role, list[str]]:
    return {
        "viewer": ["overview", "meeting", "map", "themes", "units", "log"],
        "editor": ["overview", "meeting", "map", "themes", "units", "log", "entry"],
        "admin": [ALL_PAGES],
    }


class AccessConfig(_Model):
    """Page lists per role and the e-mail/domain mapping."""

    pages: dict[Role, list[str]] = Field(default_factory=_default_pages)
    open_role: Role = "admin"  # the role everyone has when no sign-in is configured
    users: dict[str, Grant] = {}
    domains: dict[str, Grant] = {}

    @field_validator("users", "domains")
    @classmethod
    def _lower_keys(cls, value: dict[str, Grant]) -> dict[str, Grant]:
        return {key.strip().lower().lstrip("@"): grant for key, grant in value.items()}


@dataclass(frozen=True)
class User:
    """The person using the app, as far as the app knows."""

    role: Role
    unit: str | None = None
    email: str | None = None
    name: str = ""  # what the sidebar shows: e-mail, code label, or empty
    method: Method = "open"


# ---------------------------------------------------------------- config


# Pydantic's English messages for the usual mistakes, in Vietnamese.
PROBLEMS = {
    "extra_forbidden": "khóa không được phép (gõ sai tên khóa?)",
    "missing": "thiếu khóa bắt buộc",
    "string_type": "phải là chuỗi chữ",
    "string_too_short": "không được để trống",
    "dict_type": "phải là một bảng khóa = giá trị",
    "model_type": "phải là một bảng khóa = giá trị",
    "literal_error": "giá trị không hợp lệ",
}


def problem_text(error: Mapping[str, Any]) -> str:
    """One pydantic error as a short Vietnamese problem (the value itself is never quoted)."""
    if error["type"] == "literal_error":
        return f"phải là một trong {error.get('ctx', {}).get('expected', '')}"
    return PROBLEMS.get(error["type"], str(error["msg"]).removeprefix("Value error, "))


def _validated(model: type[_Model], data: Any, where: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        loc = ".".join(str(part) for part in first["loc"]) or "(gốc)"
        raise ConfigError(f"{where}: {loc}: {problem_text(first)}") from None


def _shown(file: Path) -> str:
    """How a config file is named in messages: relative to the project, never its absolute path."""
    try:
        return file.resolve().relative_to(config.CONFIG_DIR.parent).as_posix()
    except ValueError:
        return file.name


def load_access(path: str | Path | None = None, overrides: Mapping[str, Any] | None = None) -> AccessConfig:
    """Load ``config/access.yaml``, then apply the secrets' ``[access]`` section on top.

    ``users`` and ``domains`` from the secrets are added to the file's (the
    secrets win on the same key); ``pages`` and ``open_role`` replace the file's.
    """
    file = Path(path) if path else config.CONFIG_DIR / "access.yaml"
    data = config.read_yaml(file) if file.exists() else {}
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{_shown(file)}: tệp phải là một bảng khóa: giá trị (mapping)")
    merged = dict(data)
    for key, value in (overrides or {}).items():
        if key in {"users", "domains"} and isinstance(value, Mapping):
            merged[key] = {**(merged.get(key) or {}), **value}
        else:
            merged[key] = value
    where = f"{_shown(file)} + secrets [access]" if overrides else _shown(file)
    return _validated(AccessConfig, merged, where)


def load_codes(section: Mapping[str, Any] | None) -> dict[str, AccessCode]:
    """Validate the secrets' ``[access_codes]`` section: ``label -> {role, unit, hash}``."""
    codes: dict[str, AccessCode] = {}
    for label, entry in (section or {}).items():
        codes[str(label)] = _validated(AccessCode, dict(entry) if isinstance(entry, Mapping) else entry,
                                       f"secrets [access_codes.{label}]")  # fmt: skip
    return codes


def check_units(access: AccessConfig, codes: Mapping[str, AccessCode], unit_names: list[str]) -> None:
    """Fail (ConfigError) when an editor's unit is not a unit of the plan."""
    known = {text.key(name) for name in unit_names}
    grants = [
        *((f"users.{k}", g) for k, g in access.users.items()),
        *((f"domains.{k}", g) for k, g in access.domains.items()),
        *((f"access_codes.{k}", g) for k, g in codes.items()),
    ]
    for where, grant in grants:
        if grant.unit and text.key(grant.unit) not in known:
            raise ConfigError(f"cấu hình quyền {where}: đơn vị '{grant.unit}' không có trong kế hoạch")


def canonical_unit(unit: str | None, unit_names: list[str]) -> str | None:
    """The plan's spelling of ``unit`` (matched ignoring case and diacritics)."""
    if not unit:
        return None
    by_key = {text.key(name): name for name in unit_names}
    return by_key.get(text.key(unit), unit)


# ---------------------------------------------------------------- who is it


def user_for_email(access: AccessConfig, email: str | None) -> User | None:
    """Map an e-mail to a user: the exact address first, then its domain; else None."""
    address = (email or "").strip().lower()
    if address.count("@") != 1 or address.startswith("@") or address.endswith("@"):
        return None
    grant = access.users.get(address) or access.domains.get(address.split("@", 1)[1])
    if grant is None:
        return None
    return User(role=grant.role, unit=grant.unit, email=address, name=address, method="oidc")


def email_verified(claims: Mapping[str, Any]) -> bool:
    """False only when the provider says the e-mail is unverified (Google always says)."""
    return "email_verified" not in claims or claims["email_verified"] in (True, "true", "True", 1)


def user_for_claims(access: AccessConfig, claims: Mapping[str, Any]) -> User | None:
    """Map an OpenID Connect identity (``st.user``) to a user, or None.

    Not signed in, no e-mail, or an e-mail the provider says is unverified
    (anyone could type it) gives None.
    """
    if not claims.get("is_logged_in") or not email_verified(claims):
        return None
    email = claims.get("email")
    return user_for_email(access, email if isinstance(email, str) else None)


def open_user(access: AccessConfig) -> User:
    """The user of an app with no sign-in configured (local demo)."""
    return User(role=access.open_role, method="open")


def allowed_pages(access: AccessConfig, user: User | None, all_pages: list[str]) -> list[str]:
    """The pages ``user`` may open, in the order of ``all_pages``; none when signed out."""
    if user is None:
        return []
    allowed = set(access.pages.get(user.role, []))
    if ALL_PAGES in allowed:
        return list(all_pages)
    return [page for page in all_pages if page in allowed]


# ---------------------------------------------------------------- writing


def can_write(user: User | None, unit: str | None) -> bool:
    """True when ``user`` may log an activity for ``unit``."""
    if user is None:
        return False
    if user.role == "admin":
        return True
    if user.role == "editor":
        return bool(user.unit and unit) and text.key(user.unit or "") == text.key(unit or "")
    return False


def require_write(user: User | None, unit: str | None, lang: str = "vi") -> None:
    """Raise :class:`PermissionDenied` unless ``user`` may log an activity for ``unit``."""
    if can_write(user, unit):
        return
    if user is None:
        raise PermissionDenied(strings.t("auth_denied_signed_out", lang))
    if user.role == "editor":
        raise PermissionDenied(strings.t("auth_denied_unit", lang, unit=user.unit or "", asked=unit or "—"))
    raise PermissionDenied(strings.t("auth_denied_viewer", lang))


def writable_units(user: User | None, unit_names: list[str]) -> list[str]:
    """The units ``user`` may pick in the entry form (editors: their own only)."""
    if user is None or user.role == "viewer":
        return []
    if user.role == "admin":
        return list(unit_names)
    own = canonical_unit(user.unit, unit_names)
    return [own] if own else []


# ---------------------------------------------------------------- access codes


def _normalise_code(code: str) -> bytes:
    return unicodedata.normalize("NFC", code.strip()).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(data: str) -> bytes:
    return base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))


def _scrypt(code: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(_normalise_code(code), salt=salt, n=n, r=r, p=p, dklen=length, maxmem=256 * n * r + 2**20)


def hash_code(code: str, salt: bytes | None = None) -> str:
    """Hash an access code with a fresh random salt: ``scrypt$n$r$p$salt$hash``."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = _scrypt(code, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, 32)
    return f"{_SCHEME}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def _parse_hash(stored: str) -> tuple[int, int, int, bytes, bytes]:
    parts = stored.strip().split("$")
    try:
        if len(parts) != 6 or parts[0] != _SCHEME:
            raise ValueError
        n, r, p = (int(x) for x in parts[1:4])
        salt, digest = _unb64(parts[4]), _unb64(parts[5])
    except ValueError:
        raise ValueError(
            "mã băm không đúng dạng scrypt$n$r$p$salt$hash (tạo bằng: python -m services.cli hash-code)"
        ) from None
    if not (2 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16):
        raise ValueError("tham số scrypt ngoài khoảng cho phép")
    if len(salt) < 8 or len(digest) < 16:
        raise ValueError("muối hoặc mã băm quá ngắn")
    return n, r, p, salt, digest


def verify_code(code: str, stored: str) -> bool:
    """True when ``code`` hashes to ``stored``; compared in constant time."""
    n, r, p, salt, digest = _parse_hash(stored)
    candidate = _scrypt(code, salt, n, r, p, len(digest))
    return hmac.compare_digest(candidate, digest)


def user_for_code(codes: Mapping[str, AccessCode], code: str) -> User | None:
    """The user whose access code this is, or None. Every code is tried."""
    found: User | None = None
    if not code.strip():
        return None
    for label, entry in codes.items():
        # no early exit: a wrong code costs the same whichever entry it resembles
        if verify_code(code, entry.hash) and found is None:
            found = User(role=entry.role, unit=entry.unit, name=label, method="code")
    return found
