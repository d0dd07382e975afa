"""Reads of the projects, shaped so that a page costs the same number of queries whatever the
number of projects, members and tasks."""

import logging
import re
import unicodedata
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)

from community.models import User
from moderation.models import ModerationStatus
from projects import permissions
from projects.models import Project, ProjectMembership, ProjectPartnership, ProjectRegion, Task
from search.backends.base import SearchUnavailable
from search.query import search_index

logger = logging.getLogger(__name__)


def _accepted_membership(user) -> Exists:
    return Exists(ProjectMembership.objects.filter(
        project=OuterRef("pk"), member=user.pk, state=ProjectMembership.State.MEMBER,
    ))


def _owned(user) -> Exists:
    return Exists(ProjectMembership.objects.filter(
        project=OuterRef("pk"), member=user.pk, state=ProjectMembership.State.MEMBER,
        role=ProjectMembership.Role.OWNER,
    ))


def visible_projects(user) -> QuerySet[Project]:
    """The projects ``user`` may see (projects/permissions.py ``can_view_project``), as one
    filter: members-wide ones and the private ones they belong to; published ones, plus the
    hidden ones for moderators and their owners. Nothing for anybody who is not a member."""
    if not getattr(user, "is_member", False):
        return Project.objects.none()
    reachable = Q(visibility=Project.Visibility.MEMBERS) | Q(_accepted_membership(user))
    shown = Q(moderation_status=ModerationStatus.PUBLISHED)
    if permissions.is_moderator(user):
        shown |= Q(moderation_status=ModerationStatus.HIDDEN)
    else:
        shown |= Q(moderation_status=ModerationStatus.HIDDEN) & Q(_owned(user))
    return Project.objects.filter(reachable & shown)


PAGE_SIZE = 20
MAX_PICKER_QUERY = 80


@dataclass(frozen=True)
class ProjectFilters:
    """What the projects list is narrowed to (each empty: no narrowing)."""

    region: str = ""
    domain: str = ""
    status: str = ""
    metier: str = ""
    query: str = ""
    mine: bool = False

    @property
    def active(self) -> bool:
        return any((self.region, self.domain, self.status, self.metier, self.query, self.mine))


def _facet_prefetches() -> list:
    return [
        Prefetch("region_rows", queryset=ProjectRegion.objects.order_by("region")),
        Prefetch("partnership_rows", queryset=ProjectPartnership.objects.order_by("kind")),
        "domains", "metiers", "tags",
    ]


def with_listing_details(projects: QuerySet[Project]) -> QuerySet[Project]:
    """What a project card shows: regions, domains, trades, tags and the number of members,
    in a fixed number of queries for a whole page."""
    return projects.annotate(
        member_count=Count("memberships", distinct=True,
                           filter=Q(memberships__state=ProjectMembership.State.MEMBER)),
    ).prefetch_related(*_facet_prefetches())


def attach_facets(projects: list[Project]) -> None:
    """Regions, kinds of partnership, domains, trades and tags of projects already read
    (five queries)."""
    prefetch_related_objects(projects, *_facet_prefetches())


def project_owners(project: Project) -> list:
    """Who runs the project (one query)."""
    return [
        row.member for row in project.memberships.filter(
            state=ProjectMembership.State.MEMBER, role=ProjectMembership.Role.OWNER,
        ).select_related("member").order_by("joined_at", "pk")
    ]


def _matching_ids(user, query: str) -> list[int] | None:
    """The ids of the projects whose text matches ``query``, from the search index (which
    applies the person's access filter), or None when the engine is unavailable."""
    from projects.search_indexes import PROJECTS_INDEX

    try:
        found = search_index(PROJECTS_INDEX, user=user, query=query, limit=MAX_TEXT_MATCHES)
    except SearchUnavailable:
        logger.warning("Search engine unavailable: the projects list filters in the database.")
        return None
    return [int(hit.id) for hit in found.hits if str(hit.id).isdigit()]


MAX_TEXT_MATCHES = 500


def filtered_projects(user, filters: ProjectFilters) -> QuerySet[Project]:
    """The projects ``user`` may see, narrowed by ``filters``, newest first. Each facet is one
    indexed join or subquery, so the count and the page stay one query each."""
    projects = visible_projects(user)
    if filters.region:
        projects = projects.filter(pk__in=ProjectRegion.objects.filter(
            region=filters.region).values("project_id"))
    if filters.domain:
        projects = projects.filter(pk__in=Project.domains.through.objects.filter(
            fragilitydomain_id=filters.domain).values("project_id"))
    if filters.metier:
        projects = projects.filter(pk__in=Project.metiers.through.objects.filter(
            metier_id=filters.metier).values("project_id"))
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.mine:
        projects = projects.filter(_accepted_membership(user))
    if filters.query:
        ids = _matching_ids(user, filters.query)
        if ids is None:
            words = filters.query.split()[:5]
            for word in words:
                projects = projects.filter(Q(title__icontains=word) | Q(summary__icontains=word))
        else:
            projects = projects.filter(pk__in=ids)
    return projects.order_by("-pk")


def project_page(user, filters: ProjectFilters, page_number) -> Page:
    """One page of the list for ``user``: a count, the page, its prefetches and ``user``'s
    memberships of the page's projects: the same handful of queries whatever the sizes."""
    paginator = Paginator(with_listing_details(filtered_projects(user, filters)), PAGE_SIZE)
    page = paginator.get_page(page_number)
    projects = list(page.object_list)
    page.object_list = projects
    remember_for(user, projects)
    return page


