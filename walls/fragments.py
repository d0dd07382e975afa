"""Wall posts rendered once for every reader who would see the same HTML (issue 20).

A wall page's cost was its posts rendered through ``walls/_post.html`` (≈ 6 ms a post on the
slow machine: reactions, comments, actions, forms), the same markup for most readers of a post.
Here each post's HTML is kept in Django's cache under a key that is a digest of **everything the
template reads**: the post's, author's, comments', reactions' and attachments' fields as the page
just loaded them, what this reader may do with each (``post.can``, ``comment.can``, reactions of
their own, the comments they may see), the page's address, the language, the time zone and the
templates' own source. So:

- nothing is invalidated by hand, and nothing can be stale: an edit, a new comment, a reaction,
  a moderation decision, a new photo or a new deployment change the data the key is made of, so
  the next page renders that post again; the old entry expires (``FRAGMENT_TIMEOUT``) or is
  culled;
- two readers share a post's HTML only when the template would have written the same bytes for
  both: a reader who reacted, the author (who may edit) and a moderator (who may hide) each get
  their own; the per-reader part is in the key, never in a shared entry;
- the page's queries are the same as before (the data is read to build the key), only the
  template work goes.

The one per-request value in a post's HTML, the CSRF token of its forms, is rendered as a
marker and replaced by this request's token on the way out (config/fragments.py).
"""

import hashlib
from collections.abc import Callable
from functools import cache

from django.core.cache import cache as default_cache
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from config.fragments import csrf_marker, with_token
from config.fragments import person as _person
from config.fragments import row as _row

POST_TEMPLATE = "walls/_post.html"
# Every template a post's HTML comes from: their source is part of each key.
TEMPLATES = (POST_TEMPLATE, "walls/_reactions.html", "walls/_comments.html",
             "walls/_comment.html", "walls/_comment_form.html", "walls/_attachments.html",
             "walls/_question_details.html", "community/_avatar.html")
FRAGMENT_TIMEOUT = 6 * 3600  # seconds; keys are content digests, so this only frees memory
KEY_PREFIX = "walls:post:"
# On the wall, "Comment" is a link that brings the form (walls/_comments.html).
COMMENT_ON_DEMAND = True
# On the wall, a moderator's "Pin", "Hide…" and "Restore…" (of the post and of its comments)
# come on demand through one "Moderate…" link (walls/_post.html, walls/_moderation.html): a form
# and links on every post and comment made a moderator's wall page 67.7 kB (issue 20).
MODERATION_ON_DEMAND = True


@cache
def _templates_digest() -> str:
    digest = hashlib.blake2b(digest_size=8)
    for name in TEMPLATES:
        digest.update(get_template(name).template.source.encode())
    return digest.hexdigest()


def _can(item) -> tuple:
    can = getattr(item, "can", None)
    return tuple(sorted(vars(can).items())) if can is not None else ()


def _project(post) -> tuple:
    """A project's wall: its project, which its posts' addresses name."""
    wall = getattr(post, "wall", None)
    return _row(getattr(wall, "project", None)) if wall is not None and wall.is_project else ()


def _comment(comment) -> tuple:
    return (_row(comment), _person(comment.author), comment.visible, _can(comment),
            [(*_row(reply), _person(reply.author), reply.visible, _can(reply))
             for reply in getattr(comment, "visible_replies", [])])


def fingerprint(post, *, here: str, show_wall: bool, reply_to: str = "",
                comment_error=None) -> tuple:
    """Everything ``walls/_post.html`` reads to write ``post`` for this reader, as a tuple."""
    return (
        _templates_digest(), translation.get_language(), timezone.get_current_timezone_name(),
        here, show_wall, reply_to, repr(comment_error), COMMENT_ON_DEMAND,
        MODERATION_ON_DEMAND,
        _row(post), _person(post.author), _row(getattr(post, "wall", None)), _project(post),
        _can(post),
        getattr(post, "comment_count", 0),
        [(r.kind, r.label, r.count, r.mine) for r in getattr(post, "reaction_list", [])],
        getattr(post, "attachments_open", None),
        [_row(attachment) for attachment in getattr(post, "attachment_list", [])],
        [skill.name for skill in getattr(post, "skill_list", [])],
        [_comment(thread) for thread in getattr(post, "threads", [])],
    )


def fragment_key(post, **reader) -> str:
    digest = hashlib.blake2b(repr(fingerprint(post, **reader)).encode(), digest_size=20)
    return f"{KEY_PREFIX}{post.pk}:{digest.hexdigest()}"


def _render(post, *, request, here: str, show_wall: bool, comment_error) -> str:
    context = Context({
        "post": post, "here": here, "show_wall": show_wall, "request": request,
        "comment_error": comment_error, "csrf_token": csrf_marker(),
        "comment_on_demand": COMMENT_ON_DEMAND, "moderation_on_demand": MODERATION_ON_DEMAND,
    }, autoescape=True)
    return get_template(POST_TEMPLATE).template.render(context)


def prerender(posts, *, request, here: str, present: Callable[[list], None],
              show_wall: bool = False, comment_error=None, cache=None) -> None:
    """Give each post ``fragment``: its HTML for this reader, from the cache (one round trip
    for the page) or rendered now and kept. The posts come from walls/selectors.py with their
    details and from walls/views/common.py ``with_permissions`` with what the reader may do;
    ``present`` (walls/views/common.py ``present_posts``) gives the posts to render what their
    template shows."""
    if not posts:
        return
    cache = cache or default_cache
    reader = {"here": here, "show_wall": show_wall,
              "reply_to": request.GET.get("repondre", ""), "comment_error": comment_error}
    keys = {post.pk: fragment_key(post, **reader) for post in posts}
    found = cache.get_many(list(keys.values()))
    missing = {}
    present([post for post in posts if keys[post.pk] not in found])
    for post in posts:
        html = found.get(keys[post.pk])
        if html is None:
            html = _render(post, request=request, here=here, show_wall=show_wall,
                           comment_error=comment_error)
            missing[keys[post.pk]] = html
        post.fragment = with_token(html, request)
    if missing:
        cache.set_many(missing, FRAGMENT_TIMEOUT)


_unbound_fields: dict[tuple, SafeString] = {}


def composer_fields(form) -> SafeString:
    """The composer's fields as ``as_field_group`` renders them, kept per form class and
    language while the form is unbound (empty, the same for every reader): Django's form
    templates cost ≈ 4 ms a field on the slow machine. A bound form (errors, the text typed)
    is rendered each time."""
    if form.is_bound:
        return mark_safe("".join(form[name].as_field_group() for name in form.fields))  # noqa: S308
    key = (type(form), translation.get_language())
    if key not in _unbound_fields:
        _unbound_fields[key] = mark_safe(  # noqa: S308 (Django's own form rendering)
            "".join(form[name].as_field_group() for name in form.fields))
    return _unbound_fields[key]
