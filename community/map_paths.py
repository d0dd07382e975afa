"""SVG path data for the members map: compact encoding, parsing, simplification, outlines.

Coordinates are kept in tenths of a unit (rounded to one decimal) and lightly simplified
(Douglas-Peucker, 1 unit of a 613-unit-wide drawing). Each region also gets an outline without
its inner département borders, drawn white and, on hover, focus or when chosen, in colour.
"""

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

from community.taxonomy import DEPARTEMENT_REGIONS

Point = tuple[int, int]  # tenths of a unit: rounding to one decimal without float noise
GRID_CELL = 20  # tenths: the spatial index cell for finding neighbouring edges
SEAM_TOLERANCE = 5.0  # tenths: how far apart two départements' common border may be drawn
SIMPLIFY_TOLERANCE = 10.0  # tenths: finer detail is lost at the sizes the map is shown
_PATH_TOKEN = re.compile(r"[MmZz]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


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


def simplify_ring(ring: list[Point]) -> list[Point]:
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


def area_and_centroid(rings: list[list[Point]]) -> tuple[float, float, float]:
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