def remember_for(user, projects: list[Project]) -> None:
    """Fill the permissions' membership cache of ``projects`` for ``user`` (one query)."""
    if not projects or not getattr(user, "is_authenticated", False):
        return
    memberships = ProjectMembership.objects.filter(member=user.pk,
                                                   project__in=[p.pk for p in projects])
    permissions.remember_memberships(projects, user, memberships)


def my_projects(user, *, limit: int = 5) -> dict:
    """The home's "Mes projets" block: the projects ``user`` belongs to, most recently active
    first, and the invitations waiting for their answer: one query (at most
    ``MY_PROJECTS_ROWS`` rows, so that it stays one small query whatever the person's
    history)."""
    if not getattr(user, "is_member", False):
        return {"projects": [], "invitations": [], "more": False}
    State = ProjectMembership.State
    published = Q(project__moderation_status=ModerationStatus.PUBLISHED)
    hidden_but_mine = Q(project__moderation_status=ModerationStatus.HIDDEN, state=State.MEMBER)
    if not permissions.is_moderator(user):
        hidden_but_mine &= Q(role=ProjectMembership.Role.OWNER)
    rows = list(
        ProjectMembership.objects.filter(member=user, state__in=[State.MEMBER, State.INVITED])
        .filter(published | hidden_but_mine)
        .select_related("project").order_by("-project__updated_at", "-pk")[:MY_PROJECTS_ROWS]
    )
    mine = [row.project for row in rows if row.state == State.MEMBER]
    return {"projects": mine[:limit], "more": len(mine) > limit,
            "invitations": [row for row in rows if row.state == State.INVITED][:limit]}


MY_PROJECTS_ROWS = 50


def project_members(project: Project) -> dict:
    """The Membres tab: members (owners first), requests and invitations (one query)."""
    rows = list(
        project.memberships.select_related("member__profile", "invited_by")
        .order_by("-role", "member__first_name", "member__last_name", "pk")
    )
    return {
        "members": [row for row in rows if row.is_accepted],
        "requests": [row for row in rows if row.state == ProjectMembership.State.REQUESTED],
        "invitations": [row for row in rows if row.state == ProjectMembership.State.INVITED],
        "owner_count": sum(1 for row in rows if row.is_owner),
    }


def task_assignees(project: Project) -> QuerySet[User]:
    """The people a task can be given to: the project's members (the task form's choices)."""
    return User.objects.filter(
        project_memberships__project=project,
        project_memberships__state=ProjectMembership.State.MEMBER,
    ).order_by("first_name", "last_name", "pk")


def invitation_candidates(project: Project) -> QuerySet[User]:
    """Members of the network who are not in the project (nor asked, nor invited)."""
    return (User.objects.members().exclude(project_memberships__project=project)
            .order_by("first_name", "last_name", "pk"))


def _fold(text: str) -> str:
    """How names are compared: "  Élise   DUPRÉ " -> "elise dupre"."""
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return " ".join(re.findall(r"\w+", bare))


def invitation_search(project: Project, query: str, *, limit: int = 8) -> list[User]:
    """The invitation picker's candidates for ``query`` (accents and case ignored): names that
    start with it first, then names with a word that does, then names or organisations that
    contain it; each with its profile, so that two people of the same name can be told apart by
    organisation and region. Only ``invitation_candidates``: approved members not in the project.

    The match reads four columns of every candidate (350 today: a few milliseconds); at the
    scale of a federation it would move to the members' search index.
    """
    wanted = _fold(query[:MAX_PICKER_QUERY])
    if not wanted:
        return []
    ranked = []
    rows = invitation_candidates(project).values_list(
        "pk", "first_name", "last_name", "profile__organisation")
    for pk, first, last, organisation in rows:
        name = _fold(f"{first} {last}")
        if name.startswith(wanted):
            rank = 0
        elif any(word.startswith(wanted) for word in name.split()):
            rank = 1
        elif wanted in name or wanted in _fold(organisation):
            rank = 2
        else:
            continue
        ranked.append((rank, name, pk))
    ranked.sort()
    ids = [pk for *_key, pk in ranked[:limit]]
    people = User.objects.filter(pk__in=ids).select_related("profile").in_bulk()
    return [people[pk] for pk in ids if pk in people]


def project_task(project: Project, task_pk: int) -> Task | None:
    task = (Task.objects.select_related("assignee", "milestone")
            .filter(pk=task_pk, project=project).first())
    if task is not None:
        task.project = project  # permissions read it: no query
    return task


def task_board(project: Project) -> dict:
    """The Tâches tab: tasks by status, and the milestones with their progress (two
    queries)."""
    tasks = list(project.tasks.select_related("assignee", "milestone").order_by(
        F("due_on").asc(nulls_last=True), "pk"))
    milestones = list(project.milestones.order_by("due_on", "pk"))
    by_milestone: dict[int, list[Task]] = {}
    for task in tasks:
        if task.milestone_id:
            by_milestone.setdefault(task.milestone_id, []).append(task)
    for milestone in milestones:
        own = by_milestone.get(milestone.pk, [])
        milestone.task_count = len(own)
        milestone.done_count = sum(1 for task in own if task.is_done)
    columns = [
        {"status": value, "label": label, "tasks": [t for t in tasks if t.status == value]}
        for value, label in Task.Status.choices
    ]
    return {"columns": columns, "milestones": milestones, "task_count": len(tasks)}
