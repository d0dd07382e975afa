"""A project's documents (/projets/<id>/documents/), the project's "Documents" tab: the same
documents as the library's, scoped to the project, published at once, seen as the project is
(a private project's are a 404 for whoever is not in it)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from documents import permissions, selectors, services
from documents.views.common import PAGE_SIZE, add_errors, require
from documents.views.documents import card_fields
from documents.views.submission import DocumentSubmission
from projects.permissions import get_project_for_user
from projects.views.common import project_context

TAB = "documents"


@require_GET
def project_list(request, project_pk: int):
    user = request.user
    project = get_project_for_user(user, project_pk)
    require(permissions.can_view_project_documents(user, project))
    page = Paginator(selectors.project_documents(project), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "documents/project_list.html", project_context(
        request, project, TAB, page=page,
        can_add=permissions.can_add_project_document(user, project),
    ))


@require_http_methods(["GET", "POST"])
def project_add(request, project_pk: int):
    user = request.user
    project = get_project_for_user(user, project_pk, write=True)
    require(permissions.can_add_project_document(user, project))
    submission = DocumentSubmission(request, in_project=True)
    form = submission.form
    if submission.is_valid():
        data = form.cleaned_data
        try:
            document = services.project_document_add(
                actor=user, project=project, **card_fields(data), uploads=data["files"],
                note=data["note"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            submission.done()
            messages.success(request, _("The document is added to the project."))
            return redirect(document)
    submission.failed()
    return render(request, "documents/project_form.html", project_context(
        request, project, TAB, form=form, creating=True,
        back_url=reverse("project_documents:list", args=[project.pk]),
    ))
