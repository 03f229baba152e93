"""The reader warns on probable duplicates: same unit, date, title and wards (a double submit, a row typed twice)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest

from services.core import config
from services.ingest.reading import reader
from tests.test_reader import row

Read = Callable[..., reader.Dataset]


def duplicates(data: reader.Dataset) -> list[tuple[int, int]]:
    """(row, first row it repeats) of every probable-duplicate notice."""
    return [(p.row, p.params["first_row"]) for p in data.problems if p.code == "probable_duplicate"]


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        ({}, [(3, 2)]),
        ({"participants": "99", "notes": "ghi lại"}, [(3, 2)]),  # other columns do not matter
        ({"title": "  hội nghị BÁO CÁO viên "}, [(3, 2)]),  # case, spaces
        ({"title": unicodedata.normalize("NFD", "Hội nghị báo cáo viên")}, [(3, 2)]),  # another Unicode form
        ({"title": "Hoi nghi bao cao vien"}, []),  # other letters: a person decides, not the reader
        ({"unit": "ban tuyen giao quan uy"}, [(3, 2)]),  # same canonical unit
        ({"date": "2016-01-15"}, [(3, 2)]),  # same date, other format
        ({"date": "16/01/2016"}, []),
        ({"title": "Hội nghị báo cáo viên (lần 2)"}, []),
        ({"ward": "Gia Thụy"}, []),
        ({"ward": "Bồ Đề, Gia Thụy"}, []),
        ({"unit": "Quận đoàn"}, []),
        ({"form": ""}, []),  # an error row is not counted, so it is no duplicate
    ],
)
def test_a_later_copy_is_warned(read_rows: Read, second: dict[str, Any], expected: list[tuple[int, int]]) -> None:
    data = read_rows([row(), row(**second)])
    assert duplicates(data) == expected
    warned = {a.row: a.warnings for a in data.activities}
    assert warned.get(2) == 0
    if expected:
        assert warned[3] == 0 and data.warned == 0  # a notice, not a warning
        [problem] = [p for p in data.problems if p.code == "probable_duplicate"]
        assert (problem.sheet, problem.column, problem.severity) == ("Hoạt động", "Tên hoạt động", "notice")
        assert problem.message() == (
            "Có thể trùng với dòng 2 (cùng đơn vị, ngày, tên hoạt động và phường); nếu ghi hai lần, hãy xóa một dòng"
        )
        assert problem.message("en").startswith("Probably a duplicate of row 2 ")


def test_wards_in_another_order_are_the_same_wards(read_rows: Read) -> None:
    data = read_rows([row(ward="Bồ Đề, Gia Thụy"), row(ward="Gia Thụy; Bồ Đề")])
    assert duplicates(data) == [(3, 2)]


def test_every_later_copy_names_the_first_row_and_all_stay_counted(read_rows: Read) -> None:
    data = read_rows([row(), row(title="Khác"), row(), row(participants="5")])
    assert duplicates(data) == [(4, 2), (5, 2)]
    assert data.valid == 4 and data.errors == 0


def test_a_duplicate_is_a_notice_not_a_contract_warning(read_rows: Read) -> None:
    """rows.warnings and the summary's problems keep the contract's meaning (docs/reading-contract.md §2, §4)."""
    from services.figures import metrics

    data = read_rows([row(), row(themes="ND1.1, ND9.9")])  # an unknown theme is a warning already
    later = next(a for a in data.activities if a.row == 3)
    assert later.warnings == sum(1 for p in data.problems if p.row == 3 and p.severity == "warning") == 1
    summary = metrics.summary(config.load_plan(), data, dt.date(2016, 2, 4))
    assert summary["rows"]["warnings"] == 1
    assert [p["severity"] for p in summary["problems"] if p["row"] == 3] == ["warning"]  # the theme, not the copy
