"""A tile-grid layout of areas: one equal square per ward, placed to keep the map's arrangement.

Plain data: centroids in, (row, column) cells out; nothing here draws. Rows run
north to south and columns west to east. Wards are split into rows in order of
latitude (each row a contiguous band, so a ward never sits above one further
north), then placed in their row in order of longitude at the columns nearest
their scaled longitude. Both steps are exact dynamic programmes that minimise
the squared displacement from where the ward would sit on a plain projection.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

SLACK = 1.4  # cells per ward: room for the gaps that keep a district's outline
MAX_ASPECT = 9.0  # a long thin district still gets a grid, not one row


@dataclass(frozen=True)
class Point:
    """An area to place: its key and centroid."""

    key: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Grid:
    """Where each area's tile goes: ``cells[key] = (row, col)``, row 0 the northernmost."""

    rows: int
    cols: int
    cells: dict[str, tuple[int, int]]


def shape(points: Sequence[Point]) -> tuple[int, int]:
    """Rows and columns for ``points``: about SLACK cells per area, in the aspect of their extent."""
    n = len(points)
    if n == 0:
        return 0, 0
    height, width = _extent(points)
    if height <= 0 and width <= 0:
        aspect = 1.0
    else:
        aspect = min(max(height / width if width > 0 else MAX_ASPECT, 1 / MAX_ASPECT), MAX_ASPECT)
    cells = max(n * SLACK, 1.0)
    rows = max(1, min(n, round(math.sqrt(cells * aspect))))
    cols = max(1, math.ceil(cells / rows))
    return rows, max(cols, math.ceil(n / rows))


def _extent(points: Sequence[Point]) -> tuple[float, float]:
    """North-south and east-west extent, in degrees of latitude (longitude shrunk by cos(lat))."""
    lats = [p.lat for p in points]
    lons = [p.lon for p in points]
    shrink = math.cos(math.radians(sum(lats) / len(lats)))
    return max(lats) - min(lats), (max(lons) - min(lons)) * shrink


def _scaled(values: Sequence[float], top: int) -> list[float]:
    """``values`` mapped linearly onto 0..top (all at the middle when they are equal)."""
    low, high = min(values), max(values)
    if high - low <= 1e-12:
        return [top / 2] * len(values)
    return [(v - low) / (high - low) * top for v in values]


def layout(points: Sequence[Point]) -> Grid:
    """The tile grid for ``points`` (keys must be unique): every area on its own cell."""
    keys = [p.key for p in points]
    if len(set(keys)) != len(keys):
        raise ValueError("tile keys must be unique")
    rows, cols = shape(points)
    if not points:
        return Grid(0, 0, {})
    # North first; ties by longitude then key, so the layout does not depend on input order.
    ordered = sorted(points, key=lambda p: (-p.lat, p.lon, p.key))
    ys = _scaled([-p.lat for p in ordered], rows - 1)
    bands = _bands(ys, rows, cols)
    cells: dict[str, tuple[int, int]] = {}
    xs_all = dict(zip((p.key for p in points), _scaled([p.lon for p in points], cols - 1), strict=True))
    for row, (start, end) in enumerate(bands):
        members = sorted(ordered[start:end], key=lambda p: (p.lon, p.key))
        for point, col in zip(members, _columns([xs_all[p.key] for p in members], cols), strict=True):
            cells[point.key] = (row, col)
    return Grid(rows, cols, cells)


def _bands(ys: Sequence[float], rows: int, cols: int) -> list[tuple[int, int]]:
    """Split the north-to-south order into ``rows`` contiguous bands of at most ``cols`` areas.

    Minimises the sum of (scaled y - row)²; a band may be empty (a gap row).
    """
    n = len(ys)
    prefix, prefix_sq = [0.0], [0.0]
    for y in ys:
        prefix.append(prefix[-1] + y)
        prefix_sq.append(prefix_sq[-1] + y * y)

    def cost(start: int, end: int, row: int) -> float:
        count = end - start
        return prefix_sq[end] - prefix_sq[start] - 2 * row * (prefix[end] - prefix[start]) + count * row * row

    inf = math.inf
    best = [0.0] + [inf] * n  # best[i]: first i areas placed in the rows so far
    choices: list[list[int]] = []
    for row in range(rows):
        nxt = [inf] * (n + 1)
        came = [0] * (n + 1)
        for end in range(n + 1):
            for start in range(max(0, end - cols), end + 1):
                if best[start] == inf:
                    continue
                value = best[start] + cost(start, end, row)
                if value < nxt[end]:
                    nxt[end], came[end] = value, start
        best = nxt
        choices.append(came)
    bands: list[tuple[int, int]] = []
    end = n
    for row in range(rows - 1, -1, -1):
        start = choices[row][end]
        bands.append((start, end))
        end = start
    return bands[::-1]


def _columns(xs: Sequence[float], cols: int) -> list[int]:
    """Strictly increasing columns for the (sorted) scaled longitudes ``xs``, nearest in squared distance."""
    k = len(xs)
    if k == 0:
        return []
    inf = math.inf
    # cost[j][c]: the first j+1 areas placed, the last at column c.
    prev = [(xs[0] - c) ** 2 if c <= cols - k else inf for c in range(cols)]
    back: list[list[int]] = []
    for j in range(1, k):
        here = [inf] * cols
        came = [0] * cols
        low_value, low_at = inf, -1
        for c in range(cols):
            if c - 1 >= 0 and prev[c - 1] < low_value:
                low_value, low_at = prev[c - 1], c - 1
            if low_at >= 0 and c <= cols - (k - j):
                here[c] = low_value + (xs[j] - c) ** 2
                came[c] = low_at
        back.append(came)
        prev = here
    col = min(range(cols), key=lambda c: prev[c])
    out = [col]
    for came in reversed(back):
        col = came[col]
        out.append(col)
    return out[::-1]
