"""One document: its page, proposing or publishing one, editing, deleting and reporting it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from documents import permissions, selectors, services
from documents.forms import DocumentForm, VersionForm
from documents.models import Document
from documents.views.common import abilities, add_errors, require
from documents.views.submission import DocumentSubmission
from moderation.reporting import report_form

CARD_FIELDS = ("title", "description", "entry_point", "levers", "domains", "tags",
               "language", "link")


def card_fields(data: dict) -> dict:
    return {name: data.get(name) or ([] if name in ("levers", "domains", "tags") else "")
            for name in CARD_FIELDS}


def detail_context(request, document: Document, *, version_form=None) -> dict:
    user = request.user
    can = abilities(user, document)
    versions = selectors.versions_of(document)
    return {
        "document": document,
        "versions": versions,
        "current": versions[0] if versions else None,
        "can": can,
        "version_form": version_form or (VersionForm() if can.upload else None),
        "levers": list(document.levers.all()),
        "domains": list(document.domains.all()),
        "tags": list(document.tags.all()),
        "project": document.project,
    }


@require_GET
def detail(request, pk: int):
    document = permissions.get_document_for_user(request.user, pk)
    return render(request, "documents/detail.html", detail_context(request, document))


@require_http_methods(["GET", "POST"])
def propose(request):
    """Members propose a library document (it waits for a moderator); moderators publish."""
    user = request.user
    require(permissions.can_propose_document(user))
    publishing = permissions.can_publish_document(user)
    submission = DocumentSubmission(request)
    form = submission.form
    if submission.is_valid():
        data = form.cleaned_data
        create = services.document_publish if publishing else services.document_propose
        try:
            document = create(actor=user, **card_fields(data), uploads=data["files"],
                              note=data["note"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            submission.done()
            if document.is_pending:
                messages.success(request, _("Thank you: your document is sent to the "
                                            "moderators. You will be told of their decision."))
            else:
                messages.success(request, _("The document is published in the library."))
            return redirect(document)
    submission.failed()
    return render(request, "documents/form.html", {
        "form": form, "publishing": publishing, "creating": True,
        "back_url": reverse("documents:overview"),
    })


@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    user = request.user
    document = permissions.get_document_for_user(user, pk, write=True)
    initial = {
        "title": document.title, "description": document.description,
        "entry_point": document.entry_point, "language": document.language,
        "link": document.link,
        "levers": [lever.pk for lever in document.levers.all()],
        "domains": [domain.pk for domain in document.domains.all()],
        "tags": [tag.name for tag in document.tags.all()],
    }
    form = DocumentForm(request.POST if request.method == "POST" else None, initial=initial,
                        in_project=document.project_id is not None)
    if form.is_valid():
        try:
            document = services.document_edit(actor=user, document=document,
                                              **card_fields(form.cleaned_data))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The document is saved."))
            return redirect(document)
    return render(request, "documents/form.html", {
        "form": form, "document": document, "editing": True,
        "back_url": document.get_absolute_url(),
    })


@require_http_methods(["GET", "POST"])
def delete(request, pk: int):
    user = request.user
    document = permissions.get_document_for_user(user, pk)
    require(permissions.can_delete_document(user, document))
    if request.method == "POST":
        project = document.project
        services.document_delete(actor=user, document=document)
        messages.success(request, _("The document and all its versions are deleted."))
        if project is not None:
            return redirect("project_documents:list", project_pk=project.pk)
        return redirect("documents:mine")
    return render(request, "documents/delete.html", {"document": document})


@require_http_methods(["GET", "POST"])
def report(request, pk: int):
    user = request.user
    document = permissions.get_document_for_user(user, pk)
    require(permissions.can_report_document(user, document))
    form, done = report_form(
        request,
        lambda reason: services.document_report(actor=user, document=document, reason=reason),
        back_url=document.get_absolute_url())
    if done:
        return done
    return render(request, "documents/report.html", {"form": form, "document": document})
