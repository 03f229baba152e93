"""Every user-visible string: Vietnamese first (vi.py), English second (en.py).

``t(key, lang, **params)`` formats a template. Both languages have the same keys
(a test checks it), so an unknown key is a bug and raises ``KeyError`` loudly
instead of showing the key to a user.
"""

from __future__ import annotations

from typing import Any

from services.core.strings.en import EN
from services.core.strings.vi import VI

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
CATALOG: dict[str, dict[str, str]] = {"vi": VI, "en": EN}


def t(key: str, lang: str = "vi", **params: Any) -> str:
    """Return the text for ``key`` in ``lang`` (Vietnamese for an unknown language) with ``params`` filled in."""
    template = CATALOG.get(lang, VI)[key]
    return template.format(**params) if params else template
