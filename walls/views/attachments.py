"""Downloads of post attachments: only through here, for whoever may see the post
(walls/permissions.py ``get_attachment_for_user``: anything else is a 404), as attachments with
``nosniff`` (documents.storage). Thumbnails are shown inline: they are WebP pictures drawn by
the platform, never the member's bytes."""

from django.http import Http404
from django.views.decorators.http import require_GET

from documents.storage import attachment_response, inline_image_response
from walls import permissions


@require_GET
def download(request, pk: int):
    attachment = permissions.get_attachment_for_user(request.user, pk)
    return attachment_response(attachment.file, filename=attachment.display_name,
                               content_type=attachment.content_type)


@require_GET
def thumbnail(request, pk: int):
    attachment = permissions.get_attachment_for_user(request.user, pk)
    if not attachment.thumbnail:
        raise Http404
    stem = attachment.display_name.rsplit(".", 1)[0]
    return inline_image_response(attachment.thumbnail, filename=f"{stem}.webp",
                                 content_type="image/webp")
