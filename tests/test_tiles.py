"""The tile-grid layout (services.figures.mapping.tiles): one cell per ward, the map's arrangement kept."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.core.config import Plan
from services.figures.mapping import tiles


def points_of(plan: Plan) -> list[tiles.Point]:
    return [tiles.Point(w.code, w.lat, w.lon) for w in plan.wards]


def check_layout(points: list[tiles.Point], grid: tiles.Grid) -> None:
    """What every layout guarantees, whatever the points."""
    assert set(grid.cells) == {p.key for p in points}  # every ward placed
    assert len(set(grid.cells.values())) == len(points)  # no two wards on one tile
    assert all(0 <= r < grid.rows and 0 <= c < grid.cols for r, c in grid.cells.values())
    by_key = {p.key: p for p in points}
    for a, b in itertools.combinations(points, 2):
        (ra, ca), (rb, cb) = grid.cells[a.key], grid.cells[b.key]
        if ra < rb:  # a tile above another is never south of it
            assert by_key[a.key].lat >= by_key[b.key].lat
        if ra > rb:
            assert by_key[a.key].lat <= by_key[b.key].lat
        if ra == rb and a.lon != b.lon:  # in one row, west stays west
            assert (ca < cb) == (a.lon < b.lon)


def east_west_agreement(points: list[tiles.Point], grid: tiles.Grid) -> float:
    """Share of pairs (in different columns, different longitudes) whose columns keep their east-west order."""
    agree = total = 0
    for a, b in itertools.combinations(points, 2):
        ca, cb = grid.cells[a.key][1], grid.cells[b.key][1]
        if ca != cb and a.lon != b.lon:
            total += 1
            agree += (ca < cb) == (a.lon < b.lon)
    return agree / total if total else 1.0


def test_the_fourteen_wards_of_long_bien(plan: Plan) -> None:
    points = points_of(plan)
    grid = tiles.layout(points)
    check_layout(points, grid)
    assert grid.rows * grid.cols < 2 * len(points)  # a compact block, not a scatter
    cells = {plan.ward_names[k]: v for k, v in grid.cells.items()}
    assert cells["Cự Khối"][0] == grid.rows - 1  # the southernmost ward is on the bottom row
    assert cells["Đức Giang"][0] == 0  # the northernmost on the top row
    assert cells["Ngọc Thụy"][1] == 0  # the westernmost in the first column
    assert cells["Phúc Lợi"][1] == grid.cols - 1  # the easternmost in the last column
    assert east_west_agreement(points, grid) >= 0.9


def test_a_citywide_plan_of_580_wards() -> None:
    from testkit import citywide

    city, _ = citywide.build_plan()
    points = points_of(city)
    assert len(points) == 580
    grid = tiles.layout(points)
    check_layout(points, grid)
    assert grid.rows * grid.cols <= 2 * len(points)
    # The dense inner districts spread over more columns than their width: a little order is given up there.
    assert east_west_agreement(points, grid) >= 0.85


@pytest.mark.parametrize("n", [5, 14, 60, 250, 600])
def test_random_districts_keep_their_arrangement(n: int) -> None:
    rng = random.Random(n)
    points = [tiles.Point(str(i), rng.uniform(20.9, 21.2), rng.uniform(105.7, 106.0)) for i in range(n)]
    grid = tiles.layout(points)
    check_layout(points, grid)
    assert east_west_agreement(points, grid) >= 0.9


coordinate = st.floats(min_value=-0.5, max_value=0.5, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(coordinate, coordinate), min_size=1, max_size=600))
def test_any_set_of_points_gets_unique_ordered_cells(coords: list[tuple[float, float]]) -> None:
    points = [tiles.Point(f"w{i}", 21 + lat, 105.9 + lon) for i, (lat, lon) in enumerate(coords)]
    grid = tiles.layout(points)
    check_layout(points, grid)


def test_the_layout_does_not_depend_on_input_order(plan: Plan) -> None:
    points = points_of(plan)
    assert tiles.layout(points) == tiles.layout(list(reversed(points)))


def test_duplicate_keys_are_refused() -> None:
    with pytest.raises(ValueError, match="unique"):
        tiles.layout([tiles.Point("a", 21, 105), tiles.Point("a", 21.1, 105.1)])


def test_no_points_no_grid() -> None:
    assert tiles.layout([]) == tiles.Grid(0, 0, {})
