"""No secret is ever committed: private keys, service-account JSON, tokens, access-code hashes.

Scans every file git tracks plus every untracked file git would not ignore (what
the next commit could pick up). Fixtures that need a fake key build it at runtime.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DASHES = "-" * 5
# A PEM private key with a real body (a "..." placeholder in docs is not a key).
PEM = re.compile(DASHES + r"BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY" + DASHES + r"(?:\\n|\s)*[A-Za-z0-9+/]{40}")
SERVICE_ACCOUNT = re.compile(r"""["']?type["']?\s*[:=]\s*["']service_account["']""")
KEY_VALUE = re.compile(r"""["']?private_key["']?\s*[:=]\s*["']""" + PEM.pattern)
TOKENS = {
    "AWS access key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "Google API key": re.compile(r"\bAIza[0-9A-Za-z_\-]{35}\b"),
    "Google OAuth client secret": re.compile(r"\bGOCSPX-[0-9A-Za-z_\-]{20,}"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    "access-code hash (belongs in secrets)": re.compile(
        r"scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]{11,}\$[A-Za-z0-9_-]{40,}"
    ),
}
# `client_secret = "..."` / `cookie_secret: ...` with a value that is not an obvious placeholder.
ASSIGNED = re.compile(
    r"""\b(client_secret|cookie_secret|private_key_id|api_key|password)\b["']?\s*[:=]\s*["']([^"'\n]{12,})["']"""
)
PLACEHOLDER = re.compile(r"<|\.\.\.|…|xxx|example|your|change|thay|điền|dien|ngẫu nhiên|random|fake|dummy|test", re.I)
SECRET_FILES = re.compile(r"(^|/)(secrets\.toml|.*service[-_]?account.*\.json|.*\.json\.key|.*\.pem|id_rsa|\.env)$")


def findings(text: str) -> list[str]:
    """What in ``text`` looks like a committed secret (empty when nothing does)."""
    found: list[str] = []
    if PEM.search(text):
        found.append("private key")
    if SERVICE_ACCOUNT.search(text) and KEY_VALUE.search(text):
        found.append("service-account JSON with its private key")
    found.extend(name for name, pattern in TOKENS.items() if pattern.search(text))
    for match in ASSIGNED.finditer(text):
        if not PLACEHOLDER.search(match.group(2)):
            found.append(f"{match.group(1)} with a value")
    return found


def repository_files() -> list[str]:
    """Files git tracks, and untracked files it does not ignore."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=ROOT, capture_output=True, check=True,
        ).stdout  # fmt: skip
    except (OSError, subprocess.CalledProcessError) as err:
        pytest.fail(f"git ls-files failed: {err}")
    return sorted({name for name in listed.decode("utf-8").split("\0") if name})


def _text(path: Path) -> str | None:
    try:
        data = path.read_bytes()
    except OSError:  # listed but deleted in the working tree
        return None
    if b"\0" in data[:8192]:  # binary (xlsx is zipped; keys would be text files)
        return None
    return data.decode("utf-8", errors="replace")


def test_no_secret_in_the_repository() -> None:
    files = repository_files()
    assert "app.py" in files and "services/access/auth.py" in files  # the scan sees the repository
    problems: list[str] = []
    for name in files:
        if SECRET_FILES.search(name):
            problems.append(f"{name}: a secrets file must never be committed")
        text = _text(ROOT / name)
        if text is not None:
            problems.extend(f"{name}: {what}" for what in findings(text))
    assert problems == [], "secrets in the repository:\n" + "\n".join(problems)


def test_the_secrets_file_is_ignored_by_git() -> None:
    result = subprocess.run(
        ["git", "check-ignore", "-q", ".streamlit/secrets.toml"], cwd=ROOT, capture_output=True, check=False
    )
    assert result.returncode == 0, ".streamlit/secrets.toml must be listed in .gitignore"


# ---------------------------------------------------------------- the detector itself (fakes built here)


def _fake_pem() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")


def _fake_service_account(pem: str) -> str:
    info = {"type": "service_account", "project_id": "p", "private_key_id": "0" * 40, "private_key": pem}
    return json.dumps(info, indent=2)


@pytest.fixture(scope="module")
def pem() -> str:
    return _fake_pem()


def test_detects_a_private_key(pem: str) -> None:
    assert "private key" in findings(f"notes\n{pem}\n")


def test_detects_service_account_json_and_its_toml_form(pem: str) -> None:
    assert "service-account JSON with its private key" in findings(_fake_service_account(pem))
    escaped = pem.replace("\n", "\\n")
    toml = f'[connections.gsheets]\ntype = "service_account"\nprivate_key = "{escaped}"\n'
    assert {"private key", "service-account JSON with its private key"} <= set(findings(toml))


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("key = AKIA" + "ABCDEFGHIJKLMNOP", "AWS access key"),
        ("AIza" + "S" * 35, "Google API key"),
        ("GOCSPX-" + "a1" * 12, "Google OAuth client secret"),
        ("ghp_" + "A1b2" * 9, "GitHub token"),
        ('cookie_secret = "' + "k8Jq2vX9mZ" * 3 + '"', "cookie_secret with a value"),
        ('client_secret: "' + "Zq81nVb3" * 3 + '"', "client_secret with a value"),
        ("hash = scrypt$16384$8$1$" + "s" * 22 + "$" + "h" * 43, "access-code hash (belongs in secrets)"),
    ],
)
def test_detects_tokens(text: str, what: str) -> None:
    assert what in findings(text)


@pytest.mark.parametrize(
    "text",
    [
        'private_key = "' + DASHES + "BEGIN PRIVATE KEY" + DASHES + '\\n...\\n"',  # a README placeholder
        'cookie_secret = "<một chuỗi ngẫu nhiên dài>"',
        'client_secret = "your-client-secret"',
        "info = {'type': 'service_account', 'private_key': pem}",  # built at runtime
        "from google.oauth2 import service_account",
        'hash = "scrypt$16384$8$1$<muối>$<mã băm>"',
    ],
)
def test_placeholders_and_code_are_not_secrets(text: str) -> None:
    assert findings(text) == []
