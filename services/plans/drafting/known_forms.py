"""The forms of activity a propaganda plan usually names, with what units type and what a plan text says.

The first ten are ``config/plan.yaml``'s vocabulary; the rest are forms other plans of the genre
use. ``triggers`` are phrases looked for (folded, whole words) in a plan's forms section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from services.core import text


@dataclass(frozen=True)
class KnownForm:
    key: str
    label: str
    aliases: tuple[str, ...]
    triggers: tuple[str, ...]


KNOWN_FORMS: tuple[KnownForm, ...] = (
    KnownForm(
        "hoi_nghi_bcv",
        "Hội nghị báo cáo viên, tuyên truyền viên",
        ("Hội nghị BCV", "Hội nghị báo cáo viên", "Hội nghị tuyên truyền viên", "Thông báo nhanh", "HN BCV"),
        ("báo cáo viên", "tuyên truyền viên", "thông báo nhanh", "hội nghị BCV"),
    ),
    KnownForm(
        "sinh_hoat",
        "Sinh hoạt chi bộ, đảng bộ, MTTQ, đoàn thể",
        ("Sinh hoạt chi bộ", "Sinh hoạt đảng bộ", "Sinh hoạt đoàn thể", "Họp tổ dân phố", "Sinh hoạt"),
        ("sinh hoạt", "họp tổ dân phố", "họp thôn"),
    ),
    KnownForm(
        "co_dong_truc_quan",
        "Cổ động trực quan",
        (
            "Băng rôn",
            "Băng rôn, khẩu hiệu",
            "Pano",
            "Pa nô",
            "Panô",
            "Khẩu hiệu",
            "Cờ",
            "Treo cờ",
            "Trang trí",
            "Tuyên truyền trực quan",
        ),
        ("trực quan", "băng rôn", "pano", "pa nô", "panô", "khẩu hiệu", "áp phích", "trang trí"),
    ),
    KnownForm(
        "van_hoa_nghe_thuat",
        "Văn hóa - nghệ thuật",
        ("Biểu diễn", "Văn nghệ", "Biểu diễn văn nghệ", "Văn hóa văn nghệ", "VHNT"),
        ("văn hóa - nghệ thuật", "văn hóa nghệ thuật", "văn hóa, nghệ thuật", "văn nghệ", "biểu diễn"),
    ),
    KnownForm(
        "the_thao",
        "Thể dục - thể thao",
        ("Giải bóng đá", "Chạy", "Thể thao", "TDTT", "Giải chạy"),
        ("thể dục - thể thao", "thể dục thể thao", "thể thao", "TDTT"),
    ),
    KnownForm(
        "gan_bien",
        "Gắn biển công trình chào mừng",
        ("Gắn biển", "Gắn biển công trình"),
        ("gắn biển",),
    ),
    KnownForm(
        "cong_ttdt",
        "Cổng thông tin điện tử quận, phường",
        ("Tin, bài trên cổng TTĐT", "Cổng TTĐT", "Cổng thông tin điện tử", "Tin bài", "Website"),
        ("cổng thông tin điện tử", "cổng TTĐT", "trang thông tin điện tử", "website"),
    ),
    KnownForm("ban_tin", "Bản tin nội bộ", ("Bản tin",), ("bản tin",)),
    KnownForm(
        "truyen_thanh",
        "Đài truyền thanh phường",
        ("Loa phường", "Phát thanh", "Truyền thanh", "Đài truyền thanh"),
        ("truyền thanh", "phát thanh", "loa phường", "loa truyền thanh"),
    ),
    KnownForm(
        "du_luan",
        "Nắm bắt, định hướng dư luận xã hội",
        ("Báo cáo dư luận", "Dư luận", "Dư luận xã hội"),
        ("dư luận",),
    ),
    KnownForm(
        "mang_xa_hoi",
        "Mạng xã hội",
        ("Facebook", "Zalo", "Fanpage", "MXH"),
        ("mạng xã hội", "facebook", "zalo", "fanpage"),
    ),
    KnownForm(
        "tai_lieu",
        "Tài liệu, tờ rơi, tờ gấp",
        ("Tờ rơi", "Tờ gấp", "Tài liệu"),
        ("tờ rơi", "tờ gấp", "tài liệu tuyên truyền", "tài liệu hỏi - đáp", "tài liệu hỏi đáp"),
    ),
    KnownForm(
        "hoi_thi",
        "Hội thi, cuộc thi tìm hiểu",
        ("Hội thi", "Cuộc thi", "Thi tìm hiểu"),
        ("hội thi", "cuộc thi", "thi tìm hiểu"),
    ),
    KnownForm(
        "toa_dam",
        "Tọa đàm, hội thảo",
        ("Tọa đàm", "Hội thảo", "Diễn đàn"),
        ("tọa đàm", "hội thảo", "diễn đàn"),
    ),
    KnownForm(
        "bao_chi",
        "Báo chí, phát thanh - truyền hình",
        ("Báo chí", "Truyền hình", "Báo"),
        ("báo chí", "truyền hình", "cơ quan báo chí"),
    ),
)

# The forms a new plan starts with: the vocabulary of config/plan.yaml.
DEFAULT_KEYS = tuple(f.key for f in KNOWN_FORMS[:10])


@cache
def _patterns() -> tuple[tuple[KnownForm, re.Pattern[str]], ...]:
    out = []
    for form in KNOWN_FORMS:
        words = "|".join(re.escape(text.fold(t)) for t in form.triggers)
        out.append((form, re.compile(rf"(?<!\w)(?:{words})(?!\w)")))
    return tuple(out)


def found_in(passage: str) -> list[KnownForm]:
    """Known forms a passage of a plan names, in the order it names them."""
    folded = text.fold(passage)
    hits = []
    for form, pattern in _patterns():
        match = pattern.search(folded)
        if match:
            hits.append((match.start(), form))
    return [form for _, form in sorted(hits, key=lambda hit: hit[0])]


def entry(form: KnownForm) -> dict[str, object]:
    """The plan's ``forms`` entry for a known form."""
    return {"key": form.key, "label": form.label, "aliases": list(form.aliases)}
