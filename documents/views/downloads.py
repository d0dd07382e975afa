"""Downloads: the only way a stored file leaves the platform. The reader's right to see the
document is checked (a private project's file is a 404 for whoever is not in it), a file
waiting for its virus scan or found infected is refused with a clear word, and the file goes
out as an attachment with ``nosniff`` (documents.storage.attachment_response)."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from documents import permissions, selectors, services
from documents.storage import attachment_response, inline_image_response


def _file_for(user, pk):
    row = selectors.file_for_download(pk)
    if row is None or not permissions.can_download(user, row.version.document):
        raise Http404
    return row


@require_GET
def download(request, pk: int):
    row = _file_for(request.user, pk)
    if not row.is_available:
        return render(request, "documents/unavailable.html",
                      {"file": row, "document": row.version.document}, status=409)
    services.document_downloaded(document=row.version.document)
    return attachment_response(row.file, filename=row.display_name,
                               content_type=row.content_type)


@require_GET
def thumbnail(request, pk: int):
    row = _file_for(request.user, pk)
    if not row.is_available or not row.thumbnail:
        raise Http404
    return inline_image_response(row.thumbnail, filename="apercu.webp",
                                 content_type="image/webp")
