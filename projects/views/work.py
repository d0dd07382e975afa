"""A project's Tâches tab: tasks (title, assignee, due date, status, milestone) and
milestones."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from projects import permissions, selectors, services
from projects.forms import MilestoneForm, TaskForm, TaskStatusForm
from projects.models import Project, Task
from projects.views.common import project_context

FIELDS = ("title", "assignee", "due_on", "status", "milestone")


def _tasks_url(project: Project) -> str:
    return reverse("projects:tasks", args=[project.pk])


def _task_form(project: Project, data=None, **kwargs) -> TaskForm:
    return TaskForm(data, members=selectors.task_assignees(project),
                    milestones=project.milestones.all(), **kwargs)


def _apply_errors(form, error: ValidationError) -> None:
    """A service's refusal next to the field it is about (by its code), else on top."""
    field = {"title": "title", "assignee": "assignee", "date": "due_on",
             "milestone": "milestone"}.get(getattr(error, "code", None) or "")
    form.add_error(field, error)


def tasks_page(request, project: Project, *, task_form=None, milestone_form=None,
               status: int = 200):
    can_manage = permissions.can_manage_tasks(request.user, project)
    if can_manage:
        task_form = task_form or _task_form(project)
        milestone_form = milestone_form or MilestoneForm()
    return render(request, "projects/tasks.html", project_context(
        request, project, "tasks", board=selectors.task_board(project),
        task_form=task_form if can_manage else None,
        milestone_form=milestone_form if can_manage else None,
        status_choices=Task.Status.choices,
    ), status=status)


@require_http_methods(["GET", "POST"])
def tasks(request, pk: int):
    """The board; a POST adds a task (the project's members)."""
    project = permissions.get_project_for_user(request.user, pk)
    if request.method == "GET":
        return tasks_page(request, project)
    if not permissions.can_manage_tasks(request.user, project):
        raise PermissionDenied
    form = _task_form(project, request.POST)
    if form.is_valid():
        try:
            services.task_create(actor=request.user, project=project,
                                 **{key: form.cleaned_data[key] for key in FIELDS})
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The task is added."))
            return redirect(_tasks_url(project))
    return tasks_page(request, project, task_form=form, status=400)


def _task(project: Project, task_pk: int) -> Task:
    task = selectors.project_task(project, task_pk)
    if task is None:
        raise Http404
    return task


@require_http_methods(["GET", "POST"])
def task_edit(request, pk: int, task_pk: int):
    project = permissions.get_project_for_user(request.user, pk, write=True)
    task = _task(project, task_pk)
    if request.method == "POST":
        form = _task_form(project, request.POST)
    else:
        form = _task_form(project, initial={
            "title": task.title, "assignee": task.assignee_id, "due_on": task.due_on,
            "status": task.status, "milestone": task.milestone_id,
        })
    if form.is_valid():
        try:
            services.task_update(actor=request.user, task=task,
                                 **{key: form.cleaned_data[key] for key in FIELDS})
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The task is saved."))
            return redirect(f"{_tasks_url(project)}#t-{task.pk}")
    return render(request, "projects/task_form.html", project_context(
        request, project, "tasks", form=form, task=task,
    ), status=400 if request.method == "POST" else 200)


@require_POST
def task_status(request, pk: int, task_pk: int):
    project = permissions.get_project_for_user(request.user, pk, write=True)
    task = _task(project, task_pk)
    form = TaskStatusForm(request.POST)
    if form.is_valid():
        services.task_set_status(actor=request.user, task=task,
                                 status=form.cleaned_data["status"])
        messages.success(request, _("“%(task)s” is now “%(status)s”.") % {
            "task": task.title, "status": Task.Status(form.cleaned_data["status"]).label})
    else:
        messages.error(request, _("Choose a status from the list."))
    return redirect(f"{_tasks_url(project)}#t-{task.pk}")


@require_POST
def task_delete(request, pk: int, task_pk: int):
    project = permissions.get_project_for_user(request.user, pk, write=True)
    services.task_delete(actor=request.user, task=_task(project, task_pk))
    messages.success(request, _("The task is deleted."))
    return redirect(_tasks_url(project))


@require_POST
def milestone_create(request, pk: int):
    project = permissions.get_project_for_user(request.user, pk, write=True)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_create(actor=request.user, project=project,
                                      title=form.cleaned_data["title"],
                                      due_on=form.cleaned_data["due_on"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The milestone is added."))
            return redirect(_tasks_url(project))
    return tasks_page(request, project, milestone_form=form, status=400)


@require_POST
def milestone_delete(request, pk: int, milestone_pk: int):
    project = permissions.get_project_for_user(request.user, pk, write=True)
    milestone = project.milestones.filter(pk=milestone_pk).first()
    if milestone is None:
        raise Http404
    milestone.project = project
    services.milestone_delete(actor=request.user, milestone=milestone)
    messages.success(request, _("The milestone is deleted; its tasks stay."))
    return redirect(_tasks_url(project))
