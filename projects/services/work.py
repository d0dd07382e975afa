"""Writes of a project's tasks and milestones: the whole team's business (every accepted
member of an open project). Whoever is given a task is told (task_assigned)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.models import Notification
from notifications.services import notify
from projects import permissions
from projects.models import MAX_TASK_TITLE_LENGTH, Milestone, Project, ProjectMembership, Task

# Dates outside these years are typing mistakes (a year 20026, a 1925 deadline).
FIRST_YEAR, LAST_YEAR = 2000, 2100


def clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError(_("Give it a title."), code="title")
    if len(title) > MAX_TASK_TITLE_LENGTH:
        raise ValidationError(_("A title has at most %(max)d characters.")
                              % {"max": MAX_TASK_TITLE_LENGTH})
    return title


def clean_date(value: datetime.date | None) -> datetime.date | None:
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(_("Enter a date between %(first)d and %(last)d.")
                              % {"first": FIRST_YEAR, "last": LAST_YEAR}, code="date")
    return value


def _check_assignee(project: Project, assignee) -> None:
    if assignee is None:
        return
    if not ProjectMembership.objects.filter(project=project, member=assignee,
                                            state=ProjectMembership.State.MEMBER).exists():
        raise ValidationError(_("A task is given to a member of the project."), code="assignee")


def _check_milestone(project: Project, milestone: Milestone | None) -> None:
    if milestone is not None and milestone.project_id != project.pk:
        raise ValidationError(_("Choose a milestone of this project."), code="milestone")


def _tell_assignee(actor, task: Task) -> None:
    if task.assignee is None:
        return
    notify(task.assignee, Notification.Kind.TASK_ASSIGNED, actor,
           _("%(actor)s gave you a task in “%(project)s”: %(task)s") % {
               "actor": actor.display_name, "project": task.project.title,
               "task": task.title},
           f"{reverse('projects:tasks', args=[task.project_id])}#t-{task.pk}",
           key=f"projects.task:{task.pk}:{task.assignee_id}")


def _writable(actor, project: Project) -> None:
    if not permissions.can_manage_tasks(actor, project):
        raise PermissionDenied


@transaction.atomic
def task_create(*, actor, project: Project, title: str, assignee=None,
                due_on: datetime.date | None = None, status: str = Task.Status.TO_DO,
                milestone: Milestone | None = None) -> Task:
    _writable(actor, project)
    if status not in Task.Status.values:
        raise ValidationError(_("Choose a status from the list."))
    title = clean_title(title)
    due_on = clean_date(due_on)
    _check_assignee(project, assignee)
    _check_milestone(project, milestone)
    task = Task.objects.create(project=project, title=title, assignee=assignee, due_on=due_on,
                               status=status, milestone=milestone, created_by=actor)
    _tell_assignee(actor, task)
    return task


@transaction.atomic
def task_update(*, actor, task: Task, title: str, assignee=None,
                due_on: datetime.date | None = None, status: str = Task.Status.TO_DO,
                milestone: Milestone | None = None) -> Task:
    task = Task.objects.select_for_update(of=("self",)).select_related("project").get(
        pk=task.pk)
    _writable(actor, task.project)
    if status not in Task.Status.values:
        raise ValidationError(_("Choose a status from the list."))
    title = clean_title(title)
    due_on = clean_date(due_on)
    _check_assignee(task.project, assignee)
    _check_milestone(task.project, milestone)
    reassigned = assignee is not None and assignee.pk != task.assignee_id
    task.title, task.assignee, task.due_on = title, assignee, due_on
    task.status, task.milestone = status, milestone
    task.save()
    if reassigned:
        _tell_assignee(actor, task)
    return task


@transaction.atomic
def task_set_status(*, actor, task: Task, status: str) -> Task:
    task = Task.objects.select_for_update(of=("self",)).select_related("project").get(
        pk=task.pk)
    _writable(actor, task.project)
    if status not in Task.Status.values:
        raise ValidationError(_("Choose a status from the list."))
    task.status = status
    task.save(update_fields=["status", "updated_at"])
    return task


@transaction.atomic
def task_delete(*, actor, task: Task) -> None:
    _writable(actor, task.project)
    task.delete()


@transaction.atomic
def milestone_create(*, actor, project: Project, title: str,
                     due_on: datetime.date | None) -> Milestone:
    _writable(actor, project)
    title = clean_title(title)
    if due_on is None:
        raise ValidationError(_("Give the milestone a date."), code="date")
    return Milestone.objects.create(project=project, title=title, due_on=clean_date(due_on))


@transaction.atomic
def milestone_delete(*, actor, milestone: Milestone) -> None:
    """Its tasks stay, without a milestone."""
    _writable(actor, milestone.project)
    milestone.delete()
