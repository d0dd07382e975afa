"""What projects hold of a member, for their export (privacy/export/registry.py): the projects
they belong to (or asked to join, or were invited to), those they created, and the tasks
assigned to them or that they created."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from privacy.export.registry import CHUNK, Column, ExportSection, register
from projects.models import Project, ProjectMembership, Task


def membership_rows(member):
    memberships = (ProjectMembership.objects.filter(member=member).select_related("project")
                   .order_by("pk"))
    for membership in memberships.iterator(chunk_size=CHUNK):
        project = membership.project
        yield {"project": project.title, "project_id": project.pk,
               "created_by_you": project.created_by_id == member.pk,
               "role": membership.get_role_display(), "state": membership.get_state_display(),
               "message": membership.message, "asked_at": membership.created_at,
               "joined_at": membership.joined_at}


register(ExportSection(
    key="projets", title=_("Projects"), order=40, rows=membership_rows,
    description=_("the projects you belong to, asked to join or were invited to"),
    columns=(
        Column("project", _("Project")),
        Column("project_id", _("Project number")),
        Column("created_by_you", _("Created by you")),
        Column("role", _("Role")),
        Column("state", _("Membership")),
        Column("message", _("Your message")),
        Column("asked_at", _("Date")),
        Column("joined_at", _("Joined on")),
    ),
))


def created_rows(member):
    projects = Project.objects.filter(created_by=member).order_by("pk")
    for project in projects.iterator(chunk_size=CHUNK):
        yield {"id": project.pk, "title": project.title, "summary": project.summary,
               "description": project.description, "status": project.get_status_display(),
               "visibility": project.get_visibility_display(),
               "created_at": project.created_at, "archived_at": project.archived_at}


register(ExportSection(
    key="projets-crees", title=_("Projects you created"), order=41, rows=created_rows,
    description=_("the presentation of the projects you created"),
    columns=(
        Column("id", _("Project number")),
        Column("title", _("Title")),
        Column("summary", _("Summary")),
        Column("description", _("Description")),
        Column("status", _("Status")),
        Column("visibility", _("Visibility")),
        Column("created_at", _("Created on")),
        Column("archived_at", _("Archived on")),
    ),
))


def task_rows(member):
    tasks = (Task.objects.filter(Q(assignee=member) | Q(created_by=member))
             .select_related("project", "milestone").order_by("pk"))
    for task in tasks.iterator(chunk_size=CHUNK):
        yield {"project": task.project.title, "title": task.title,
               "status": task.get_status_display(), "due_on": task.due_on,
               "milestone": task.milestone.title if task.milestone else None,
               "assigned_to_you": task.assignee_id == member.pk,
               "created_by_you": task.created_by_id == member.pk,
               "created_at": task.created_at}


register(ExportSection(
    key="taches", title=_("Tasks"), order=42, rows=task_rows,
    description=_("the project tasks assigned to you or that you created"),
    columns=(
        Column("project", _("Project")),
        Column("title", _("Task")),
        Column("status", _("Status")),
        Column("due_on", _("Due date")),
        Column("milestone", _("Milestone")),
        Column("assigned_to_you", _("Assigned to you")),
        Column("created_by_you", _("Created by you")),
        Column("created_at", _("Created on")),
    ),
))
