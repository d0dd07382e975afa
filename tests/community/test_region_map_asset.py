"""The members map's shapes as one cached SVG file (community/map_asset.py, issue 20): the
directory page points into it by id instead of carrying 60 kB of path data on every page."""

import re

import pytest
from django.urls import reverse

from community.map_asset import region_map_asset
from community.map_shapes import load_shapes
from community.taxonomy import OVERSEAS_REGIONS, Region
from search.indexing import rebuild

pytestmark = pytest.mark.django_db


def test_the_file_has_every_shape_once_without_colours():
    asset = region_map_asset()
    shapes = load_shapes()
    for slug in Region.values:
        if slug in OVERSEAS_REGIONS:
            if shapes.insets[slug].path:
                assert f'<path id="i-{slug}" d="{shapes.insets[slug].path}"/>' in asset.content
        else:
            assert f'<path id="s-{slug}" d="{shapes.paths[slug]}"/>' in asset.content
            assert f'<path id="o-{slug}" d="{shapes.outlines[slug]}"/>' in asset.content
    # <use> passes the page's fill and stroke down only to what sets none itself.
    assert "fill=" not in asset.content and "stroke" not in asset.content
    assert re.fullmatch(r"[0-9a-f]{12}", asset.version)
    assert asset.url == f"/membres/carte.svg?v={asset.version}"


def test_the_current_version_is_cached_for_a_year_an_old_one_briefly(as_user, member):
    client = as_user(member)
    asset = region_map_asset()
    response = client.get(asset.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert set(response["Cache-Control"].split(", ")) == {
        "public", "max-age=31536000", "immutable"}
    assert response.content.decode() == asset.content
    stale = client.get(reverse("community:region_map_shapes") + "?v=000000000000")
    assert stale.status_code == 200 and "immutable" not in stale["Cache-Control"]
    assert "max-age=300" in stale["Cache-Control"]
    # After five minutes, a browser asks again with the ETag: nothing to send.
    again = client.get(asset.url, headers={"If-None-Match": f'"{asset.version}"'})
    assert again.status_code == 304 and not again.content


def test_the_directory_draws_the_map_by_reference(as_user, member):
    rebuild("members")
    html = as_user(member).get(reverse("community:directory")).content.decode()
    asset = region_map_asset()
    figure = html.split('<figure class="region-map"', 1)[1].split("</figure>", 1)[0]
    metropolitan = [slug for slug in Region.values if slug not in OVERSEAS_REGIONS]
    for slug in metropolitan:
        assert f'<use class="region-map__shape" href="{asset.url}#s-{slug}"/>' in figure
        assert f'<use class="region-map__outline" href="{asset.url}#o-{slug}"/>' in figure
    assert " d=" not in figure  # no path data on the page
    # Still a link, a label and a title per region, and the table for screen readers.
    assert figure.count('<a href="/membres/?region=') == len(Region.values) + len(Region.values)
    assert figure.count("<title>") == len(Region.values)
    assert '<title id="region-map-title">' in figure
    assert "<table" in figure
