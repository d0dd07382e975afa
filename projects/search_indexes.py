"""The projects index: what the projects list's text search (/projets/?q=) knows about each
project.

One document per published project (archived ones too: they stay readable); a hidden project
is not in the index at all. Sync: projects/services schedules the project on every write that
changes what is indexed (created, edited, archived or not), and projects/moderated.py on every
moderation decision. Joining or leaving a private project changes no document, only who
holds its key (search/access.py reads the memberships at each search).

Access (search/access.py): a project visible to the whole network carries ``members``; a
private one carries only its own key, ``audience_key("project", pk)``, which
``search.access.audience_keys`` gives to the people who belong to it. Moderators hold no
such key for projects they are not part of (projects/permissions.py).
"""

from django.db.models import Prefetch

from community.search_indexes import SYNONYM_GROUPS, mutual_synonyms
from moderation.models import ModerationStatus
from projects.models import Project, ProjectPartnership, ProjectRegion
from search.access import AUDIENCE, MEMBERS, audience_filter, audience_key
from search.backends.base import IndexSettings
from search.documents import plain_text
from search.registry import IndexDefinition, register
from search.stop_words import FRENCH_STOP_WORDS

PROJECTS_INDEX = "projects"

PROJECT_INDEX_SETTINGS = IndexSettings(
    searchable=["title", "summary", "tags", "description"],
    filterable=[AUDIENCE, "status", "regions", "domains", "metiers"],
    sortable=["created_at", "id"],
    highlighted=["title", "summary"],
    synonyms=mutual_synonyms(SYNONYM_GROUPS),
    stop_words=FRENCH_STOP_WORDS,
)


def project_audience(project: Project) -> list[str]:
    """Who may find ``project`` and what it holds (its wall's posts, its documents): nobody
    while it is not published; else the network, or the project's own members."""
    if not project.is_published:
        return []
    if project.is_private:
        return [audience_key("project", project.pk)]
    return [MEMBERS]


def indexable_projects():
    """The projects that belong in the index, with what ``project_document`` reads."""
    return (
        Project.objects.filter(moderation_status=ModerationStatus.PUBLISHED)
        .prefetch_related(
            "tags", "domains", "metiers",
            Prefetch("region_rows", queryset=ProjectRegion.objects.order_by("region")),
            Prefetch("partnership_rows", queryset=ProjectPartnership.objects.order_by("kind")),
        )
    )


def project_document(project: Project) -> dict:
    return {
        "id": project.pk,
        "title": project.title,
        "summary": project.summary,
        "description": plain_text(project.description_html),
        "tags": [tag.name for tag in project.tags.all()],
        "status": project.status,
        "regions": project.region_slugs,
        "domains": [domain.pk for domain in project.domains.all()],
        "metiers": [metier.pk for metier in project.metiers.all()],
        "created_at": int(project.created_at.timestamp()),
        AUDIENCE: project_audience(project),
    }


register(
    IndexDefinition(
        name=PROJECTS_INDEX,
        settings=PROJECT_INDEX_SETTINGS,
        queryset=indexable_projects,
        to_document=project_document,
        access_filter=audience_filter,
    )
)
