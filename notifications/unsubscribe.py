"""The signed unsubscribe links of notification emails: they work without logging in, since the
signature says who and which kinds; it is salted (no other signed value of the site passes for
one) and expires, so that an old email forwarded around does not stay a key for ever."""

from collections.abc import Iterable
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core import signing

from notifications.models import Notification

SALT = "notifications.unsubscribe"
MAX_AGE = timedelta(days=60)


class InvalidLink(Exception):
    """Tampered with, cut short, expired, or for an account that is gone."""


def make_token(member, kinds: Iterable[str]) -> str:
    return signing.dumps({"m": member.pk, "k": sorted(set(kinds))}, salt=SALT, compress=True)


def read_token(token: str) -> tuple:
    """``(member, kinds)`` from a token made by ``make_token``, or ``InvalidLink``."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature as error:  # SignatureExpired is one too
        raise InvalidLink from error
    if not isinstance(data, dict):
        raise InvalidLink
    member_id, kinds = data.get("m"), data.get("k")
    if (
        not isinstance(member_id, int)
        or not isinstance(kinds, list)
        or not kinds
        or not set(kinds) <= set(Notification.Kind.values)
    ):
        raise InvalidLink
    member = get_user_model().objects.filter(pk=member_id).first()
    if member is None:
        raise InvalidLink
    return member, kinds
