"""Comments and replies: writing, editing, deleting, reporting."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from moderation.reporting import report_form
from walls import permissions, services
from walls.forms import CommentEditForm, CommentForm
from walls.views.common import back_to, positive_int
from walls.views.posts import comments_fragment, post_page


@require_POST
def comment_create(request, pk: int):
    """A comment, or a reply (``parent``). With HTMX the post's comments are replaced in place;
    without, back to the page with the new comment. An invalid form comes back with its errors
    next to the form that was sent."""
    post = permissions.get_post_for_user(request.user, pk)
    if not permissions.can_interact_with_post(request.user, post):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = services.comment_create(
                actor=request.user, post=post, body=form.cleaned_data["body"],
                parent_id=form.cleaned_data["parent"],
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            if request.htmx:
                return comments_fragment(request, post)
            return redirect(f"{back_to(request, post.get_absolute_url())}#c-{comment.pk}")
    comment_error = {
        "post": post.pk,
        "parent": positive_int(request.POST.get("parent")),
        "errors": [*form.errors.get("body", []), *form.errors.get("parent", [])],
        "body": request.POST.get("body", ""),
    }
    if request.htmx:
        return comments_fragment(request, post, comment_error=comment_error)
    return post_page(request, post, comment_error=comment_error)


@require_http_methods(["GET", "POST"])
def comment_edit(request, pk: int):
    comment = permissions.get_comment_for_user(request.user, pk)
    if not permissions.can_edit_comment(request.user, comment):
        raise PermissionDenied
    form = CommentEditForm(request.POST if request.method == "POST" else None,
                           initial={"body": comment.body})
    if form.is_valid():
        try:
            comment = services.comment_edit(actor=request.user, comment=comment,
                                            body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(request, _("Your comment has been updated."))
            return redirect(comment.get_absolute_url())
    return render(request, "walls/comment_edit.html", {"comment": comment, "form": form})


@require_http_methods(["GET", "POST"])
def comment_delete(request, pk: int):
    comment = permissions.get_comment_for_user(request.user, pk)
    if not permissions.can_delete_comment(request.user, comment):
        raise PermissionDenied
    if request.method == "POST":
        services.comment_delete(actor=request.user, comment=comment)
        messages.success(request, _("Your comment has been deleted."))
        return redirect(comment.post)
    return render(request, "walls/delete.html", {
        "item": comment, "is_post": False, "back_url": comment.get_absolute_url(),
    })


@require_http_methods(["GET", "POST"])
def comment_report(request, pk: int):
    comment = permissions.get_comment_for_user(request.user, pk)
    if not permissions.can_report_comment(request.user, comment):
        raise PermissionDenied
    form, done = report_form(
        request,
        lambda reason: services.comment_report(actor=request.user, comment=comment, reason=reason),
        back_url=comment.get_absolute_url())
    if done:
        return done
    return render(request, "walls/report.html", {
        "item": comment, "is_post": False, "form": form, "back_url": comment.get_absolute_url(),
    })
