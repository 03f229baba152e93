"""draft-plan on the seed plan document and on two variants: the drafted plan, its review, dates and encodings."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services import cli
from services.core import config
from services.core.config import Plan
from services.plans import check, source
from services.plans.drafting import dates, draft
from tests.conftest import FIXTURES, ROOT

PLANS = FIXTURES / "plans"
SEED = PLANS / "ke-hoach-17-KH-QU.txt"  # a verbatim copy of the plan config/plan.yaml was made from
D = dt.date

CASES: list[dict[str, Any]] = [
    {
        "text": SEED,
        "wards": None,
        "number": "17-KH/QU",
        "issuer": "Ban Thường vụ Quận ủy",
        "area": "Quận Long Biên",
        "period": (D(2015, 12, 29), D(2016, 2, 4)),
        "peak": (D(2016, 1, 7), D(2016, 1, 28)),
        "phases": [
            ("truoc", D(2015, 12, 29), D(2016, 1, 19)),
            ("trong", D(2016, 1, 20), D(2016, 1, 28)),
            ("sau", D(2016, 1, 29), D(2016, 2, 4)),
        ],
        "milestones": [D(2015, 12, 29), D(2016, 1, 7), D(2016, 1, 20), D(2016, 1, 28), D(2016, 2, 4)],
        "themes": {"truoc": 6, "trong": 6, "sau": 4, "all": 1},
        "forms": [
            "hoi_nghi_bcv", "sinh_hoat", "co_dong_truc_quan", "van_hoa_nghe_thuat", "the_thao",
            "gan_bien", "cong_ttdt", "ban_tin", "truyen_thanh", "du_luan",
        ],
        "reporters": 14,
        "missing": ["wards"],
    },
    {
        "text": PLANS / "bau-cu-xa-dang-xa.txt",
        "wards": None,
        "number": "35-KH/ĐU",
        "issuer": "Đảng ủy xã",
        "area": "Xã Đặng Xá",
        "period": (D(2021, 3, 15), D(2021, 5, 30)),
        "peak": None,
        "phases": [
            ("truoc", D(2021, 3, 15), D(2021, 5, 22)),
            ("trong", D(2021, 5, 23), D(2021, 5, 23)),
            ("sau", D(2021, 5, 24), D(2021, 5, 30)),
        ],
        "milestones": [D(2021, 5, 10), D(2021, 5, 23), D(2021, 5, 28)],  # issued 10/3: before the period
        "themes": {"truoc": 4, "trong": 3, "sau": 2, "all": 1},
        "forms": ["truyen_thanh", "co_dong_truc_quan", "mang_xa_hoi", "sinh_hoat", "tai_lieu", "doi_xe_luu_dong"],
        "reporters": 6,  # the six villages the text lists
        "missing": [],
    },
    {
        "text": PLANS / "dai-hoi-tinh-huyen-thuan-thanh.txt",
        "wards": PLANS / "thuan-thanh-wards.txt",
        "number": "45-KH/HU",
        "issuer": "Ban Thường vụ Huyện ủy",
        "area": "Huyện Thuận Thành",
        "period": (D(2020, 9, 1), D(2020, 10, 31)),
        "peak": None,
        "phases": [
            ("truoc", D(2020, 9, 1), D(2020, 10, 13)),
            ("trong", D(2020, 10, 14), D(2020, 10, 16)),
            ("sau", D(2020, 10, 17), D(2020, 10, 31)),
        ],
        "milestones": [D(2020, 9, 1), D(2020, 10, 5), D(2020, 10, 14), D(2020, 10, 16), D(2020, 10, 30)],
        "themes": {"truoc": 5, "trong": 3, "sau": 2, "all": 1},
        "forms": ["hoi_nghi_bcv", "cong_ttdt", "truyen_thanh", "co_dong_truc_quan", "toa_dam"],
        "reporters": 4,
        "missing": [],
    },
    {  # unnumbered "Giai đoạn" paragraphs, "1.1." themes, letter bodies, no cross-cutting sentence
        "text": PLANS / "tet-phuong-bo-de.txt",
        "wards": None,
        "number": "08-KH/ĐU",
        "issuer": "Đảng ủy phường",
        "area": "Phường Bồ Đề",
        "period": (D(2017, 1, 1), D(2017, 2, 15)),
        "peak": None,
        "phases": [
            ("truoc", D(2017, 1, 1), D(2017, 1, 26)),
            ("trong", D(2017, 1, 27), D(2017, 2, 2)),
            ("sau", D(2017, 2, 3), D(2017, 2, 15)),
        ],
        "milestones": [D(2017, 1, 27), D(2017, 2, 2), D(2017, 2, 14)],
        "themes": {"truoc": 2, "trong": 1, "sau": 3, "all": 0},
        "forms": ["co_dong_truc_quan", "van_hoa_nghe_thuat", "tham_hoi_tang_qua"],
        "reporters": 3,
        "missing": [],
    },
]  # fmt: skip


def _draft(tmp_path: Path, case: dict[str, Any]) -> tuple[Path, Any]:
    out = tmp_path / "plan.yaml"
    args = ["draft-plan", "--text", str(case["text"]), "--out", str(out)]
    assert cli.main(args + (["--wards", str(case["wards"])] if case["wards"] else [])) == 0
    checked = check.check(out)
    assert checked.problems == [], checked.problems
    return out, checked.plan


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["text"].stem)
def test_draft_reads_the_plan_document(tmp_path: Path, case: dict[str, Any]) -> None:
    out, plan = _draft(tmp_path, case)
    assert plan.document.number == case["number"] and plan.area_name == case["area"]
    assert plan.document.issuer_name == case["issuer"]
    assert (plan.period.start, plan.period.end) == case["period"]
    assert ((plan.peak.start, plan.peak.end) if plan.peak else None) == case["peak"]
    assert [(p.key, p.start, p.end) for p in plan.phases] == case["phases"]
    assert [m.date for m in plan.milestones] == case["milestones"]
    counts = {key: sum(1 for t in plan.themes if t.phase == key) for key in case["themes"]}
    assert counts == case["themes"]
    assert [f.key for f in plan.forms] == case["forms"]
    assert len(plan.expected_reporters) == case["reporters"]
    assert plan.report_deadline == case["milestones"][-1]
    review = draft.review_path(out).read_text(encoding="utf-8")
    missing = [row.split("|")[1].strip() for row in review.splitlines() if "| thiếu |" in row]
    assert missing == case["missing"]


def test_seed_drafts_to_the_hand_made_plan(tmp_path: Path) -> None:
    _, drafted = _draft(tmp_path, CASES[0])
    made = config.load_plan()
    assert drafted.period == made.period and drafted.peak == made.peak
    assert [(p.key, p.label, p.start, p.end) for p in drafted.phases] == [
        (p.key, p.label, p.start, p.end) for p in made.phases
    ]
    assert [(m.date, m.form) for m in drafted.milestones] == [(m.date, m.form) for m in made.milestones]
    assert [m.key for m in drafted.milestones if m.key != "hoan_thanh"] == ["ban_hanh", "khai_mac", "be_mac", "bao_cao"]
    assert drafted.milestone("bao_cao").label == made.milestone("bao_cao").label
    assert [(t.code, t.phase) for t in drafted.themes] == [(t.code, t.phase) for t in made.themes]
    assert drafted.themes[-1].label.startswith("Đấu tranh, phản bác các thông tin, quan điểm sai trái")
    assert [f.key for f in drafted.forms] == [f.key for f in made.forms]
    for key in ("number", "issued", "issuer", "issuer_name", "issuer_parent", "place"):
        assert getattr(drafted.document, key) == getattr(made.document, key), key
    assert drafted.reporting.deadline == made.reporting.deadline
    units = {u.name for u in drafted.units}
    assert {"Ban Tuyên giáo Quận ủy", "Văn phòng Quận ủy", "UBND Quận", "Trung tâm TDTT Quận"} <= units


def test_review_names_source_lines(tmp_path: Path) -> None:
    out, _ = _draft(tmp_path, CASES[0])
    lines = draft.review_path(out).read_text(encoding="utf-8").splitlines()
    rows = {row.split("|")[1].strip(): row for row in lines if row.startswith("| ")}
    found = [("themes ND1.1", 32), ("themes ND2.6", 51), ("themes PB", 60), ("forms du_luan", 67)]
    found += [("milestones ban_hanh", 3), ("milestones khai_mac", 28), ("milestones bao_cao", 102)]
    for field, line in found:
        assert f"| tìm thấy | {line} |" in rows[field]
    assert "| mặc định | 28 |" in rows["period"] and "cuối tháng" in rows["period"]
    assert "| thiếu |" in rows["wards"] and "14 địa bàn tạm" in rows["wards"]


def test_variant_review_says_what_was_defaulted(tmp_path: Path) -> None:
    out, _ = _draft(tmp_path, CASES[1])
    review = draft.review_path(out).read_text(encoding="utf-8")
    assert "| milestones ban_hanh | 2021-03-10 | mặc định |" in review and "ngoài thời gian kế hoạch" in review
    assert "| forms doi_xe_luu_dong | Tổ chức đội xe lưu động tuyên truyền | mặc định | 42 |" in review


def test_english_review(tmp_path: Path) -> None:
    out = tmp_path / "p.yaml"
    assert cli.main(["draft-plan", "--text", str(SEED), "--out", str(out), "--lang", "en"]) == 0
    review = draft.review_path(out).read_text(encoding="utf-8")
    assert review.startswith("# Review of the plan drafted from") and "| found | 32 |" in review


def _variants(text: str) -> list[bytes]:
    return [
        text.encode("utf-8"),
        b"\xef\xbb\xbf" + text.encode("utf-8"),
        text.encode("utf-16"),
        unicodedata.normalize("NFD", text).replace("\n", "\r\n").encode("utf-8"),
    ]


def test_encodings_and_normal_forms_draft_the_same(tmp_path: Path) -> None:
    content = SEED.read_text(encoding="utf-8")
    drafted = []
    for index, raw in enumerate(_variants(content)):
        path = tmp_path / f"plan{index}.txt"
        path.write_bytes(raw)
        data, _ = draft.build(source.read_text(path))
        drafted.append(data)
    assert all(d == drafted[0] for d in drafted[1:])


def test_drafting_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    for out in (first, second):
        assert cli.main(["draft-plan", "--text", str(SEED), "--out", str(out)]) == 0
    assert first.read_bytes() == second.read_bytes()


def test_draft_plan_bad_input_exits_2(tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Kế hoạch".encode("cp1258", errors="replace") + b"\xff")
    unrelated = tmp_path / "shopping.txt"
    unrelated.write_text("Mua rau, mua thịt.\n", encoding="utf-8")  # readable, but no plan in it
    for text in (tmp_path / "none.txt", latin, unrelated):
        done = subprocess.run(
            [sys.executable, "-m", "services.cli", "draft-plan", "--text", str(text), "--out", str(tmp_path / "x")],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 2 and done.stderr.startswith("Lỗi: ") and len(done.stderr.splitlines()) == 1
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("từ ngày 20/01 đến ngày 28/01/2016", (D(2016, 1, 20), D(2016, 1, 28))),
        ("từ cuối tháng 12/2015 đến ngày 4/02/2016", (D(2015, 12, 29), D(2016, 2, 4))),
        ("Từ cuối tháng 12/2015 đến thời điểm diễn ra Đại hội (ngày 20/01/2016)", (D(2015, 12, 29), D(2016, 1, 19))),
        ("từ ngày 7/01/2016 đến khi bế mạc Đại hội (28/01/2016)", (D(2016, 1, 7), D(2016, 1, 28))),
        ("hoàn thành trước ngày 7/01/2016", (None, D(2016, 1, 7))),
        ("từ ngày 15 tháng 3 năm 2021 đến hết ngày 30/5/2021", (D(2021, 3, 15), D(2021, 5, 30))),
        ("từ đầu tháng 3/2021 đến giữa tháng 4/2021", (D(2021, 3, 1), D(2021, 4, 15))),
        ("sau ngày 16-10-2020", (D(2020, 10, 17), None)),
        ("nhiệm kỳ 2021 - 2026, giai đoạn 2010-2015, mục 1.2", (None, None)),
        ("vào Chủ nhật, ngày 23/5/2021", (D(2021, 5, 23), D(2021, 5, 23))),
    ],
)
def test_date_phrases(sentence: str, expected: tuple[dt.date | None, dt.date | None]) -> None:
    assert dates.span(dates.find(sentence, 2015, D(2015, 12, 29))) == expected


@given(st.dates(D(2000, 1, 1), D(2090, 12, 31)), st.integers(0, 400), st.sampled_from(["đến hết ngày", "đến ngày"]))
def test_any_written_span_reads_back(start: dt.date, days: int, until: str) -> None:
    end = start + dt.timedelta(days=days)
    sentence = f"Thời gian: từ ngày {start.day}/{start.month:02d}/{start.year} {until} {end:%d/%m/%Y}."
    assert dates.span(dates.find(sentence, 1999)) == (start, end)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Quận uỷ", "Quận ủy"),
        ("hoà bình", "hòa bình"),
        ("hoàn thành", "hoàn thành"),
        ("quý", "quý"),
        ("Uỷ ban", "Ủy ban"),
    ],
)
def test_old_tone_marks_are_written_the_modern_way(old: str, new: str) -> None:
    assert source.modern_tones(old) == new


PIECES = [*SEED.read_text(encoding="utf-8").split("\n"), *(PLANS / "bau-cu-xa-dang-xa.txt").read_text().split("\n")]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=40)), max_size=50))
def test_any_text_drafts_to_a_plan_that_loads(lines: list[str]) -> None:
    """Shuffled, cut and garbled plan texts still draft to a valid plan (defaults, never a crash)."""
    data, review = draft.build("\n".join(lines))
    Plan.model_validate(data)
    assert review.count("found") + review.count("defaulted") + review.count("missing") == len(review.entries)


def test_issuer_from_the_signature_when_no_sentence_names_it() -> None:
    content = SEED.read_text(encoding="utf-8").replace("Ban Thường vụ Quận ủy ban hành kế hoạch", "Kế hoạch")
    data, review = draft.build(content)
    assert data["document"]["issuer"] == "BAN THƯỜNG VỤ"
    assert data["document"]["signer_on_behalf"] == "T/M BAN THƯỜNG VỤ"
    entry = next(e for e in review.entries if e.field == "document.issuer_name")
    assert (entry.status, entry.line) == ("defaulted", 114)
