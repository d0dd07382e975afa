"""The members map (*cartographie*): shapes from npm packages, counts, shades, accessible markup."""

import dataclasses
import itertools
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from community import map as region_maps
from community import map_paths, map_shapes
from community.taxonomy import DEPARTEMENT_REGIONS, OVERSEAS_REGIONS, Region

SVG = "{http://www.w3.org/2000/svg}"
METROPOLITAN = {slug for slug in Region.values if slug not in OVERSEAS_REGIONS}
COUNTS = {"bretagne": 13, "occitanie": 40, "ile-de-france": 25, "la-reunion": 2, "none": 4}


def by_slug(data: dict) -> dict[str, dict]:
    return {region["slug"]: region for region in data["regions"]}


def render_map(counts=None, base_query="", path="/membres/") -> str:
    request = RequestFactory().get(path)
    with translation.override("en"):
        return render_to_string(
            "community/_region_map.html",
            {"region_counts": COUNTS if counts is None else counts, "map_base_query": base_query},
            request=request,
        )


# --- reference data ------------------------------------------------------------------------


def test_every_metropolitan_departement_of_the_package_belongs_to_exactly_one_region():
    ids = [location["id"] for location in map_shapes._load_departements()["locations"]]
    assert len(ids) == len(set(ids)) == 96
    metropolitan = {code for code in DEPARTEMENT_REGIONS if not code.startswith("97")}
    assert set(ids) == metropolitan
    assert {DEPARTEMENT_REGIONS[code] for code in ids} == METROPOLITAN


def test_departement_regions_use_known_regions_and_overseas_codes():
    assert set(DEPARTEMENT_REGIONS.values()) == set(Region.values)
    overseas = {code: region for code, region in DEPARTEMENT_REGIONS.items() if code >= "97"}
    assert overseas == {
        "971": "guadeloupe", "972": "martinique", "973": "guyane", "974": "la-reunion",
        "976": "mayotte",
    }


# --- shapes --------------------------------------------------------------------------------


def test_region_map_covers_all_18_regions_with_shapes():
    data = region_maps.region_map({})
    regions = by_slug(data)
    assert set(regions) == set(Region.values)
    for slug in METROPOLITAN:
        assert regions[slug]["path"].startswith("m")
        assert regions[slug]["outline"].startswith("m")
        assert regions[slug]["inset"] is None
    insets = [regions[slug]["inset"] for slug in OVERSEAS_REGIONS]
    # Natural Earth 1:10m has all five overseas regions: real shapes, no fallback marker.
    assert all(inset.path.startswith("m") for inset in insets)
    boxes = sorted((inset.x, inset.x + inset.width) for inset in insets)
    assert all(end <= start for (_, end), (start, _) in itertools.pairwise(boxes))


def test_shapes_are_loaded_once_per_process():
    assert map_shapes.load_shapes() is map_shapes.load_shapes()


def test_path_data_stays_light():
    shapes = map_shapes.load_shapes()
    size = sum(map(len, shapes.paths.values())) + sum(map(len, shapes.outlines.values()))
    size += sum(len(inset.path) for inset in shapes.insets.values())
    assert size < 100_000


def test_encoding_round_trips_and_rounds_to_one_decimal():
    rings = [[(0, 0), (105, -3), (57, 88)], [(1000, 1000), (1010, 1000), (1010, 990)]]
    encoded = map_paths.encode_rings(rings)
    assert map_paths.parse_relative_path(encoded) == rings
    parsed = map_paths.parse_relative_path("m 1.04,2.06 1,0 0,1 z")
    assert parsed == [[(10, 21), (20, 21), (20, 31)]]


def test_simplification_keeps_the_ends_and_the_corners():
    line = [(0, 0), (50, 1), (100, 0), (100, 50), (101, 100)]
    assert map_paths.simplify(line, tolerance=4) == [(0, 0), (100, 0), (101, 100)]
    assert map_paths.simplify(line, tolerance=0) == line


def test_missing_node_modules_is_a_clear_configuration_error(settings, tmp_path):
    map_shapes.load_shapes.cache_clear()
    settings.BASE_DIR = tmp_path
    try:
        with pytest.raises(ImproperlyConfigured, match="npm ci"):
            region_maps.region_map({})
    finally:
        map_shapes.load_shapes.cache_clear()


# --- counts and shades ---------------------------------------------------------------------


def test_counts_and_shades_follow_the_largest_count():
    regions = by_slug(region_maps.region_map({**COUNTS, "grand-est": 1}))
    assert regions["occitanie"]["count"] == 40
    assert regions["occitanie"]["shade"] == region_maps.SHADES
    assert regions["ile-de-france"]["shade"] == 4  # 25 / 40 of the way
    assert regions["bretagne"]["shade"] == 2
    assert regions["grand-est"]["shade"] == 1  # any member shows
    assert regions["normandie"]["count"] == 0
    assert regions["normandie"]["shade"] == 0


def test_counts_tolerate_nonsense():
    data = region_maps.region_map({"bretagne": -3, "atlantis": 12, "corse": None})
    regions = by_slug(data)
    assert regions["bretagne"]["count"] == 0
    assert data["max_count"] == 0
    assert data["total"] == 0
    assert {region["shade"] for region in data["regions"]} == {0}


