"""Writes of the projects themselves: create, edit, archive, report, and what follows each
(the project's wall and chat room, the search index, the news feed)."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chat import services as chat_services
from chat.models import Room
from chat.rendering import render_markdown
from community.models import FragilityDomain, Metier
from community.taxonomy import Region
from moderation import services as moderation
from moderation.models import Report
from news.models import ActivityEvent
from news.services import activity
from projects import permissions
from projects.models import (
    MAX_DESCRIPTION_LENGTH,
    MAX_SUMMARY_LENGTH,
    MAX_TITLE_LENGTH,
    PartnershipKind,
    Project,
    ProjectMembership,
    ProjectPartnership,
    ProjectRegion,
)
from projects.search_indexes import PROJECTS_INDEX
from projects.signals import project_access_changed
from search.sync import schedule as schedule_index_update
from walls import services as walls_services

MAX_TAGS = 10
MAX_TAG_LENGTH = 50


# --- Follow-ups shared by every write -------------------------------------------------------


def reindex_project(project: Project) -> None:
    """The project's entry in the index follows once the transaction commits."""
    schedule_index_update(PROJECTS_INDEX, [project.pk])


def reindex_contents(project: Project) -> None:
    """Who may find the project changed (visibility, hidden, restored): its wall's posts carry
    its audience too, and other apps (its documents) hear it through the signal."""
    reindex_project(project)
    if project.wall_id:
        walls_services.reindex_wall_posts(project.wall)
    transaction.on_commit(
        lambda: project_access_changed.send(sender=Project, project_id=project.pk)
    )


def sync_room(project: Project) -> None:
    """The chat room's people are the project's accepted members; it is read only while the
    project is archived or hidden."""
    if project.room_id is None:
        return
    members = [m.member for m in project.memberships.filter(state=ProjectMembership.State.MEMBER)
               .select_related("member")]
    chat_services.room_sync_members(
        room=project.room, members=members, name=project.title,
        archived=project.is_archived or not project.is_published,
    )


def sync_feed(project: Project, *, actor=None) -> None:
    """In the news feed while it is published and visible to the whole network."""
    if project.is_published and not project.is_private:
        activity.activity_record(
            kind=ActivityEvent.Kind.PROJECT_PUBLISHED, target=project, actor=actor or
            project.created_by, text=project.title, detail=project.summary,
            url=project.get_absolute_url(),
        )
        activity.activity_update(target=project, kind=ActivityEvent.Kind.PROJECT_PUBLISHED,
                                 text=project.title, detail=project.summary)
        activity.activity_restore(target=project)
    else:
        activity.activity_hide(target=project)


# --- Cleaning -------------------------------------------------------------------------------


def _one_line(value: str) -> str:
    return " ".join((value or "").split())


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Each tag once (whatever its case), trimmed; at most ``MAX_TAGS``."""
    cleaned, seen = [], set()
    for tag in tags or ():
        tag = _one_line(str(tag))[:MAX_TAG_LENGTH]
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            cleaned.append(tag)
    if len(cleaned) > MAX_TAGS:
        raise ValidationError(_("A project has at most %(max)d tags.") % {"max": MAX_TAGS})
    return cleaned


def _choices(values: Iterable[str], allowed: Iterable[str], message: str) -> list[str]:
    values = sorted({str(value) for value in values or ()})
    if any(value not in set(allowed) for value in values):
        raise ValidationError(message)
    return values


def clean_project(*, title: str, summary: str, description: str, status: str,
                  visibility: str, regions=(), domains=(), metiers=(), partnerships=(),
                  tags=()) -> dict:
    """The project's fields as stored, or a ValidationError saying what is wrong."""
    title, summary = _one_line(title), _one_line(summary)
    description = (description or "").replace("\r\n", "\n").strip()
    if not title:
        raise ValidationError(_("Give the project a title."), code="title")
    if len(title) > MAX_TITLE_LENGTH or len(summary) > MAX_SUMMARY_LENGTH:
        raise ValidationError(_("The title or the summary is too long."))
    if not summary:
        raise ValidationError(_("Sum the project up in a sentence."), code="summary")
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise ValidationError(_("The description is too long."))
    if status not in Project.Status.values or visibility not in Project.Visibility.values:
        raise ValidationError(_("Choose a status and a visibility from the list."))
    unknown = _("Choose from the list.")
    return {
        "title": title, "summary": summary, "description": description,
        "description_html": render_markdown(description) if description else "",
        "status": status, "visibility": visibility,
        "regions": _choices(regions, Region.values, unknown),
        "domains": _choices(domains, _domain_slugs(), unknown),
        "metiers": _choices(metiers, _metier_slugs(), unknown),
        "partnerships": _choices(partnerships, PartnershipKind.values, unknown),
        "tags": clean_tags(tags),
    }


def _domain_slugs() -> list[str]:
    return [value for value, _label in FragilityDomain._meta.get_field("slug").choices]


def _metier_slugs() -> list[str]:
    return [value for value, _label in Metier._meta.get_field("slug").choices]


