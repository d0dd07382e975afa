"""Emails in French (or the recipient's language), as text and HTML."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation

from config.site import site_url
from config.typography import typeset


def _render_plain_text(name: str, context: dict) -> str:
    """Subjects and text bodies are not HTML: an apostrophe must stay an apostrophe, not &#x27;."""
    return get_template(name).template.render(Context(context, autoescape=False))


def send_templated_email(*, template: str, to: list[str], context: dict, language: str) -> None:
    """``context["site_url"]`` is the address captured when the e-mail was queued (the request
    being served); without it, the site's address now (``SITE_URL`` on the worker)."""
    context = {**context, "site_url": context.get("site_url") or site_url()}
    with translation.override(language):
        subject = _render_plain_text(f"community/email/{template}_subject.txt", context)
        text = _render_plain_text(f"community/email/{template}_message.txt", context)
        html = render_to_string(f"community/email/{template}_message.html", context)
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + typeset(" ".join(subject.split()),
                                                              language=language),
        body=text,
        to=to,
    )
    message.attach_alternative(html, "text/html")
    message.send()


def email_on_commit(*, template: str, to: str, context: dict, language: str = "fr") -> None:
    """Queue an email once the current transaction has committed (never for a rolled-back write).

    Its links use the address of the request being served, taken now: the worker that sends it
    has no request (config/site.py)."""
    from community.tasks import deliver_email

    context = {**context, "site_url": site_url()}
    transaction.on_commit(
        lambda: deliver_email.enqueue(template=template, to=[to], variables=context,
                                      language=language)
    )
