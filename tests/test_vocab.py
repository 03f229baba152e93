"""Matching typed wards, forms, units and themes to the plan (docs/reading-contract.md §2)."""

from __future__ import annotations

import unicodedata

import pytest

from services.core.config import Plan
from services.ingest.reading import vocab

NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731


@pytest.fixture(scope="module")
def v(plan: Plan) -> vocab.Vocabulary:
    return vocab.for_plan(plan)


@pytest.mark.parametrize(
    ("cell", "codes", "district"),
    [
        ("Bồ Đề", ("00139",), False),
        ("bo de", ("00139",), False),
        ("BỒ ĐỀ", ("00139",), False),
        ("Bồ \u00d0ề", ("00139",), False),  # Ð U+00D0
        ("bồ đề", ("00139",), False),
        (NFD("Bồ Đề"), ("00139",), False),
        ("Ngọc Thuỵ", ("00118",), False),  # old tone placement
        ("Ngoc Thuy", ("00118",), False),
        ("Gia  Thụy", ("00130",), False),  # repeated spaces
        ("Phường Bồ Đề", ("00139",), False),
        ("phuong bo de", ("00139",), False),
        ("P. Bồ Đề", ("00139",), False),
        ("P.Bồ Đề", ("00139",), False),
        ("P Bồ Đề", ("00139",), False),
        ("Phúc Lợi", ("00136",), False),  # the "P" prefix must not eat the P of Phúc
        ("P. Phúc Lợi", ("00136",), False),
        ("P Phúc Đồng", ("00151",), False),
        ("Phường Phúc Lợi", ("00136",), False),
        ("Bồ Đề; Gia Thụy", ("00139", "00130"), False),
        ("Bồ Đề, Gia Thụy,Ngọc Lâm", ("00139", "00130", "00133"), False),
        ("Bồ Đề; bo de", ("00139",), False),
        ("Bồ Đề\nGia Thụy", ("00139", "00130"), False),  # the same ward twice counts once
        ("Long Biên", ("00145",), False),  # the ward, not the district
        ("P. Long Biên", ("00145",), False),
        ("Phường Long Biên", ("00145",), False),
        ("Toàn quận", (), True),
        ("toan quan", (), True),
        ("TOÀN QUẬN", (), True),
        (NFD("Toàn quận"), (), True),
        ("Quận Long Biên", (), True),
        ("quan long bien", (), True),
        ("Q. Long Biên", (), True),
        ("Q.Long Biên", (), True),
        ("Cấp quận", (), True),
        ("cap  quan", (), True),
        ("Toàn quận; Bồ Đề", ("00139",), True),
    ],
)
def test_wards_match(v: vocab.Vocabulary, cell: str, codes: tuple[str, ...], district: bool) -> None:
    match = v.wards(cell)
    assert (match.codes, match.district_wide, match.bad) == (codes, district, ())


@pytest.mark.parametrize(
    ("cell", "bad", "suggestion"),
    [
        ("Bo Dde", "Bo Dde", "Bồ Đề"),
        ("Ngoc Lamm", "Ngoc Lamm", "Ngọc Lâm"),
        ("Bồ Đề; Thach Ban x", "Thach Ban x", "Thạch Bàn"),
        ("Hoàn Kiếm", "Hoàn Kiếm", None),  # nothing close: no suggestion
        ("PhườngBồ Đề", "PhườngBồ Đề", "Bồ Đề"),
    ],
)
def test_ward_near_miss_is_reported_with_suggestion(
    v: vocab.Vocabulary, cell: str, bad: str, suggestion: str | None
) -> None:
    match = v.wards(cell)
    assert match.bad == (bad,)
    assert match.suggestions == (suggestion,)


@pytest.mark.parametrize("cell", ["", "  ", ";", " , ; "])
def test_empty_ward_cell_matches_nothing(v: vocab.Vocabulary, cell: str) -> None:
    assert v.wards(cell) == vocab.WardMatch((), False, (), ())


