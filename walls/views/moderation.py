"""Pinning, the one moderators' action on the walls that is not a moderation decision: hiding
and restoring are the moderation app's decision pages (walls/moderated.py)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from walls import permissions, services
from walls.views.common import back_to


@require_POST
def post_pin(request, pk: int):
    post = permissions.get_post_for_user(request.user, pk)
    post = services.post_pin(actor=request.user, post=post)  # PermissionDenied: 403
    messages.success(request, _("The message is pinned at the top of the wall."))
    return redirect(f"{back_to(request, post.wall.get_absolute_url())}#p-{post.pk}")


@require_POST
def post_unpin(request, pk: int):
    post = permissions.get_post_for_user(request.user, pk)
    post = services.post_unpin(actor=request.user, post=post)
    messages.success(request, _("The message is no longer pinned."))
    return redirect(f"{back_to(request, post.wall.get_absolute_url())}#p-{post.pk}")
