"""A project's presentation, its settings, archiving and reporting."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from moderation.reporting import report_form
from projects import permissions, selectors, services
from projects.forms import JoinRequestForm, ProjectForm
from projects.views.common import project_context
from projects.views.listing import _facets


@require_GET
def presentation(request, pk: int):
    project = permissions.get_project_for_user(request.user, pk)
    selectors.attach_facets([project])
    return render(request, "projects/presentation.html", project_context(
        request, project, "presentation", join_form=JoinRequestForm(),
        owners=selectors.project_owners(project),
    ))


@require_http_methods(["GET", "POST"])
def project_edit(request, pk: int):
    project = permissions.get_project_for_user(request.user, pk)
    if not permissions.can_edit_project(request.user, project):
        raise PermissionDenied
    if request.method == "POST":
        form = ProjectForm(request.POST)
    else:
        form = ProjectForm(initial=ProjectForm.initial_for(project))
    if form.is_valid():
        data = form.cleaned_data
        try:
            project = services.project_update(
                actor=request.user, project=project, title=data["title"],
                summary=data["summary"], description=data["description"],
                status=data["status"], visibility=data["visibility"], **_facets(data),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The project is saved."))
            return redirect(project)
    return render(request, "projects/form.html", {"form": form, "project": project})


@require_POST
def project_archive(request, pk: int):
    project = permissions.get_project_for_user(request.user, pk)
    services.project_archive(actor=request.user, project=project)  # PermissionDenied: 403
    messages.success(request, _("The project is archived: it stays readable."))
    return redirect(project)


@require_POST
def project_unarchive(request, pk: int):
    project = permissions.get_project_for_user(request.user, pk)
    services.project_unarchive(actor=request.user, project=project)
    messages.success(request, _("The project is open again."))
    return redirect(project)


@require_http_methods(["GET", "POST"])
def project_report(request, pk: int):
    project = permissions.get_project_for_user(request.user, pk)
    if not permissions.can_report_project(request.user, project):
        raise PermissionDenied
    form, done = report_form(
        request,
        lambda reason: services.project_report(actor=request.user, project=project, reason=reason),
        back_url=project.get_absolute_url())
    if done:
        return done
    return render(request, "projects/report.html", project_context(
        request, project, "presentation", form=form))
