"""Peer search (*Membres*): one page of the directory, and everything its template shows.

Results come from the members index; when the engine is unavailable, the directory falls back
to the database (trade and region filters only, in name order), so that it never goes blank.
"""

import logging
import zlib
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community import selectors, taxonomy
from community.forms.profiles import FACET_FIELDS, DirectoryFilterForm, facet_choices
from search.backends.base import Hit, SearchResults, SearchUnavailable
from search.query import search_index
from search.templatetags.search_tags import is_highlighted

logger = logging.getLogger(__name__)

SEARCH_FACETS = ["metiers", "region", "actor_kind", "perimeter", "domains", "skills"]
TOP_SKILLS = 15
CARD_SKILLS = 6
# A page number beyond this is not tried as such: the paginator settles on the last page.
MAX_GUESSED_OFFSET = 10_000

FACET_LEGENDS = {
    "metier": gettext_lazy("Trades"),
    "region": gettext_lazy("Region"),
    "actor_kind": gettext_lazy("Kind of actor"),
    "perimeter": gettext_lazy("Perimeter"),
    "domain": gettext_lazy("Fragility domains"),
    "skill": gettext_lazy("Skills"),
}


@dataclass(frozen=True)
class PeerSearchPage:
    """What the directory template shows; the field names are its context variables."""

    page: Page
    cards: list[dict]
    search_unavailable: bool
    facet_groups: list[dict]
    chips: list[dict]
    has_filters: bool
    filter_query: str
    without_filters_query: str
    region_counts: dict[str, int]
    map_base_query: str

    def template_context(self) -> dict[str, Any]:
        return {field.name: getattr(self, field.name) for field in fields(self)}


def peer_search(*, user, form: DirectoryFilterForm) -> PeerSearchPage:
    """The page of members that ``form`` (already validated) asks for, as ``user`` sees it."""
    per_page = settings.DIRECTORY_PAGE_SIZE
    counts = None
    try:
        page, cards, counts = _search_page(user, form, per_page)
    except SearchUnavailable:
        logger.warning("Search engine unavailable: the directory falls back to the database.")
        page, cards = _database_page(form, per_page)
    return PeerSearchPage(
        page=page,
        cards=cards,
        search_unavailable=counts is None,
        facet_groups=_facet_groups(form, counts),
        chips=_chips(form),
        has_filters=bool(form.filters()),
        filter_query=form.querystring(),
        without_filters_query=urlencode([("q", form.query)]) if form.query else "",
        region_counts=(counts or {}).get("region", {}),
        map_base_query=form.querystring(without=("region", None)),
    )


class _SearchWindow:
    """What ``Paginator`` needs from a search: the total, and the hits of the page it slices.

    The first search is made for the page asked for; only when the paginator settles on
    another page (a number past the end, say) is the engine asked again.
    """

    def __init__(self, fetch: Callable[[int], SearchResults], offset: int) -> None:
        self.fetch = fetch
        self.offset = offset
        self.results = fetch(offset)

    def count(self) -> int:
        return self.results.total

    def __len__(self) -> int:
        return self.results.total

    def __getitem__(self, window: slice) -> list[Hit]:
        if window.start != self.offset:
            self.offset = window.start
            self.results = self.fetch(window.start)
        return self.results.hits


def _guessed_offset(raw_page: str, per_page: int) -> int:
    number = int(raw_page) if raw_page.isascii() and raw_page.isdigit() else 1
    offset = (max(number, 1) - 1) * per_page
    return offset if offset <= MAX_GUESSED_OFFSET else 0


def _facet_id(name: str, value: str) -> str:
    """Stable ids, so that HTMX gives the focus back to the same checkbox after a swap.

    Skills are free text: two may share a slug (``Tiers-lieux``, ``tiers lieux``), hence the
    checksum."""
    if name != "skill":
        return f"facet-{name}-{value}"
    return f"facet-skill-{slugify(value)[:40]}-{zlib.crc32(value.encode()):08x}"


def _facet_groups(form: DirectoryFilterForm, counts: dict | None) -> list[dict]:
    """Fieldsets of the search form: values with members, and the ones in use.

    Without counts (search unavailable), only the trade and region facets, with every value.
    """
    groups = []
    choices = facet_choices()
    for name, index_field in FACET_FIELDS.items():
        active = list(form.cleaned_data.get(name) or [])
        if counts is None:
            if name not in ("metier", "region"):
                continue
            values = [(value, label, None) for value, label in choices[name]]
        elif name == "skill":
            by_count = sorted(counts.get(index_field, {}).items(), key=lambda i: (-i[1], i[0]))
            top = [(value, value, count) for value, count in by_count[:TOP_SKILLS] if count]
            shown = {value for value, _label, _count in top}
            values = top + [
                (value, value, counts.get(index_field, {}).get(value, 0))
                for value in active if value not in shown
            ]
        else:
            facet = counts.get(index_field, {})
            values = [
                (value, label, facet.get(value, 0))
                for value, label in choices[name]
                if facet.get(value, 0) > 0 or value in active
            ]
        if not values:
            continue
        groups.append({
            "name": name,
            "legend": FACET_LEGENDS[name],
            "options": [
                {
                    "value": value, "label": label, "count": count,
                    "checked": value in active, "id": _facet_id(name, value),
                }
                for value, label, count in values
            ],
        })
    return groups


