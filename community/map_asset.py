"""The members map's shapes as one SVG file, cached by browsers, that the page points into.

The shapes (about 60 kB of path data) are the same for every reader and every search; only the
counts, the links and the shades change. So the page no longer carries them: each region's link
draws ``<use href="…/carte.svg?v=<version>#s-<slug>">``, and this module builds
that file once per process from the same data (community.map_shapes). The version is a hash of
the file's content: a new drawing gets a new URL, so the file can be cached for a year
(``immutable``). The referenced paths carry no colour: ``<use>`` passes down the fill and stroke
that the page's stylesheet gives it (static/css/app.css, ``.region-map__shape`` and
``.region-map__outline``), so the shades, hover and focus styles are unchanged.

Ids in the file: ``s-<slug>`` (a metropolitan region's shape), ``o-<slug>`` (its outline),
``i-<slug>`` (an overseas region's shape in its inset, when the data has one).
"""

import hashlib
from dataclasses import dataclass
from functools import cache

from django.urls import reverse

from community.map_shapes import load_shapes
from community.taxonomy import Region


@dataclass(frozen=True)
class MapAsset:
    content: str
    version: str

    @property
    def url(self) -> str:
        return f"{reverse('community:region_map_shapes')}?v={self.version}"


@cache
def region_map_asset() -> MapAsset:
    """The SVG file of every region's shapes, and its version; built once per process."""
    shapes = load_shapes()
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" '
             f'viewBox="0 0 {shapes.width:g} {shapes.height:g}"><defs>']
    for slug in Region.values:
        if shapes.paths.get(slug):
            parts.append(f'<path id="s-{slug}" d="{shapes.paths[slug]}"/>')
        if shapes.outlines.get(slug):
            parts.append(f'<path id="o-{slug}" d="{shapes.outlines[slug]}"/>')
        inset = shapes.insets.get(slug)
        if inset is not None and inset.path:
            parts.append(f'<path id="i-{slug}" d="{inset.path}"/>')
    parts.append("</defs></svg>\n")
    content = "\n".join(parts)
    version = hashlib.sha256(content.encode()).hexdigest()[:12]
    return MapAsset(content=content, version=version)
