"""A project's Discussion tab (its own wall, walls/) and Chat tab (its own room, chat/)."""

from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from chat import selectors as chat_selectors
from projects import permissions
from projects.models import Project
from projects.views.common import project_context
from walls import fragments
from walls import permissions as wall_permissions
from walls import selectors as wall_selectors
from walls.forms import PostForm
from walls.views.common import here, js_strings, positive_int, present_posts, with_permissions

CHAT_PREVIEW = 15


@require_GET
def discussion(request, pk: int):
    project = permissions.get_project_for_user(request.user, pk)
    return discussion_page(request, project)


def discussion_page(request, project: Project, *, form=None):
    """The project's wall, as walls/ shows a wall (the same posts, comments, reactions and
    moderation), inside the project's tabs. walls/views/walls.py calls this too, to show the
    composer again with its errors. ``?avant=<id>``: the next page of posts (HTMX)."""
    wall = project.wall
    if wall is None:
        raise Http404
    wall.project = project  # one project instance: its permissions are read once
    user = request.user
    before = positive_int(request.GET.get("avant"))
    fragment = bool(request.htmx) and not request.htmx.history_restore_request
    marks = wall_selectors.activity_marks()
    feed = wall_selectors.wall_feed(user, wall, before=before)
    page_url = here(request, wall.get_absolute_url())
    with_permissions([*feed.pinned, *feed.posts], user, here=page_url, present=False)
    # Each post's HTML from the cache when this reader would see what another already saw.
    fragments.prerender([*feed.pinned, *feed.posts], request=request, here=page_url,
                        present=present_posts)
    can_post = wall_permissions.can_post_on_wall(user, wall)
    template = "projects/discussion.html"
    if fragment and before is not None:
        template = "walls/wall.html#more"
    elif fragment and request.GET.get("partie") == "fil":
        template = "walls/wall.html#feed"
    response = render(request, template, project_context(
        request, project, "discussion", wall=wall, feed=feed, before=before, marks=marks,
        form=(form or PostForm()) if can_post else None, can_post=can_post, here=page_url,
        walls_strings=js_strings(),
    ))
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def chat(request, pk: int):
    """The project's chat room: its latest messages and the way in, for its members; the
    others (moderators included) are told it belongs to the project's members."""
    project = permissions.get_project_for_user(request.user, pk)
    room = project.room
    member = permissions.is_project_member(request.user, project)
    latest = chat_selectors.latest_messages(room, limit=CHAT_PREVIEW) if room and member else []
    return render(request, "projects/chat.html", project_context(
        request, project, "chat", room=room, latest=latest, in_room=member,
    ))
