"""Background work of the community app, run by Django's task framework."""

from django.tasks import task

from community.emails import send_templated_email


@task
def deliver_email(template: str, to: list[str], context: dict, language: str = "fr") -> None:
    """Render and send one email; runs on the worker in production, at once when embedded."""
    send_templated_email(template=template, to=to, context=context, language=language)
