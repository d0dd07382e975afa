"""One post: its page, editing, deleting, reporting, and reactions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from moderation.reporting import report_form
from walls import permissions, selectors, services
from walls.forms import PostEditForm
from walls.models import Post
from walls.views.common import back_to, here, js_strings, moderated_comments, with_permissions


@require_GET
def post_detail(request, pk: int):
    """A post with all its comments: where notifications lead, and what members share.
    ``?partie=commentaires`` (HTMX): its comments only (the "new messages" bar);
    ``?partie=moderation`` (HTMX): a moderator's controls for it and its comments, which the
    wall brings on demand (its "Moderate…" link leads here, to the whole page, without JS)."""
    post = permissions.get_post_for_user(request.user, pk)
    part = request.GET.get("partie") if request.htmx else None
    if part == "commentaires":
        response = comments_fragment(request, post)
    elif part == "moderation":
        response = moderation_fragment(request, post)
    else:
        response = post_page(request, post)
    patch_vary_headers(response, ["HX-Request"])
    return response


def post_page(request, post: Post, *, comment_error: dict | None = None):
    marks = selectors.activity_marks()
    selectors.post_page(request.user, post)
    if post.is_question:
        post.skill_list = list(post.skills.all())
    page_url = here(request, post.get_absolute_url())
    with_permissions([post], request.user, here=page_url)
    return render(request, "walls/post_detail.html", {
        "post": post,
        "wall": post.wall,
        "here": page_url,
        "comment_error": comment_error,
        "marks": marks,
        "walls_strings": js_strings(),
    })


def comments_fragment(request, post: Post, *, comment_error: dict | None = None):
    selectors.post_page(request.user, post)
    page_url = here(request, post.get_absolute_url())
    with_permissions([post], request.user, here=page_url)
    return render(request, "walls/_comments.html", {
        "post": post, "here": page_url, "comment_error": comment_error,
    })


def moderation_fragment(request, post: Post):
    """A moderator's controls for ``post``: pin or unpin, hide or restore it and its comments,
    each back to the page that asked (``here``: the wall). 403 for anyone with nothing to
    decide."""
    selectors.post_page(request.user, post)
    page_url = here(request, post.get_absolute_url())
    with_permissions([post], request.user, here=page_url)
    if not post.can.moderate:
        raise PermissionDenied
    return render(request, "walls/_moderation.html", {
        "post": post, "here": page_url, "comments": moderated_comments(post),
    })


@require_http_methods(["GET", "POST"])
def post_edit(request, pk: int):
    post = permissions.get_post_for_user(request.user, pk)
    if not permissions.can_edit_post(request.user, post):
        raise PermissionDenied
    form = PostEditForm(request.POST if request.method == "POST" else None,
                        initial={"body": post.body})
    if form.is_valid():
        try:
            post = services.post_edit(actor=request.user, post=post,
                                      body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(request, _("Your message has been updated."))
            return redirect(post)
    return render(request, "walls/post_edit.html", {"post": post, "form": form})


@require_http_methods(["GET", "POST"])
def post_delete(request, pk: int):
    """Without JavaScript, a confirmation page; the post then leaves the wall."""
    post = permissions.get_post_for_user(request.user, pk)
    if not permissions.can_delete_post(request.user, post):
        raise PermissionDenied
    if request.method == "POST":
        services.post_delete(actor=request.user, post=post)
        messages.success(request, _("Your message has been deleted."))
        return redirect(post.wall)
    return render(request, "walls/delete.html", {
        "item": post, "is_post": True, "back_url": post.get_absolute_url(),
    })


@require_http_methods(["GET", "POST"])
def post_report(request, pk: int):
    post = permissions.get_post_for_user(request.user, pk)
    if not permissions.can_report_post(request.user, post):
        raise PermissionDenied
    form, done = report_form(
        request, lambda reason: services.post_report(actor=request.user, post=post, reason=reason),
        back_url=post.get_absolute_url())
    if done:
        return done
    return render(request, "walls/report.html", {
        "item": post, "is_post": True, "form": form, "back_url": post.get_absolute_url(),
    })


@require_POST
def reaction_toggle(request, pk: int):
    """A reaction button: with HTMX the reactions are replaced in place (aria-pressed follows);
    without, back to the page with the post."""
    post = permissions.get_post_for_user(request.user, pk)
    if not permissions.can_interact_with_post(request.user, post):
        raise PermissionDenied
    try:
        services.reaction_toggle(actor=request.user, post=post, kind=request.POST.get("kind", ""))
    except ValidationError:
        return HttpResponseBadRequest()
    if request.htmx:
        selectors.attach_reactions([post], request.user)
        page_url = here(request, post.get_absolute_url())
        with_permissions([post], request.user, here=page_url)
        return render(request, "walls/_reactions.html", {"post": post, "here": page_url})
    return redirect(f"{back_to(request, post.get_absolute_url())}#p-{post.pk}")