def _chips(form: DirectoryFilterForm) -> list[dict]:
    """The filters in use, each a link to the same search without it."""
    labels = {name: dict(choices) for name, choices in facet_choices().items()}
    chips = []
    if form.query:
        chips.append({
            "group": _("Search"),
            "label": form.query,
            "query": form.querystring(without=("q", None)),
        })
    for name in FACET_FIELDS:
        for value in form.cleaned_data.get(name) or []:
            chips.append({
                "group": FACET_LEGENDS[name],
                "label": labels.get(name, {}).get(value, value),
                "query": form.querystring(without=(name, value)),
            })
    return chips


def _initials(name: str) -> str:
    words = [word for word in name.replace("-", " ").split() if word[:1].isalnum()]
    return "".join(word[0] for word in words[:2]).upper()


def _region_label(region: str):
    if not region or region == "none":
        return _("National network")
    return dict(taxonomy.Region.choices).get(region, "")


def _card_from_hit(hit: Hit) -> dict:
    """What a result card shows, from the hit's document only (no query per hit)."""
    document, marked = hit.document, hit.highlighted
    metier_labels = dict(taxonomy.Metier.choices)
    skills = list(document.get("skills") or [])
    marked_skills = marked.get("skills")
    if not isinstance(marked_skills, list) or len(marked_skills) != len(skills):
        marked_skills = skills
    # Matching skills first, then the others, in their order.
    ordered = sorted(marked_skills, key=lambda skill: not is_highlighted(skill))
    help_text = marked.get("can_help_with") or ""
    return {
        "id": document.get("id", hit.id),
        "name": document.get("name", ""),
        "marked_name": marked.get("name") or document.get("name", ""),
        "marked_organisation": marked.get("organisation") or document.get("organisation", ""),
        "region_label": _region_label(document.get("region", "")),
        "metiers": [metier_labels[m] for m in document.get("metiers") or [] if m in metier_labels],
        "skills": ordered[:CARD_SKILLS],
        "more_skills": max(len(ordered) - CARD_SKILLS, 0),
        "marked_help": help_text if is_highlighted(help_text) else "",
        "photo_version": document.get("photo_version") or 0,
        "initials": _initials(document.get("name", "")),
        "email": document.get("email") or "",
    }


def _card_from_member(member) -> dict:
    """The same card from the database (search unavailable)."""
    profile = member.profile
    skills = sorted(tag.name for tag in profile.skills.all())
    return {
        "id": member.pk,
        "name": member.display_name,
        "marked_name": member.display_name,
        "marked_organisation": profile.organisation,
        "region_label": _region_label(profile.region),
        "metiers": [metier.label for metier in profile.metiers.all()],
        "skills": skills[:CARD_SKILLS],
        "more_skills": max(len(skills) - CARD_SKILLS, 0),
        "marked_help": "",
        "photo_version": int(profile.updated_at.timestamp()) if profile.photo else 0,
        "initials": _initials(member.display_name),
        "email": member.email if profile.show_email else "",
    }


def _search_page(
    user, form: DirectoryFilterForm, per_page: int
) -> tuple[Page, list[dict], dict]:
    query, filters = form.query, form.filters()

    def fetch(offset: int) -> SearchResults:
        return search_index(
            "members",
            user=user,
            query=query,
            filters=filters,
            facets=SEARCH_FACETS,
            sort=None if query else ["name_sort:asc"],
            limit=per_page,
            offset=offset,
            # A facet in use counts without its own filter: its other values show how many
            # members choosing them too would add (values of a facet combine with OR).
            disjunctive_facets=True,
        )

    window = _SearchWindow(fetch, _guessed_offset(form.page_number, per_page))
    page = Paginator(window, per_page).get_page(form.page_number)
    counts = {name: window.results.facets.get(name, {}) for name in SEARCH_FACETS}
    return page, [_card_from_hit(hit) for hit in page.object_list], counts


def _database_page(form: DirectoryFilterForm, per_page: int) -> tuple[Page, list[dict]]:
    """Trades and regions straight from the database, in name order."""
    chosen = form.cleaned_data
    metiers, regions = chosen.get("metier") or [], chosen.get("region") or []
    members = selectors.directory_members(
        metier=metiers[0] if len(metiers) == 1 else "",
        region=regions[0] if len(regions) == 1 else "",
    )
    if len(metiers) > 1:
        members = members.filter(
            pk__in=selectors.directory_members().filter(profile__metiers__slug__in=metiers)
            .values("pk")
        )
    if len(regions) > 1:
        named = [region for region in regions if region != "none"]
        in_regions = Q(profile__region__in=named)
        members = members.filter(in_regions | Q(profile__region="") if "none" in regions
                                 else in_regions)
    page = Paginator(members, per_page).get_page(form.page_number)
    return page, [_card_from_member(member) for member in page.object_list]
