"""Validate the sign-in part of the secrets: a typo must close the app, never open it.

Plain Python (no Streamlit). The secrets file may hold four sections:
``[auth]`` (OpenID Connect for ``st.login``), ``[access]`` (e-mail/domain → role),
``[access_codes]`` (hashed access codes) and ``[connections]`` (the Google Sheet).
Anything else, an empty sign-in section or an unknown key inside ``[auth]`` is a
:class:`ConfigError` whose message names the section and the key, never a value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from services.access import auth
from services.core.errors import ConfigError

SIGN_IN_SECTIONS = ("auth", "access", "access_codes")
SECTIONS = (*SIGN_IN_SECTIONS, "connections")
_PROVIDER_KEYS = {"client_id", "client_secret", "server_metadata_url", "client_kwargs"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Provider(_Model):
    """One OpenID Connect provider, as Streamlit's ``st.login`` reads it."""

    client_id: str = Field(min_length=1)
    client_secret: str = Field(min_length=1)
    server_metadata_url: str = Field(min_length=1)
    client_kwargs: dict[str, Any] = {}

    @field_validator("server_metadata_url")
    @classmethod
    def _is_url(cls, value: str) -> str:
        if not value.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise ValueError("phải là địa chỉ https://…/.well-known/openid-configuration")
        return value


class AuthTop(_Model):
    """The keys directly under ``[auth]`` (the unnamed provider's keys are optional here)."""

    redirect_uri: str = Field(min_length=1)
    cookie_secret: str = Field(min_length=1)
    expose_tokens: str | list[str] | None = None
    client_id: str | None = None
    client_secret: str | None = None
    server_metadata_url: str | None = None
    client_kwargs: dict[str, Any] | None = None

    @field_validator("redirect_uri")
    @classmethod
    def _callback(cls, value: str) -> str:
        if not value.rstrip("/").endswith("/oauth2callback"):
            raise ValueError("phải kết thúc bằng /oauth2callback")
        return value


@dataclass
class SignIn:
    """The validated sign-in secrets; all empty when there are none (open mode may apply)."""

    access: Mapping[str, Any] | None = None  # the [access] overrides of config/access.yaml
    codes: dict[str, auth.AccessCode] = field(default_factory=dict)
    providers: list[str | None] = field(default_factory=list)  # [None]: the one unnamed provider

    @property
    def configured(self) -> bool:
        return bool(self.access or self.codes or self.providers)


def _validated(model: type[_Model], data: Mapping[str, Any], where: str) -> Any:
    try:
        return model.model_validate(dict(data))
    except ValidationError as err:
        first = err.errors()[0]
        key = ".".join(str(part) for part in first["loc"])
        raise ConfigError(f"secrets [{where}]: {key}: {auth.problem_text(first)}") from None


def _section(secrets: Mapping[str, Any], name: str) -> Mapping[str, Any] | None:
    if name not in secrets:
        return None
    value = secrets[name]
    if not isinstance(value, Mapping):
        raise ConfigError(f"secrets: '{name}' phải là một mục [{name}], không phải một giá trị")
    if not value:
        raise ConfigError(f"secrets: mục [{name}] trống; hãy điền hoặc xóa hẳn mục này")
    return value


def providers(section: Mapping[str, Any]) -> list[str | None]:
    """Validate ``[auth]``; return its providers (named sub-sections, or [None] for the inline one)."""
    named = {key: value for key, value in section.items() if isinstance(value, Mapping) and key != "client_kwargs"}
    top = _validated(AuthTop, {k: v for k, v in section.items() if k not in named}, "auth")
    inline = {key: value for key, value in top.model_dump(exclude_none=True).items() if key in _PROVIDER_KEYS}
    found: list[str | None] = []
    if inline:
        _validated(Provider, inline, "auth")
        found.append(None)
    for name, value in named.items():
        if "_" in name:  # Streamlit refuses provider names with "_"
            raise ConfigError(f"secrets [auth.{name}]: tên nhà cung cấp không được có dấu gạch dưới '_'")
        _validated(Provider, value, f"auth.{name}")
        found.append(name)
    if not found:
        raise ConfigError("secrets [auth]: thiếu client_id, client_secret, server_metadata_url (hoặc mục [auth.<tên>])")
    return found


def load(secrets: Mapping[str, Any]) -> SignIn:
    """Validate the whole secrets mapping's sign-in part; ConfigError on anything unexpected."""
    unknown = [str(key) for key in secrets if key not in SECTIONS]
    if unknown:
        allowed = ", ".join(f"[{name}]" for name in SECTIONS)
        raise ConfigError(f"secrets: mục [{unknown[0]}] không được phép (gõ sai tên mục?); chỉ dùng {allowed}")
    auth_section = _section(secrets, "auth")
    access = _section(secrets, "access")
    codes = _section(secrets, "access_codes")
    for label, entry in (codes or {}).items():
        if not isinstance(entry, Mapping):
            raise ConfigError(f"secrets: 'access_codes.{label}' phải là một mục [access_codes.{label}]")
    return SignIn(
        access=access,
        codes=auth.load_codes(codes),
        providers=providers(auth_section) if auth_section is not None else [],
    )
