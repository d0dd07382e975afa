"""Chat pages (*Discussions*). Server-rendered first: every action works as a plain form post;
static/js/chat.js and realtime.js then make the same page live over the socket."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chat import permissions, selectors, services, sockets
from chat.forms import MessageEditForm, MessageForm, PrivateRoomForm, PublicRoomForm, RoomInviteForm
from chat.models import MAX_MESSAGE_LENGTH, Room, RoomMembership
from community.permissions import get_member_for_user
from moderation.forms import ModerationReasonForm
from moderation.reporting import report_form


def _positive_int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _report(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- The rooms list ------------------------------------------------------------------------


@require_GET
def index(request):
    return _render_index(request)


def _render_index(request, *, public_form=None, private_form=None):
    can_create_public = permissions.can_create_public_room(request.user)
    sidebar = selectors.sidebar_for_user(request.user)
    return render(request, "chat/index.html", {
        "sidebar": sidebar,
        "chat_unread_total": sidebar.unread_total,  # the header badge, without another query
        "can_create_public": can_create_public,
        "public_form": (public_form or PublicRoomForm()) if can_create_public else None,
        "private_form": private_form or PrivateRoomForm(actor=request.user),
    })


@require_POST
def room_create(request):
    kind = request.POST.get("kind")
    if kind == Room.Kind.PUBLIC:
        if not permissions.can_create_public_room(request.user):
            raise PermissionDenied
        form = PublicRoomForm(request.POST)
    elif kind == Room.Kind.PRIVATE:
        form = PrivateRoomForm(request.POST, actor=request.user)
    else:
        return HttpResponseBadRequest()
    if form.is_valid():
        data = form.cleaned_data
        try:
            room = services.room_create(
                actor=request.user, name=data["name"], topic=data["topic"], kind=kind,
                members=data.get("members") or [],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The room “%(name)s” is open.") % {"name": room.name})
            return redirect(room)
    forms = {"public_form": form} if kind == Room.Kind.PUBLIC else {"private_form": form}
    return _render_index(request, **forms)


@require_GET
def unread(request):
    """Unread counts for the badges, fetched by realtime.js when the socket reports activity."""
    counts = selectors.unread_counts(request.user)
    response = JsonResponse({
        "total": sum(counts.values()),
        "rooms": {str(room_id): count for room_id, count in counts.items()},
    })
    add_never_cache_headers(response)
    return response


# --- One room ------------------------------------------------------------------------------


@require_GET
def room(request, pk: int):
    room = permissions.get_room_for_user(request.user, pk)
    before = _positive_int(request.GET.get("before"))
    if before is not None and request.htmx and not request.htmx.history_restore_request:
        page = selectors.latest_messages(room, before_seq=before)
        response = render(request, "chat/room.html#older", {
            "room": room, "page": page, "has_older": bool(page) and page[0].seq > 1,
            "can_post": permissions.can_post_in_room(request.user, room),
            "can_moderate_messages": permissions.can_moderate_messages(request.user, room),
            "mine": request.user.pk,
        })
    else:
        # ``message``: the seq of a message opened from a search (chat/search_views.py).
        highlight = _positive_int(request.GET.get("message"))
        response = _render_room(request, room, before=before, highlight=highlight)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _render_room(request, room: Room, *, before: int | None = None, form=None,
                 invite_form=None, highlight: int | None = None):
    """The room page; ``form`` (the composer) or ``invite_form`` with their errors, if any;
    ``highlight``: the seq of the message to mark and focus."""
    user = request.user
    page = selectors.latest_messages(room, before_seq=before)
    membership = RoomMembership.objects.filter(room=room, user=user).first()
    members = selectors.room_members(room)
    online = sockets.online_user_ids(person.pk for person in members)  # None: unknown
    for person in members:
        person.is_online = None if online is None else person.pk in online
    sidebar = selectors.sidebar_for_user(user)
    live = before is None or before > room.last_seq
    # Someone who has not joined a public room has nothing "unread" in it.
    read_seq = membership.last_read_seq if membership else room.last_seq
    # The first unread message is on this page, or further back (then a link opens its page).
    unread_before_page = bool(page) and read_seq + 1 < page[0].seq and read_seq < room.last_seq
    first_unread = None if unread_before_page else next(
        (m.seq for m in page if m.seq > read_seq and m.author_id != user.pk), None
    )
    reply_to = None
    if form is None:
        reply_id = _positive_int(request.GET.get("reply"))
        reply_to = selectors.message_in_room(room, reply_id) if reply_id else None
        form = MessageForm(initial={"reply_to": reply_to.pk if reply_to else None})
    else:
        reply_id = _positive_int(form.data.get("reply_to"))
        reply_to = selectors.message_in_room(room, reply_id) if reply_id else None
    title = _room_title(room, user, members)
    return render(request, "chat/room.html", {
        "room": room,
        "title": title,
        "page": page,
        "has_older": bool(page) and page[0].seq > 1,
        "live": live,
        "last_seq": _resume_seq(page, room) if live else 0,
        "highlight_seq": highlight,
        # Not live: the next page of history, after this one (the latest one, live, at the end).
        "newer_before": page[-1].seq + selectors.HISTORY_PAGE + 1 if page and not live else None,
        "membership": membership,
        "read_seq": read_seq,
        "members": members,
        "online_count": None if online is None else len(online),
        "sidebar": sidebar,
        "chat_unread_total": sidebar.unread_total,
        "first_unread": first_unread,
        "unread_count": max(room.last_seq - read_seq, 0),
        "unread_page_before": (read_seq + 1 + selectors.HISTORY_PAGE) if unread_before_page
        else None,
        "form": form,
        "reply_to": reply_to,
        "mine": user.pk,
        "can_post": permissions.can_post_in_room(user, room),
        "can_moderate_messages": permissions.can_moderate_messages(user, room),
        "can_manage": permissions.can_manage_room(user, room) and not room.is_archived,
        "can_join": room.kind == Room.Kind.PUBLIC and membership is None and not room.is_archived,
        "can_leave": membership is not None and permissions.can_leave_room(user, room),
        **_member_management(user, room, invite_form),
        "chat_strings": _chat_strings(),
    })


def _member_management(user, room: Room, invite_form=None) -> dict:
    """The creator's tools in the member list of a private room (chat/room_member_views.py)."""
    if not permissions.can_manage_members(user, room):
        return {"can_manage_members": False}
    return {"can_manage_members": True,
            "invite_form": invite_form or RoomInviteForm(actor=user)}


