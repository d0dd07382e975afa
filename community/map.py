"""The members map (*cartographie*): France's 18 regions, shaded by a number of members.

The shapes are prepared once per process (community.map_shapes) and served as one SVG file that
browsers cache (community.map_asset): the page points into it by id, and ``region_map`` only adds
the counts, shades and links.
"""

import math
import unicodedata
from collections.abc import Callable, Mapping

from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext, pgettext

from community.map_asset import region_map_asset
from community.map_shapes import load_shapes
from community.taxonomy import OVERSEAS_REGIONS, Region

SHADES = 5  # shade classes 1..5 for regions with members; 0 for none


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


def members_name(label: str, count: int) -> str:
    """A region's accessible name on the members map: "Bretagne: 13 members"."""
    return ngettext(
        "%(region)s: %(count)d member", "%(region)s: %(count)d members", count
    ) % {"region": label, "count": count}


def members_texts() -> dict[str, str]:
    """The members map's words (templates/community/_region_map.html shows ``map.text``)."""
    return {
        "title": gettext("Map of the members by region"),
        "desc": gettext(
            "Each region is shaded by the number of members matching the search; choose a "
            "region to show only its members. Overseas regions are shown below, not to scale."
        ),
        "legend": gettext("Members per region"),
        "none": pgettext("number of members", "none"),
        "caption": gettext(
            "Members matching the search, by region: choose a region on the map or in the "
            "table to filter the list."
        ),
        "table_caption": gettext("Members matching the search, by region"),
        "column": gettext("Members"),
        "no_region": gettext("No region (national network)"),
    }


def region_map(
    region_counts: Mapping[str, int],
    *,
    name: Callable[[str, int], str] = members_name,
    texts: Mapping[str, str] | None = None,
) -> dict:
    """Everything the map template draws, for counts keyed by region slug (``"none"``: none).

    The members page counts members; another app (the agenda counts events) passes its own
    accessible ``name`` of a region and its own ``texts`` (the keys of ``members_texts``):
    the shapes, shades and markup stay one.
    """
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
            "name": name(label, counts[slug]),
            "shade": shade(counts[slug], top),
            "overseas": slug in OVERSEAS_REGIONS,
            "path": shapes.paths.get(slug, ""),
            "outline": shapes.outlines.get(slug, ""),
            "center_x": center[0],
            "center_y": center[1],
            "inset": shapes.insets.get(slug),
        })
    return {
        # Translated words of the code (never a member's text), shown as {% translate %}
        # shows them: unescaped.
        "text": {key: mark_safe(value)  # noqa: S308
                 for key, value in (texts if texts is not None else members_texts()).items()},
        "view_box": f"0 0 {shapes.width:g} {shapes.height:g}",
        "shapes_url": region_map_asset().url,
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
