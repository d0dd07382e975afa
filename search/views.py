"""The global search: /recherche/?q=…&type=…&page=… (every kind the member may read, a few of
each, or one kind page by page) and /recherche/suggestions/?q=… (the header box's list, as the
member types). The address carries the whole search; what it does not understand is ignored
and said, never an error."""

from dataclasses import dataclass, field
from typing import ClassVar
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from search.everywhere import (
    MAX_OFFSET,
    Group,
    Section,
    run_section,
    search_everywhere,
    sections_for,
)
from search.pages import ResultsPage
from search.query import MAX_QUERY_LENGTH, clean_query

PER_GROUP = 5  # hits of each kind on the results page without a kind filter
PER_SUGGESTION_GROUP = 3  # hits of each kind in the header box's list
PAGE_SIZE = 20  # hits of one kind per page
MAX_PAGE = MAX_OFFSET // PAGE_SIZE + 1


def can_search_everywhere(user) -> bool:
    """Members only; each kind then says what the member may find (search/everywhere.py)."""
    return getattr(user, "is_member", False)


@dataclass(frozen=True)
class GlobalSearchParams:
    query: str = ""
    section: Section | None = None
    page: int = 1
    query_shortened: bool = False
    ignored_filters: bool = False

    @classmethod
    def from_get(cls, data, sections: list[Section]) -> "GlobalSearchParams":
        raw = " ".join(str(value) for value in data.getlist("q") if value)
        query = clean_query(raw)
        shortened = len(query) == MAX_QUERY_LENGTH and len(" ".join(raw.split())) > len(query)
        key = data.get("type", "")
        section = next((s for s in sections if s.key == key), None) if key else None
        page = data.get("page", "")
        digits = page.isascii() and page.isdigit()
        number = (int(page) if len(page) <= 9 else MAX_PAGE) if digits else 1
        return cls(query=query, section=section, page=max(1, min(number, MAX_PAGE)),
                   query_shortened=shortened, ignored_filters=bool(key and section is None))

    def querystring(self, **changes) -> str:
        values = {"q": self.query, "type": self.section.key if self.section else "", "page": ""}
        values.update({key: "" if value is None else str(value) for key, value in changes.items()})
        return urlencode([(key, value) for key, value in values.items() if value])


@dataclass
class GlobalSearchPage(ResultsPage):
    params: GlobalSearchParams
    groups: list[Group] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    page_size: ClassVar[int] = PAGE_SIZE

    @property
    def any_unavailable(self) -> bool:
        return any(group.unavailable for group in self.groups)

    @property
    def any_failed(self) -> bool:
        return any(group.failed for group in self.groups)

    @property
    def found(self) -> int:
        return sum(group.total for group in self.groups)

    @property
    def all_kinds_query(self) -> str:
        return self.params.querystring(type=None, page=None)

    @property
    def kind_links(self) -> list[dict]:
        """The kind filter: each kind the member may search, its count when it is known."""
        totals = {group.key: group.total for group in self.groups if not group.failed}
        current = self.params.section.key if self.params.section else ""
        return [{"key": section.key, "label": section.label, "current": section.key == current,
                 "query": self.params.querystring(type=section.key, page=None),
                 "total": totals.get(section.key)} for section in self.sections]


def _results_page(user, params: GlobalSearchParams, sections: list[Section]) -> GlobalSearchPage:
    page = GlobalSearchPage(params=params, page=params.page, sections=sections)
    if not params.query:
        return page
    if params.section is None:
        page.groups = search_everywhere(user, params.query, per_section=PER_GROUP)
        for group in page.groups:
            group.query = params.querystring(type=group.key, page=None)
        return page
    group = run_section(params.section, user, params.query, limit=PAGE_SIZE,
                        offset=(params.page - 1) * PAGE_SIZE)
    last = min(MAX_PAGE, max(1, -(-group.total // PAGE_SIZE)))
    if params.page > last:  # past the end: the last page instead
        page.page = last
        group = run_section(params.section, user, params.query, limit=PAGE_SIZE,
                            offset=(last - 1) * PAGE_SIZE)
    page.groups = [group]
    page.total = min(group.total, MAX_PAGE * PAGE_SIZE)
    return page


@require_GET
def everywhere(request):
    if not can_search_everywhere(request.user):
        raise PermissionDenied
    sections = sections_for(request.user)
    params = GlobalSearchParams.from_get(request.GET, sections)
    page = _results_page(request.user, params, sections)
    return render(request, "search/everywhere.html", {"search": page, "params": params})


@require_GET
def suggestions(request):
    """The header box's list: a few hits of each kind, with counts (an HTML fragment)."""
    if not can_search_everywhere(request.user):
        raise PermissionDenied
    query = clean_query(" ".join(str(value) for value in request.GET.getlist("q") if value))
    groups = search_everywhere(request.user, query, per_section=PER_SUGGESTION_GROUP)
    params = GlobalSearchParams(query=query)
    return render(request, "search/_suggestions.html", {
        "groups": groups, "query": query, "all_query": params.querystring(),
        "status": suggestions_status(query, groups),
    })


def suggestions_status(query: str, groups: list[Group]) -> str:
    """What the live region says once the list is in place: the counts, kind by kind."""
    if not query:
        return ""
    found = [group for group in groups if group.total]
    total = sum(group.total for group in found)
    if total:
        text = _("%(total)s: %(groups)s.") % {
            "total": ngettext("%(count)s result", "%(count)s results", total) % {"count": total},
            "groups": ", ".join(f"{group.label} ({group.total})" for group in found),
        }
    else:
        text = _("No result for “%(query)s”.") % {"query": query}
    down = [group.label for group in groups if group.failed]
    if down:
        text += " " + _("Some kinds cannot be searched right now: %(kinds)s.") % {
            "kinds": ", ".join(down)}
    return text