def _chat_strings() -> dict[str, str]:
    """What static/js/chat.js writes on the page, translated here like every other string."""
    return {
        "former_member": _("Former member"),
        "deleted": _("Message deleted"),
        "sending": _("Sending…"),
        "not_sent": _("Not sent."),
        "retry": _("Send again"),
        "typing_one": _("%(names)s is typing…"),
        "typing_many": _("%(names)s are typing…"),
        "reply_label": _("to %(name)s, %(time)s"),
        "own_label": _("your message of %(time)s"),
        "other_label": _("the message of %(name)s, %(time)s"),
        "edit_label": _("Edit your message"),
        "save": _("Save"),
        "cancel": _("Cancel"),
        "confirm_delete": _("Delete this message? It will show as deleted for everyone."),
        "offline": _("Connection lost: your messages will be sent as soon as it is back."),
        "online": _("Connection restored."),
        "empty": _("The message is empty."),
        "left": _("You are no longer a member of this room."),
        "too_long": _("A message has at most %(max)d characters.") % {
            "max": MAX_MESSAGE_LENGTH,
        },
    }


def _resume_seq(page: list, room: Room) -> int:
    """Where the socket resumes: the newest message rendered (one that arrived between the
    two queries is on the page already), so the server replays only what came after."""
    return page[-1].seq if page else room.last_seq


