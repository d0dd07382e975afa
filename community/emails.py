"""Emails in French (or the recipient's language), as text and HTML."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation


def _render_plain_text(name: str, context: dict) -> str:
    """Subjects and text bodies are not HTML: an apostrophe must stay an apostrophe, not &#x27;."""
    return get_template(name).template.render(Context(context, autoescape=False))


def send_templated_email(*, template: str, to: list[str], context: dict, language: str) -> None:
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = _render_plain_text(f"community/email/{template}_subject.txt", context)
        text = _render_plain_text(f"community/email/{template}_message.txt", context)
        html = render_to_string(f"community/email/{template}_message.html", context)
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=text,
        to=to,
    )
    message.attach_alternative(html, "text/html")
    message.send()


def email_on_commit(*, template: str, to: str, context: dict, language: str = "fr") -> None:
    """Queue an email once the current transaction has committed (never for a rolled-back write)."""
    from community.tasks import deliver_email

    transaction.on_commit(
        lambda: deliver_email.enqueue(template=template, to=[to], variables=context,
                                      language=language)
    )