@pytest.mark.parametrize(
    ("cell", "form"),
    [
        ("hoi_nghi_bcv", "hoi_nghi_bcv"),  # key
        ("Hội nghị báo cáo viên, tuyên truyền viên", "hoi_nghi_bcv"),  # label (with a comma)
        ("hội nghị BCV", "hoi_nghi_bcv"),  # alias
        ("HOI NGHI BCV", "hoi_nghi_bcv"),
        ("Băng rôn", "co_dong_truc_quan"),
        ("bang ron", "co_dong_truc_quan"),
        ("Pa nô", "co_dong_truc_quan"),
        ("Văn hóa - nghệ thuật", "van_hoa_nghe_thuat"),
        ("Văn hoá – nghệ thuật", "van_hoa_nghe_thuat"),  # old tone placement, en dash
        (NFD("Thể dục - thể thao"), "the_thao"),
        ("Loa phường", "truyen_thanh"),
        ("Cổng TTĐT", "cong_ttdt"),
        ("Cổng TT\u00d0T", "cong_ttdt"),
        ("Nắm bắt, định hướng dư luận xã hội", "du_luan"),
        ("Múa lân", None),
        ("Hội nghị", None),
    ],
)
def test_forms(v: vocab.Vocabulary, cell: str, form: str | None) -> None:
    assert v.form(cell) == form


def test_form_suggestion(v: vocab.Vocabulary) -> None:
    assert v.suggest_form("Bang ronn") == "Cổ động trực quan"


@pytest.mark.parametrize(
    ("cell", "unit"),
    [
        ("Ban Tuyên giáo Quận ủy", "Ban Tuyên giáo Quận ủy"),
        ("ban tuyen giao quan uy", "Ban Tuyên giáo Quận ủy"),
        ("BTG Quận ủy", "Ban Tuyên giáo Quận ủy"),
        ("Ban Tuyên giáo Quận uỷ", "Ban Tuyên giáo Quận ủy"),  # old tone placement
        ("ĐU P. Bồ Đề", "Đảng ủy phường Bồ Đề"),
        ("\u00d0U phường Bồ Đề", "Đảng ủy phường Bồ Đề"),
        ("Đảng ủy phường  Ngọc Thuỵ", "Đảng ủy phường Ngọc Thụy"),
        ("Phòng VH-TT", "Phòng Văn hóa - Thông tin"),
        ("Hội Nông dân quận", None),
        ("", None),
    ],
)
def test_units(v: vocab.Vocabulary, cell: str, unit: str | None) -> None:
    assert v.unit(cell) == unit


@pytest.mark.parametrize(
    ("cell", "codes", "unknown"),
    [
        ("", (), ()),
        ("ND1.1", ("ND1.1",), ()),
        ("nd1.1", ("ND1.1",), ()),
        ("ND 1.1", ("ND1.1",), ()),
        ("ND1.1; ND2.3", ("ND1.1", "ND2.3"), ()),
        ("ND2.3,ND1.1", ("ND1.1", "ND2.3"), ()),  # reported in plan order
        ("ND1.3 – Thành tựu 30 năm đổi mới", ("ND1.3",), ()),
        ("ND1.3 - Thành tựu…", ("ND1.3",), ()),
        ("ND1.3 – Thành tựu 30 năm đổi mới, ND2.1 – Tầm vóc ý nghĩa Đại hội XII", ("ND1.3", "ND2.1"), ()),
        ("Các hoạt động của Đại hội", ("ND2.3",), ()),  # a label
        ("cac hoat dong cua dai hoi", ("ND2.3",), ()),
        ("Tầm vóc, ý nghĩa Đại hội XII", ("ND2.1",), ()),  # a label containing a separator
        (
            "ND1.1 – Nghị quyết Đảng bộ quận khóa III, Nghị quyết Đại hội XVI Đảng bộ Thành phố; "
            "thi đua chào mừng Đại hội XII; ND3.1",
            ("ND1.1", "ND3.1"),
            (),
        ),
        ("PB", ("PB",), ()),
        ("pb – Đấu tranh phản bác", ("PB",), ()),
        ("ND1.12", (), ("ND1.12",)),  # must not count as ND1.1
        ("ND1.1, ND1.12", ("ND1.1",), ("ND1.12",)),
        ("ND1.1, Chủ đề lạ, ND9", ("ND1.1",), ("Chủ đề lạ", "ND9")),  # unknown tokens kept as typed
        ("ND1.1; ND1.1", ("ND1.1",), ()),
        ("PBX", (), ("PBX",)),
        ("ND1.1\nND1.2", ("ND1.1", "ND1.2"), ()),  # one per line, as in a wrapped cell
    ],
)
def test_themes(v: vocab.Vocabulary, cell: str, codes: tuple[str, ...], unknown: tuple[str, ...]) -> None:
    assert v.themes(cell) == vocab.ThemeMatch(codes, unknown)


