"""What every cache of rendered fragments shares (walls/fragments.py,
moderation/queue_fragments.py): the one per-request value of a kept fragment, the CSRF token of
its forms.

A fragment kept for several readers cannot hold anyone's token. It is rendered with a marker in
its place, derived from ``SECRET_KEY`` (the same in every process sharing the cache, unguessable
by whoever writes the content around it), and each request's own token replaces the marker on
the way out.
"""

from functools import cache

from django.middleware.csrf import get_token
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe


@cache
def csrf_marker() -> str:
    """What a kept fragment's forms carry instead of a token (the context's ``csrf_token``)."""
    return salted_hmac("walls.fragments.csrf", "marker", algorithm="sha256").hexdigest()[:32]


_TOKEN_ATTRIBUTE = "_fragments_csrf_token"  # noqa: S105 (an attribute name)


def with_token(html: str, request) -> SafeString:
    """``html`` (rendered with ``csrf_marker()``) with ``request``'s own CSRF token: one masked
    token for all of a page's fragments (each ``get_token`` masks the secret anew, 32 random
    characters)."""
    token = getattr(request, _TOKEN_ATTRIBUTE, None)
    if token is None:
        token = get_token(request)
        setattr(request, _TOKEN_ATTRIBUTE, token)
    return mark_safe(  # noqa: S308 (our templates' autoescaped output)
        html.replace(f'value="{csrf_marker()}"', f'value="{token}"'))


# What is never part of a page's HTML: left out of keys so that a login does not change them.
_IGNORED_FIELDS = frozenset({"password", "last_login"})


@cache
def _field_names(model) -> tuple[str, ...]:
    return tuple(field.attname for field in model._meta.concrete_fields
                 if field.attname not in _IGNORED_FIELDS)


def row(obj) -> tuple:
    """The stored fields of ``obj`` (a model instance) as the page loaded them, for a key:
    whatever a template may show of it (``()`` for None)."""
    if obj is None:
        return ()
    return (obj._meta.label, *(getattr(obj, name) for name in _field_names(type(obj))))


def person(user) -> tuple:
    """A member as their avatar and name show them: the account's and the profile's fields."""
    profile = getattr(user, "profile", None) if user is not None else None
    return (row(user), row(profile))
