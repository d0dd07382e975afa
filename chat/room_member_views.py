"""The members of a private room, managed by its creator from the room page (a private room
is by invitation): invite more members by email, remove someone. Plain form posts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from chat import permissions, selectors, services
from chat.forms import RoomInviteForm
from chat.views import _render_room, _report


def _managed_room(request, pk: int):
    """The room, if the user sees it (404 otherwise) and manages its members (403)."""
    room = permissions.get_room_for_user(request.user, pk)
    if not permissions.can_manage_members(request.user, room):
        raise PermissionDenied
    return room


@require_POST
def room_invite(request, pk: int):
    room = _managed_room(request, pk)
    form = RoomInviteForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            invited = services.room_invite(actor=request.user, room=room,
                                           members=form.cleaned_data["members"])
        except ValidationError as error:
            form.add_error("members", error)
        else:
            if invited:
                messages.success(request, ngettext(
                    "%(names)s joined “%(room)s”.", "%(names)s joined “%(room)s”.", len(invited),
                ) % {"names": ", ".join(p.display_name for p in invited), "room": room.name})
            else:
                messages.info(request, _("Everyone you invited is already in the room."))
            return redirect(room)
    return _render_room(request, room, invite_form=form)


@require_POST
def room_member_remove(request, pk: int, user_pk: int):
    room = _managed_room(request, pk)
    member = selectors.room_member(room, user_pk)
    if member is None:
        raise Http404
    try:
        services.room_remove_member(actor=request.user, room=room, member=member)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("%(name)s is no longer a member of “%(room)s”.")
                         % {"name": member.display_name, "room": room.name})
    return redirect(room)
