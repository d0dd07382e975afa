"""Versions of a document: uploading a new one (with a note) and restoring an old one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from documents import permissions, services
from documents.forms import VersionForm
from documents.models import DocumentVersion
from documents.views.common import add_errors, require
from documents.views.documents import detail_context


@require_POST
def upload(request, pk: int):
    """The form lives on the document's page: errors re-render that page, nothing stored."""
    user = request.user
    document = permissions.get_document_for_user(user, pk)
    require(permissions.can_upload_version(user, document))
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            version = services.version_upload(actor=user, document=document,
                                              uploads=form.cleaned_data["files"],
                                              note=form.cleaned_data["note"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Version %(number)d is online.")
                             % {"number": version.number})
            return redirect(f"{document.get_absolute_url()}#versions")
    context = detail_context(request, document, version_form=form)
    return render(request, "documents/detail.html", context)


@require_http_methods(["GET", "POST"])
def restore(request, pk: int, number: int):
    user = request.user
    document = permissions.get_document_for_user(user, pk)
    require(permissions.can_restore_version(user, document))
    version = DocumentVersion.objects.filter(document=document, number=number).first()
    if version is None:
        raise Http404
    if request.method == "POST":
        copy = services.version_restore(actor=user, document=document, version=version)
        messages.success(request, _("Version %(old)d is restored as version %(new)d.")
                         % {"old": version.number, "new": copy.number})
        return redirect(f"{document.get_absolute_url()}#versions")
    return render(request, "documents/restore.html", {"document": document,
                                                      "version": version})
