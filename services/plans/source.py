"""Reading the text files users hand in (plan documents, ward lists): encodings and Unicode form."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from services.core.errors import DashboardError

# Old-style tone placement ("hoà", "uỷ") written the modern way ("hòa", "ủy"), only in open
# syllables: "hoàn" is correct either way and "quý" keeps its tone on the y.
_OLD_TONES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip
_OLD_TONE = re.compile(r"(?<![qQ])(" + "|".join(_OLD_TONES) + r")(?!\w)", re.IGNORECASE)


def modern_tones(value: str) -> str:
    """Write old-style tone marks the modern way (``Quận uỷ`` -> ``Quận ủy``), keeping case."""

    def fix(match: re.Match[str]) -> str:
        old = match.group(1)
        new = _OLD_TONES[old.lower()]
        return new[0].upper() + new[1:] if old[0].isupper() else new

    return _OLD_TONE.sub(fix, value)


def read_text(path: str | Path) -> str:
    """Read a UTF-8 (with or without BOM) or UTF-16 (with BOM) text file as NFC text with ``\\n`` line ends."""
    file = Path(path)
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise DashboardError(f"{file}: không tìm thấy tệp") from None
    except OSError as err:
        raise DashboardError(f"{file}: không đọc được tệp ({err.strerror or err})") from None
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        decoded = raw.decode(encoding)
    except UnicodeDecodeError:
        raise DashboardError(f"{file}: tệp không phải văn bản UTF-8 (hãy lưu lại với mã hóa UTF-8)") from None
    decoded = decoded.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return unicodedata.normalize("NFC", decoded)
