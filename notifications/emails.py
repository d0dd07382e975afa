"""Notification emails, as text and HTML: one notification at once, or the daily digest.

In the member's language: French, the platform's, since members do not store another one (the
language switch is a cookie of one browser). Every email links to the preferences and carries a
signed unsubscribe link, also as ``List-Unsubscribe`` with one-click POST (RFC 8058), so that a
mail client's "unsubscribe" button works without logging in.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import translation

from config.site import absolute_url, site_url
from config.typography import typeset
from notifications import unsubscribe
from notifications.models import Notification

DIGEST_ITEMS_PER_KIND = 20  # beyond, "and N more" leads to the notification centre


def absolute(path: str) -> str:
    """Emails are read off the site: every link is absolute, to the address the site is served
    on (config/site.py: the request's, or SITE_URL for the worker and the digest)."""
    return absolute_url(path)


def language_for(member) -> str:
    language = getattr(member, "language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def unsubscribe_url(member, kinds: Iterable[str]) -> str:
    token = unsubscribe.make_token(member, kinds)
    return absolute(reverse("notifications:unsubscribe", args=[token]))


def send_notification_email(notification: Notification) -> None:
    """The email of one notification whose delivery is "by email at once"."""
    member = notification.recipient
    _send(member, "notification", kinds=[notification.kind], context={
        "notification": notification,
        "open_url": absolute(reverse("notifications:open", args=[notification.pk])),
    })


def send_digest_email(member, notifications: list[Notification], *, digest_kinds: list[str]):
    """One email grouping ``notifications`` by kind (in the order of ``Notification.Kind``),
    each kind with its own unsubscribe link; the headers' link stops every kind in
    ``digest_kinds`` (those the member receives by digest)."""
    by_kind: dict[str, list[Notification]] = {}
    for notification in notifications:
        by_kind.setdefault(notification.kind, []).append(notification)
    labels = dict(Notification.Kind.choices)
    groups = [
        {
            "kind": kind,
            "label": labels[kind],
            "items": [
                {"notification": n,
                 "open_url": absolute(reverse("notifications:open", args=[n.pk]))}
                for n in by_kind[kind][:DIGEST_ITEMS_PER_KIND]
            ],
            "more": max(len(by_kind[kind]) - DIGEST_ITEMS_PER_KIND, 0),
            "unsubscribe_url": unsubscribe_url(member, [kind]),
        }
        for kind in Notification.Kind.values
        if kind in by_kind
    ]
    _send(member, "digest", kinds=digest_kinds or list(by_kind), context={
        "groups": groups,
        "count": len(notifications),
        "index_url": absolute(reverse("notifications:index")),
    })


def _send(member, template: str, *, kinds: list[str], context: dict) -> None:
    stop_url = unsubscribe_url(member, kinds)
    context = {
        "name": member.first_name or member.display_name,
        "site_url": site_url(),
        "preferences_url": absolute(reverse("notifications:preferences")),
        "unsubscribe_url": stop_url,
        **context,
    }
    with translation.override(language_for(member)):
        context["LANGUAGE_CODE"] = translation.get_language()
        subject = _plain(f"notifications/email/{template}_subject.txt", context)
        text = _plain(f"notifications/email/{template}_message.txt", context)
        html = render_to_string(f"notifications/email/{template}_message.html", context)
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + typeset(
            " ".join(subject.split()), language=context["LANGUAGE_CODE"]),
        body=text,
        to=[member.email],
        headers={
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    message.send()


def _plain(name: str, context: dict) -> str:
    """Subjects and text bodies are not HTML: an apostrophe stays an apostrophe, not &#x27;."""
    return get_template(name).template.render(Context(context, autoescape=False))
