"""The walls themselves: the network's wall, themed walls, their list, and posting on them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from walls import fragments, permissions, selectors, services
from walls.forms import PostForm, WallForm
from walls.models import Wall
from walls.views.common import (
    here,
    js_strings,
    positive_int,
    present_posts,
    with_permissions,
)


@require_GET
def group(request):
    """The network's wall, at /mur/."""
    wall, sidebar = selectors.group_wall_and_sidebar()
    if wall is None:
        raise Http404
    return wall_page(request, wall, sidebar=sidebar)


@require_GET
def wall(request, slug: str):
    wall = permissions.get_wall_for_user(request.user, slug)
    if wall.is_group or wall.is_project:
        return redirect(wall)
    return wall_page(request, wall)


def wall_page(request, wall: Wall, *, form=None, sidebar: list[Wall] | None = None):
    """The wall, or one of its fragments for HTMX: ``?avant=<id>`` the next page of posts
    ("See more"), ``?partie=fil`` the whole list again (the "new messages" bar). A project's
    wall is shown in its project's Discussion tab."""
    if wall.is_project:
        from projects.views.discussion import discussion_page  # projects import the walls

        return discussion_page(request, wall.project, form=form)
    user = request.user
    before = positive_int(request.GET.get("avant"))
    fragment = bool(request.htmx) and not request.htmx.history_restore_request
    full_page = not fragment or (before is None and request.GET.get("partie") != "fil")
    marks = selectors.activity_marks() if full_page else {}
    feed = selectors.wall_feed(user, wall, before=before)
    page_url = here(request, wall.get_absolute_url())
    with_permissions([*feed.pinned, *feed.posts], user, here=page_url, present=False)
    # Each post's HTML from the cache when this reader would see what another already saw.
    fragments.prerender([*feed.pinned, *feed.posts], request=request, here=page_url,
                        present=present_posts)
    template = "walls/wall.html"
    if fragment and before is not None:
        template = "walls/wall.html#more"
    elif fragment and request.GET.get("partie") == "fil":
        template = "walls/wall.html#feed"
    can_post = permissions.can_post_on_wall(user, wall)
    form = (form or PostForm()) if can_post and full_page else None
    response = render(request, template, {
        "wall": wall,
        "feed": feed,
        "before": before,
        "walls": (selectors.walls_for_sidebar() if sidebar is None else sidebar)
        if full_page else [],
        # Taken before the feed is read: whatever commits in between is announced again.
        "marks": marks,
        "form": form,
        "composer_fields": fragments.composer_fields(form) if form is not None else "",
        "can_post": can_post,
        "can_archive": permissions.can_archive_wall(user, wall),
        "can_create_wall": permissions.can_create_wall(user),
        "here": page_url,
        "walls_strings": js_strings(),
    })
    patch_vary_headers(response, ["HX-Request"])
    return response


def _mark(value) -> int | None:
    """A newest id the page includes: 0 or more; anything else counts nothing."""
    return 0 if value == "0" else positive_int(value)


@require_GET
def activity(request, slug: str):
    """What others published on the wall since the newest post and comment a page includes
    (``billet``, ``commentaire``; ``post``: only that post's comments). The page asks each time
    its socket (re)connects: live frames are news, not history (docs/realtime.md), and this
    is how a tab learns what came while it was offline."""
    wall = permissions.get_wall_for_user(request.user, slug)
    since = selectors.activity_since(
        request.user, wall.pk, after_post=_mark(request.GET.get("billet")),
        after_comment=_mark(request.GET.get("commentaire")),
        post_id=positive_int(request.GET.get("post")),
    )
    response = JsonResponse({"wall": wall.pk, **since})
    add_never_cache_headers(response)
    return response


@require_POST
def post_create(request, slug: str):
    """The composer, a plain form: the post is stored, then the wall shows it."""
    wall = permissions.get_wall_for_user(request.user, slug)
    if not permissions.can_post_on_wall(request.user, wall):
        raise PermissionDenied
    form = PostForm(request.POST, request.FILES)
    if form.is_valid():
        files = form.cleaned_data["files"]
        try:
            post = services.post_create(actor=request.user, wall=wall,
                                        body=form.cleaned_data["body"], files=files)
        except ValidationError as error:
            form.add_error("files" if getattr(error, "code", None) == "quota" else "body", error)
        else:
            messages.success(request, _("Your message is on the wall."))
            return redirect(f"{wall.get_absolute_url()}#p-{post.pk}")
    return wall_page(request, wall, form=form)


@require_GET
def index(request):
    """Every wall, with a word on each; moderators open new ones here."""
    can_create = permissions.can_create_wall(request.user)
    walls = selectors.walls_overview()
    return render(request, "walls/index.html", {
        "open_walls": [w for w in walls if not w.is_archived],
        "archived_walls": [w for w in walls if w.is_archived],
        "can_create_wall": can_create,
        "form": WallForm() if can_create else None,
    })


@require_http_methods(["GET", "POST"])
def wall_create(request):
    if not permissions.can_create_wall(request.user):
        raise PermissionDenied
    form = WallForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            wall = services.wall_create(actor=request.user, name=form.cleaned_data["name"],
                                        description=form.cleaned_data["description"])
        except ValidationError as error:
            form.add_error("name", error)
        else:
            messages.success(request, _("The wall “%(name)s” is open.") % {"name": wall.name})
            return redirect(wall)
    return render(request, "walls/wall_form.html", {"form": form})


@require_POST
def wall_archive(request, slug: str):
    wall = permissions.get_wall_for_user(request.user, slug)
    wall = services.wall_archive(actor=request.user, wall=wall)  # PermissionDenied: 403
    messages.success(
        request, _("“%(name)s” is archived: it stays readable.") % {"name": wall.name}
    )
    return redirect(wall)