def _save_facets(project: Project, fields: dict) -> None:
    project.domains.set(fields["domains"])
    project.metiers.set(fields["metiers"])
    project.tags.set(fields["tags"], clear=True)
    ProjectRegion.objects.filter(project=project).exclude(region__in=fields["regions"]).delete()
    ProjectRegion.objects.bulk_create(
        [ProjectRegion(project=project, region=region) for region in fields["regions"]],
        ignore_conflicts=True,
    )
    ProjectPartnership.objects.filter(project=project).exclude(
        kind__in=fields["partnerships"]).delete()
    ProjectPartnership.objects.bulk_create(
        [ProjectPartnership(project=project, kind=kind) for kind in fields["partnerships"]],
        ignore_conflicts=True,
    )


# --- Projects -------------------------------------------------------------------------------


@transaction.atomic
def project_create(*, actor, title: str, summary: str, description: str = "",
                   status: str = Project.Status.IDEA,
                   visibility: str = Project.Visibility.MEMBERS, regions=(), domains=(),
                   metiers=(), partnerships=(), tags=()) -> Project:
    """A member opens a project, published at once, and becomes its first owner; it gets its
    own discussion wall and chat room. Visible to the whole network, it enters the feed."""
    if not permissions.can_create_project(actor):
        raise PermissionDenied
    fields = clean_project(title=title, summary=summary, description=description,
                           status=status, visibility=visibility, regions=regions,
                           domains=domains, metiers=metiers, partnerships=partnerships,
                           tags=tags)
    project = Project.objects.create(
        created_by=actor, **{key: fields[key] for key in (
            "title", "summary", "description", "description_html", "status", "visibility")},
    )
    _save_facets(project, fields)
    ProjectMembership.objects.create(project=project, member=actor,
                                     role=ProjectMembership.Role.OWNER,
                                     state=ProjectMembership.State.MEMBER,
                                     joined_at=timezone.now())
    project.wall = walls_services.project_wall_create(actor=actor, name=project.title)
    project.room = chat_services.room_create(actor=actor, name=project.title,
                                             topic=project.summary, kind=Room.Kind.PRIVATE,
                                             managed_elsewhere=True)
    project.save(update_fields=["wall", "room"])
    reindex_project(project)
    sync_feed(project, actor=actor)
    return project


@transaction.atomic
def project_update(*, actor, project: Project, title: str, summary: str,
                   description: str = "", status: str, visibility: str, regions=(),
                   domains=(), metiers=(), partnerships=(), tags=()) -> Project:
    """Its owners edit it. Changing its visibility changes who finds it and what it holds."""
    project = Project.objects.select_for_update(of=("self",)).select_related(
        "wall", "room").get(pk=project.pk)
    if not permissions.can_edit_project(actor, project):
        raise PermissionDenied
    fields = clean_project(title=title, summary=summary, description=description,
                           status=status, visibility=visibility, regions=regions,
                           domains=domains, metiers=metiers, partnerships=partnerships,
                           tags=tags)
    visibility_changed = fields["visibility"] != project.visibility
    for key in ("title", "summary", "description", "description_html", "status",
                "visibility"):
        setattr(project, key, fields[key])
    project.save()
    _save_facets(project, fields)
    if project.wall_id:
        walls_services.project_wall_rename(wall=project.wall, name=project.title)
    sync_room(project)
    sync_feed(project, actor=actor)
    if visibility_changed:
        reindex_contents(project)
    else:
        reindex_project(project)
    return project


@transaction.atomic
def project_archive(*, actor, project: Project) -> Project:
    """Its owners, or a moderator, close it: it stays readable, nothing more is written."""
    project = Project.objects.select_for_update(of=("self",)).select_related(
        "wall", "room").get(pk=project.pk)
    if not permissions.can_archive_project(actor, project):
        raise PermissionDenied
    project.archived_at = timezone.now()
    project.save(update_fields=["archived_at", "updated_at"])
    sync_room(project)
    reindex_project(project)
    return project


@transaction.atomic
def project_unarchive(*, actor, project: Project) -> Project:
    project = Project.objects.select_for_update(of=("self",)).select_related(
        "wall", "room").get(pk=project.pk)
    if not permissions.can_unarchive_project(actor, project):
        raise PermissionDenied
    project.archived_at = None
    project.save(update_fields=["archived_at", "updated_at"])
    sync_room(project)
    reindex_project(project)
    return project


def describe(project: Project) -> str:
    """How the moderation log, the queue and the owner's notification name a project."""
    return _("Project “%(title)s”") % {"title": project.title}


@transaction.atomic
def project_report(*, actor, project: Project, reason: str) -> Report:
    """A member reports a project to the moderators, with its title and summary as they are
    now: all a moderator who does not belong to a private project will see of it."""
    if not permissions.can_report_project(actor, project):
        raise PermissionDenied
    return moderation.report_create(
        actor=actor, target=project, reason=reason,
        excerpt=f"{project.title}\n\n{project.summary}",
        target_author=project.created_by, context_label=describe(project),
    )
