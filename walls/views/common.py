"""What the wall views share: where to go back to, and what each post or comment lets the
reader do (asked of walls/permissions.py once per item, never decided by a template)."""

from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext

from config.typography import typeset
from moderation.links import decision_url
from walls import permissions


def positive_int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _site_path(request, url: str) -> str:
    safe = url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure())
    return url if safe and url.startswith("/") and not url.startswith("//") else ""


def safe_next(request) -> str:
    """Where to go back to after an action (``next``), if it is a page of this site."""
    return _site_path(request, request.POST.get("next") or request.GET.get("next") or "")


def here(request, default: str) -> str:
    """The page the reader is on, for the ``next`` of its forms: for an HTMX fragment, the
    page that asked for it rather than the fragment's own address; for a form that came back
    with errors, ``default`` (the page the form was on) rather than the address it posts to."""
    if request.htmx and request.htmx.current_url_abs_path:
        return _site_path(request, request.htmx.current_url_abs_path) or default
    return request.get_full_path() if request.method == "GET" else default


def back_to(request, fallback: str) -> str:
    """``next`` without its fragment, or ``fallback``."""
    return (safe_next(request).split("#", 1)[0]) or fallback


def report_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _decision(allowed: bool, item, decision: str, here: str) -> str:
    """The moderation app's page for hiding or restoring ``item``, or "" if not allowed."""
    return decision_url(item, decision, next_url=here) if allowed else ""


def with_permissions(posts, user, *, here: str = "", present: bool = True) -> None:
    """Give each post, and each comment of its threads, ``can``: what ``user`` may do with it
    (``hide`` and ``restore``: the addresses of those decisions, back to ``here``). No query:
    the posts come from walls/selectors.py with their wall and comments. ``present``: also what
    the templates show (``present_posts``); the wall leaves that to walls/fragments.py, which
    needs it only for the posts it has to render."""
    moderator = permissions.can_moderate_walls(user)
    for post in posts:
        interact = permissions.can_interact_with_post(user, post)
        accept = permissions.can_accept_answer(user, post)
        post.can = SimpleNamespace(
            interact=interact,
            accept=accept,
            ask_help=accept,
            edit=permissions.can_edit_post(user, post),
            delete=permissions.can_delete_post(user, post),
            report=permissions.can_report_post(user, post),
            pin=permissions.can_pin_post(user, post) and not post.is_pinned,
            unpin=moderator and post.is_pinned,
            hide=_decision(permissions.can_hide_post(user, post), post, "hide", here),
            restore=_decision(permissions.can_restore_post(user, post), post, "restore", here),
            # Why it is hidden: for the moderators, and for its author (who was told).
            see_reason=post.is_hidden and (moderator or post.author_id == user.pk),
        )
        for thread in getattr(post, "threads", []):
            for comment in (thread, *thread.visible_replies):
                comment.can = SimpleNamespace(
                    reply=interact and comment.visible and comment.is_published,
                    # The asker accepts a published answer (a top-level comment).
                    accept=(accept and comment is thread and comment.visible
                            and comment.is_published
                            and post.accepted_answer_id != comment.pk),
                    edit=permissions.can_edit_comment(user, comment),
                    delete=permissions.can_delete_comment(user, comment),
                    report=permissions.can_report_comment(user, comment),
                    hide=_decision(permissions.can_hide_comment(user, comment), comment,
                                   "hide", here),
                    restore=_decision(permissions.can_restore_comment(user, comment), comment,
                                      "restore", here),
                )
        # Anything a moderator may decide here: on the wall, one "Moderate…" link brings these
        # controls (walls/_moderation.html) instead of a form and links on every post and comment.
        post.can.moderate = bool(
            post.can.pin or post.can.unpin or post.can.hide or post.can.restore
            or moderated_comments(post))
    if present:
        present_posts(posts)


def moderated_comments(post) -> list:
    """The comments and replies of ``post`` (as ``with_permissions`` saw them) that the reader
    may hide or restore."""
    return [comment for thread in getattr(post, "threads", [])
            for comment in (thread, *thread.visible_replies)
            if comment.can.hide or comment.can.restore]


def present_posts(posts) -> None:
    """What ``walls/_post.html`` shows of each post and comment that costs a template more than
    Python: addresses, dates and labels (no query)."""
    member_urls: dict[int, str] = {}
    for post in posts:
        post_url = reverse("walls:post_detail", args=[post.pk])
        post.page_url = post_url
        post.comment_url = reverse("walls:comment_create", args=[post.pk])
        post.comment_field_id = f"p-{post.pk}-comment"
        for thread in getattr(post, "threads", []):
            for comment in (thread, *thread.visible_replies):
                _present_comment(comment, post, post_url, member_urls)


def _present_comment(comment, post, post_url: str, member_urls: dict[int, str]) -> None:
    """What ``walls/_comment.html`` shows that costs a template more than Python: a wall page
    renders dozens of comments (docs/benchmarks.md, "Pages under load")."""
    author = comment.author
    comment.when = formats.date_format(timezone.localtime(comment.created_at), "DATETIME_FORMAT")
    comment.label = typeset(gettext("the comment of %(name)s, %(time)s") % {
        "name": author.display_name if author else gettext("Former member"),
        "time": comment.when,
    })
    comment.url = f"{post_url}#c-{comment.pk}"
    comment.reply_field_id = f"c-{comment.pk}-reply"
    comment.reply_key = str(comment.pk)  # ?repondre=<pk>: this reply form open
    if author and author.pk not in member_urls:
        member_urls[author.pk] = reverse("community:member_detail", args=[author.pk])
    comment.author_url = member_urls[author.pk] if author else ""
    comment.is_accepted = bool(post.accepted_answer_id) and post.accepted_answer_id == comment.pk


def js_strings() -> dict[str, str]:
    """What static/js/walls.js writes on the page, translated here like every other string."""
    return {
        "new_one": ngettext("%(count)s new message", "%(count)s new messages", 1),
        "new_other": ngettext("%(count)s new message", "%(count)s new messages", 2),
    }