@require_POST
def message_send(request, pk: int):
    """The composer without JavaScript: store the message, then show it."""
    room = permissions.get_room_for_user(request.user, pk)
    if not permissions.can_post_in_room(request.user, room):
        raise PermissionDenied
    form = MessageForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            message = services.message_send(
                actor=request.user, room=room, body=data["body"],
                client_id=data["client_id"] or "", reply_to_id=data["reply_to"],
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            return redirect(f"{room.get_absolute_url()}#m-{message.seq}")
    return _render_room(request, room, form=form)


def _message_or_404(request, pk: int, message_pk: int):
    """A message that is not deleted, of a room the user can see."""
    room = permissions.get_room_for_user(request.user, pk)
    message = selectors.message_in_room(room, message_pk)
    if message is None or message.is_deleted:
        raise Http404
    message.room = room
    return room, message


def _own_message_or_404(request, pk: int, message_pk: int):
    room, message = _message_or_404(request, pk, message_pk)
    if message.author_id != request.user.pk:
        raise PermissionDenied
    return room, message


@require_http_methods(["GET", "POST"])
def message_edit(request, pk: int, message_pk: int):
    """Editing without JavaScript; with it, the message turns into a form in place."""
    room, message = _own_message_or_404(request, pk, message_pk)
    if room.is_archived:
        raise PermissionDenied
    form = MessageEditForm(request.POST or None, initial={"body": message.body})
    if request.method == "POST" and form.is_valid():
        try:
            message = services.message_edit(actor=request.user, message=message,
                                            body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error("body", error)
        else:
            return redirect(f"{room.get_absolute_url()}#m-{message.seq}")
    return render(request, "chat/message_edit.html", {
        "room": room, "message": message, "form": form,
        "title": _room_title(room, request.user),
    })


@require_http_methods(["GET", "POST"])
def message_delete(request, pk: int, message_pk: int):
    """Deleting without JavaScript: a confirmation page, then a tombstone in the room.

    A moderator removing someone else's message from a public room gives a reason, kept in the
    moderation log; coming from the report queue, they go back to it.
    """
    room, message = _message_or_404(request, pk, message_pk)
    if not permissions.can_delete_message(request.user, message):
        raise PermissionDenied
    moderating = message.author_id != request.user.pk
    data = request.POST if request.method == "POST" else None
    form = ModerationReasonForm(data) if moderating else None
    back = _safe_next(request)
    if data is not None and (form is None or form.is_valid()):
        reason = form.cleaned_data["reason"] if form else ""
        message = services.message_delete(actor=request.user, message=message, reason=reason)
        if moderating:
            messages.success(request, _("The message has been deleted; the moderation log "
                                        "keeps your reason."))
        else:
            messages.success(request, _("Your message has been deleted."))
        return redirect(back or f"{room.get_absolute_url()}#m-{message.seq}")
    return render(request, "chat/message_delete.html", {
        "room": room, "message": message, "form": form, "next": back,
    })


def _safe_next(request) -> str:
    """Where to go back to after an action, if it is a page of this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure())
    return url if safe and url.startswith("/") else ""


@require_http_methods(["GET", "POST"])
def message_report(request, pk: int, message_pk: int):
    """Reporting someone else's message to the moderators (*signaler*), with a reason."""
    room, message = _message_or_404(request, pk, message_pk)
    if not permissions.can_report_message(request.user, message):
        raise PermissionDenied
    back_url = f"{room.get_absolute_url()}#m-{message.seq}"
    form, done = report_form(
        request,
        lambda reason: services.message_report(actor=request.user, message=message,
                                               reason=reason),
        back_url=back_url)
    if done:
        return done
    return render(request, "chat/message_report.html", {
        "room": room, "message": message, "form": form, "back_url": back_url,
        "title": _room_title(room, request.user),
    })


@require_POST
def mark_read(request, pk: int):
    """Without JavaScript, "Mark as read"; with it, the socket's ``read`` frame does this."""
    room = permissions.get_room_for_user(request.user, pk)
    seq = _positive_int(request.POST.get("seq")) or room.last_seq
    services.room_mark_read(actor=request.user, room=room, seq=seq)
    return redirect(room)


@require_POST
def room_join(request, pk: int):
    room = permissions.get_room_for_user(request.user, pk)
    services.room_join(actor=request.user, room=room)
    messages.success(request, _("You joined “%(name)s”.") % {"name": room.name})
    return redirect(room)


@require_POST
def room_leave(request, pk: int):
    room = permissions.get_room_for_user(request.user, pk)
    if room.kind == Room.Kind.DIRECT:
        messages.error(request, _("A direct conversation cannot be left."))
        return redirect(room)
    if not permissions.can_leave_room(request.user, room):
        messages.error(request, _("This room follows its project's members: leave the project "
                                  "to leave it."))
        return redirect(room)
    services.room_leave(actor=request.user, room=room)
    messages.success(request, _("You left “%(name)s”.") % {"name": room.name})
    return redirect("chat:index")


@require_POST
def room_archive(request, pk: int):
    room = permissions.get_room_for_user(request.user, pk)
    services.room_archive(actor=request.user, room=room)  # PermissionDenied: 403
    messages.success(
        request, _("“%(name)s” is archived: its history stays readable.") % {"name": room.name}
    )
    return redirect(room)


@require_POST
def direct(request, user_pk: int):
    """Start, or open again, the direct conversation with a member (from their profile)."""
    other = get_member_for_user(request.user, user_pk)
    if not other.is_member:
        raise Http404
    try:
        room = services.direct_room(actor=request.user, others=[other])
    except ValidationError as error:
        _report(request, error)
        return redirect(reverse("community:member_detail", args=[other.pk]))
    return redirect(room)


def _room_title(room: Room, user, members=None) -> str:
    """A room's name; for a direct conversation, the other people in it."""
    if room.kind != Room.Kind.DIRECT:
        return room.name
    members = selectors.room_members(room) if members is None else members
    return selectors.direct_label([m for m in members if m.pk != user.pk])
