"""The agenda's map: how many events of the list each region has, drawn by the members map.

The shapes, shades, legend, table and the cached SVG asset are the members map's
(community.map, templates/community/_region_map.html): this module only gives it the agenda's
counts, words and links. Choosing a region, on the map or in its table, shows the agenda
filtered by that region with the other filters kept; the region filter of the form does the
same without the map.
"""

from collections.abc import Mapping

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext, ngettext, pgettext

from community.map import region_map

# Parameters that do not carry over when a region is chosen: a new list starts at its first
# page, and the map is only on the list view.
RESET = ("region", "page", "vue", "mois")


def event_name(label: str, count: int) -> str:
    """A region's accessible name on the map: "Bretagne : 3 événements"."""
    return ngettext("%(region)s: %(count)d event", "%(region)s: %(count)d events", count) % {
        "region": label, "count": count}


def event_texts() -> dict[str, str]:
    return {
        "title": gettext("Map of the events by region"),
        "desc": gettext(
            "Each region is shaded by the number of events in the list; choose a region to "
            "show only its events. Overseas regions are shown below, not to scale."),
        "legend": gettext("Events per region"),
        "none": pgettext("number of events", "none"),
        "caption": gettext(
            "Events of the list by region: choose a region on the map or in the table to "
            "show only its events. Events without a region (online, national) are not "
            "counted on the map."),
        "table_caption": gettext("Events of the list, by region"),
        "column": gettext("Events"),
        "no_region": gettext("No region (national network)"),
    }


def agenda_map(counts: Mapping[str, int], *, chosen: str, query: QueryDict) -> dict:
    """The map's data for the agenda: ``counts`` by region slug, ``chosen`` the region the list
    is filtered by (or ""), ``query`` the agenda's current parameters."""
    data = region_map(counts, name=event_name, texts=event_texts())
    kept = query.copy()
    for key in RESET:
        kept.pop(key, None)
    base = kept.urlencode()
    prefix = f"{reverse('events:agenda')}?{base + '&' if base else ''}region="
    for region in data["regions"]:
        region["href"] = prefix + region["slug"]
        region["current"] = region["slug"] == chosen
    data["no_region_count"] = 0  # the agenda has no "no region" filter: no row for it
    return data
