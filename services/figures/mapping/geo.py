"""Ward boundaries: GeoJSON features matched to the plan's wards, rings wound for Altair.

Plain geometry on lists of coordinates (lon, lat); nothing here draws.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from services.core import text
from services.core.config import Plan


def ring_area(ring: Sequence[Sequence[float]]) -> float:
    """Signed planar area of a ring (positive when counter-clockwise in lon/lat)."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in itertools.pairwise(ring)) / 2


def _rewind_polygon(rings: list[list[list[float]]]) -> list[list[list[float]]]:
    out = []
    for index, ring in enumerate(rings):
        clockwise = ring_area(ring) < 0
        # Altair (d3-geo) wants outer rings clockwise and holes counter-clockwise.
        want_clockwise = index == 0
        out.append(list(ring) if clockwise == want_clockwise else list(reversed(ring)))
    return out


def rewind(geometry: dict[str, Any]) -> dict[str, Any]:
    """A copy of a (Multi)Polygon with rings wound the way ``mark_geoshape`` needs."""
    if geometry.get("type") == "Polygon":
        return {"type": "Polygon", "coordinates": _rewind_polygon(geometry["coordinates"])}
    if geometry.get("type") == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": [_rewind_polygon(p) for p in geometry["coordinates"]]}
    return dict(geometry)


def label_point(geometry: dict[str, Any]) -> tuple[float, float]:
    """The centroid of the largest outer ring (lon, lat): where the ward's name goes."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    ring = max((p[0] for p in polygons), key=lambda r: abs(ring_area(r)))
    area = ring_area(ring)
    if abs(area) < 1e-15:
        return sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)
    cx = sum((a[0] + b[0]) * (a[0] * b[1] - b[0] * a[1]) for a, b in itertools.pairwise(ring))
    cy = sum((a[1] + b[1]) * (a[0] * b[1] - b[0] * a[1]) for a, b in itertools.pairwise(ring))
    return cx / (6 * area), cy / (6 * area)


def features_of(geojson: dict[str, Any]) -> list[dict[str, Any]]:
    """The polygon features of a FeatureCollection (or of a single Feature)."""
    if geojson.get("type") == "Feature":
        candidates = [geojson]
    else:
        candidates = [f for f in geojson.get("features") or [] if isinstance(f, dict)]
    return [
        f
        for f in candidates
        if isinstance(f.get("geometry"), dict) and f["geometry"].get("type") in ("Polygon", "MultiPolygon")
    ]


def match_features(plan: Plan, geojson: dict[str, Any], ward_property: str | None = None) -> dict[str, dict[str, Any]]:
    """Ward code -> its feature, matching a property to the ward's code or name.

    Values are compared with ``services.core.text.key`` (case, diacritics, spaces,
    the plan's ward prefixes such as ``Phường``/``P.``; codes with or without
    leading zeros). Without ``ward_property`` the property
    that matches the most wards is used.
    """
    lookup: dict[str, str] = {}
    for ward in plan.wards:
        lookup[text.key(ward.code)] = ward.code
        lookup[ward.code.lstrip("0")] = ward.code  # codes stored as numbers lose their zeros: 00139 -> 139
        lookup[text.key(ward.name)] = ward.code
        for prefix in plan.ward_prefixes:
            lookup[text.key(f"{prefix} {ward.name}")] = ward.code
    features = features_of(geojson)
    names = [ward_property] if ward_property else sorted({k for f in features for k in (f.get("properties") or {})})
    best: dict[str, dict[str, Any]] = {}
    for name in names:
        found: dict[str, dict[str, Any]] = {}
        for feature in features:
            value = (feature.get("properties") or {}).get(name)
            code = lookup.get(text.key(value)) if value is not None else None
            if code and code not in found:
                found[code] = feature
        if len(found) > len(best):
            best = found
    return best
