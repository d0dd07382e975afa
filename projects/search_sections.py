"""Projects in the global search (search/everywhere.py): the projects index with its access
filter (a private project is found by its members only), then the projects the reader may see
now (projects/selectors.py ``visible_projects``, the list's own rule). Without the engine, the
published projects they may see whose title or summary holds the words, newest first."""

from django.utils.translation import gettext_lazy

from moderation.models import ModerationStatus
from projects.search_indexes import PROJECTS_INDEX
from projects.selectors import visible_projects
from search.backends.base import SearchUnavailable
from search.everywhere import (
    Section,
    SectionHit,
    SectionResults,
    database_words,
    register_section,
)
from search.query import search_index


def _marked(hit, name: str) -> str:
    value = hit.highlighted.get(name)
    value = value if isinstance(value, str) else hit.document.get(name)
    return value if isinstance(value, str) else ""


def _without_engine(user, query: str, limit: int, offset: int) -> SectionResults:
    projects = visible_projects(user).filter(
        database_words(query, "title", "summary"), moderation_status=ModerationStatus.PUBLISHED)
    page = projects.order_by("-created_at", "-pk")[offset:offset + limit]
    return SectionResults(total=projects.count(), unavailable=True, hits=[
        SectionHit(title=project.title, url=project.get_absolute_url(),
                   excerpt=project.summary, context=str(project.get_status_display()))
        for project in page])


def search_projects_section(user, query: str, *, limit: int, offset: int) -> SectionResults:
    try:
        found = search_index(PROJECTS_INDEX, user=user, query=query, limit=limit,
                             offset=offset)
    except SearchUnavailable:
        return _without_engine(user, query, limit, offset)
    if not found.hits:  # no database query for a kind that found nothing
        return SectionResults(total=found.total)
    ids = [int(hit.id) for hit in found.hits if str(hit.id).isdigit()]
    projects = {project.pk: project for project in visible_projects(user).filter(pk__in=ids)}
    hits = []
    for hit in found.hits:
        project = projects.get(int(hit.id)) if str(hit.id).isdigit() else None
        if project is None:
            continue
        hits.append(SectionHit(title=_marked(hit, "title") or project.title,
                               url=project.get_absolute_url(),
                               excerpt=_marked(hit, "summary"),
                               context=str(project.get_status_display())))
    return SectionResults(hits=hits, total=found.total)


register_section(Section(key="projets", label=gettext_lazy("Projects"), order=50,
                         search=search_projects_section,
                         allowed=lambda user: getattr(user, "is_member", False)))
