"""The list of projects (/projets/) and the creation of one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from projects import permissions, selectors, services
from projects.forms import ProjectFilterForm, ProjectForm
from projects.views.common import project_can


def _filters(form: ProjectFilterForm) -> selectors.ProjectFilters:
    if not form.is_valid():  # a tampered value: ignore the filters that are wrong
        data = {key: form.cleaned_data.get(key, "") for key in form.fields if key not in
                form.errors}
    else:
        data = form.cleaned_data
    return selectors.ProjectFilters(
        region=data.get("region") or "", domain=data.get("domain") or "",
        status=data.get("status") or "", metier=data.get("metier") or "",
        query=(data.get("q") or "").strip(), mine=bool(data.get("mine")),
    )


@require_GET
def project_list(request):
    """Every project the reader may see, newest first, filtered by region, domain, status,
    trade and words; the private projects of others never appear."""
    if not permissions.can_list_projects(request.user):
        raise PermissionDenied
    form = ProjectFilterForm(request.GET or None)
    filters = _filters(form) if request.GET else selectors.ProjectFilters()
    page = selectors.project_page(request.user, filters, request.GET.get("page"))
    for project in page.object_list:
        project.can = project_can(request.user, project)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "projects/list.html", {
        "form": form if request.GET else ProjectFilterForm(),
        "filters": filters,
        "page": page,
        "query_string": query.urlencode(),
        "can_create": permissions.can_create_project(request.user),
    })


def _facets(data: dict) -> dict:
    return {key: data[key] for key in ("regions", "domains", "metiers", "partnerships", "tags")}


@require_http_methods(["GET", "POST"])
def project_create(request):
    if not permissions.can_create_project(request.user):
        raise PermissionDenied
    form = ProjectForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            project = services.project_create(
                actor=request.user, title=data["title"], summary=data["summary"],
                description=data["description"], status=data["status"],
                visibility=data["visibility"], **_facets(data),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your project “%(title)s” is open.")
                             % {"title": project.title})
            return redirect(project)
    return render(request, "projects/form.html", {"form": form, "project": None})