@pytest.mark.parametrize(
    ("cell", "codes", "district"),
    [
        ("Trâu Quỳ", ("10001",), False),
        ("Thị trấn Trâu Quỳ", ("10001",), False),
        ("TT. Trau Quy", ("10001",), False),
        ("Xã Đặng Xá", ("10002",), False),
        ("X. Phú Thị", ("10003",), False),
        ("Kieu Ky", ("10004",), False),
        ("Toàn huyện", (), True),
        ("Cấp huyện", (), True),
    ],
)
def test_other_plan_vocabulary(tet_plan: Plan, cell: str, codes: tuple[str, ...], district: bool) -> None:
    match = vocab.for_plan(tet_plan).wards(cell)
    assert (match.codes, match.district_wide, match.bad) == (codes, district, ())


def test_another_plans_wards_know_nothing_of_long_bien(tet_plan: Plan) -> None:
    """Neither the default district's name nor its ward is built in: both are unknown in another plan."""
    for cell in ("Long Biên", "Quận Long Biên"):
        match = vocab.for_plan(tet_plan).wards(cell)
        assert (match.codes, match.district_wide, match.bad) == ((), False, (cell,))


@pytest.mark.parametrize("cell", ["Bồ Đề", "Phường Bồ Đề", "Toàn quận", "Q. Long Biên", "Quận Long Biên"])
def test_long_bien_words_mean_nothing_to_another_plan(tet_plan: Plan, cell: str) -> None:
    assert vocab.for_plan(tet_plan).wards(cell).bad == (cell,)


def test_other_plan_forms_and_themes(tet_plan: Plan) -> None:
    v = vocab.for_plan(tet_plan)
    assert v.form("Tặng quà") == "tang_qua"
    assert v.form("Pa nô") == "pano"
    assert v.form("Hội nghị BCV") is None
    assert v.themes("T1, AT – An toàn giao thông; ND1.1").codes == ("T1", "AT")
    assert v.themes("T1, AT – An toàn giao thông; ND1.1").unknown == ("ND1.1",)
    assert v.unit("ĐU Trâu Quỳ") == "Đảng ủy thị trấn Trâu Quỳ"


@pytest.mark.parametrize(
    ("cell", "suggestion"),
    [
        ("Dang uy phuong Bo Dde", "Đảng ủy phường Bồ Đề"),
        ("Ban Tuyen giao Quan uyy", "Ban Tuyên giáo Quận ủy"),
        ("Quan doan LB", "Quận đoàn"),
        ("Đảng ủy phường Hoàn Kiếm", None),  # shares a long prefix with every ward's party committee: no guess
        ("Hội Nông dân quận", None),
    ],
)
def test_unit_suggestions_are_close_or_absent(v: vocab.Vocabulary, cell: str, suggestion: str | None) -> None:
    assert v.unit(cell) is None
    assert v.suggest_unit(cell) == suggestion