def test_national_networks_are_counted_apart():
    data = region_maps.region_map(COUNTS)
    assert data["no_region_count"] == 4
    assert data["total"] == 13 + 40 + 25 + 2


@pytest.mark.parametrize("top", [1, 3, 5, 7, 40, 351])
def test_legend_ranges_are_contiguous_and_match_the_shades(top):
    items = region_maps.legend(top)
    assert items[0] == {"shade": 0, "low": 0, "high": 0}
    covered = [n for item in items[1:] for n in range(item["low"], item["high"] + 1)]
    assert covered == list(range(1, top + 1))
    for item in items[1:]:
        assert region_maps.shade(item["low"], top) == item["shade"]
        assert region_maps.shade(item["high"], top) == item["shade"]


def test_table_is_sorted_by_name_ignoring_accents():
    labels = [region["label"] for region in region_maps.region_map({})["table"]]
    assert labels.index("Hauts-de-France") < labels.index("Île-de-France") < labels.index(
        "La Réunion"
    )
    assert labels == sorted(labels, key=region_maps.sort_key)


# --- template ------------------------------------------------------------------------------


def test_template_renders_well_formed_svg_with_one_link_per_region():
    html = render_map(base_query="q=tiers-lieux&metier=accompagnement&page=3&region=corse")
    svg = ET.fromstring(re.search(r"<svg.*?</svg>", html, re.DOTALL).group(0))  # noqa: S314
    assert svg.get("viewBox").startswith("0 0 613 ")
    assert svg.find(f"{SVG}title").text
    links = svg.findall(f".//{SVG}a")
    assert len(links) == 18
    directory = reverse("community:directory")
    for link in links:
        href = urlsplit(link.get("href"))
        assert href.path == directory
        query = parse_qs(href.query)
        assert query["q"] == ["tiers-lieux"]
        assert query["metier"] == ["accompagnement"]
        assert "page" not in query
        assert len(query["region"]) == 1
        assert query["region"][0] in Region.values
        assert link.find(f"{SVG}title").text == link.get("aria-label")
    names = {link.get("aria-label") for link in links}
    assert "Bretagne: 13 members" in names
    assert "Normandie: 0 members" in names
    assert "La Réunion: 2 members" in names
    shades = {link.get("aria-label"): link.get("class") for link in links}
    assert "region-map__region--5" in shades["Occitanie: 40 members"]


def test_template_has_no_inline_style_and_no_script():
    html = render_map()
    assert not re.search(r"\sstyle\s*=", html)
    assert "<style" not in html
    assert "<script" not in html


def test_template_has_an_accessible_table_with_the_same_numbers():
    html = render_map()
    table = html[html.index("<table"): html.index("</table>") + len("</table>")]
    root = ET.fromstring(table)  # noqa: S314 (our own output)
    assert root.find("caption").text.strip()
    assert [th.get("scope") for th in root.find("thead").iter("th")] == ["col", "col"]
    rows = root.find("tbody").findall("tr")
    assert len(rows) == 18 + 1  # and national networks, who have no region
    numbers = {row.find("th/a").text: int(row.find("td").text) for row in rows}
    assert numbers["Occitanie"] == 40
    assert numbers["Mayotte"] == 0
    assert numbers["No region (national network)"] == 4
    assert all(row.find("th").get("scope") == "row" for row in rows)
    assert "<details" in html and "<summary" in html
    assert "Victor Cazanave, CC BY 4.0" in html


def test_template_marks_the_current_region_and_works_without_a_query():
    html = render_map(counts={}, path="/membres/?region=bretagne")
    assert f'href="{reverse("community:directory")}?region=bretagne"' in html
    assert html.count('aria-current="true"') == 2  # on the map and in the table
    assert 'id="region-map"' in html


def test_every_chosen_region_is_marked_and_national_networks_too():
    html = render_map(path="/membres/?region=bretagne&region=corse&region=none")
    assert html.count('aria-current="true"') == 2 + 2 + 1
    assert html.count(' class="is-current"') == 3  # table rows


def test_inset_counts_are_written_on_the_map():
    html = render_map(counts={"la-reunion": 7})
    svg = ET.fromstring(re.search(r"<svg.*?</svg>", html, re.DOTALL).group(0))  # noqa: S314
    counts = [text.text for text in svg.iter(f"{SVG}text") if "count" in text.get("class")]
    assert counts == ["7"]


def test_a_territory_missing_from_the_data_is_drawn_as_a_labelled_marker(monkeypatch):
    shapes = map_shapes.load_shapes()
    box = shapes.insets["mayotte"]
    marker = map_shapes._inset("mayotte", (box.x, box.y, box.width, box.height), [])
    assert marker.path == ""
    patched = dataclasses.replace(shapes, insets={**shapes.insets, "mayotte": marker})
    monkeypatch.setattr(region_maps, "load_shapes", lambda: patched)
    html = render_map(counts={"mayotte": 3})
    svg = ET.fromstring(re.search(r"<svg.*?</svg>", html, re.DOTALL).group(0))  # noqa: S314
    link = next(a for a in svg.iter(f"{SVG}a") if a.get("aria-label") == "Mayotte: 3 members")
    assert link.find(f"{SVG}circle") is not None
    assert link.find(f"{SVG}path") is None
    assert [t.text for t in link.iter(f"{SVG}text")] == ["Mayotte", "3"]
