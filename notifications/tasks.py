"""Background work of the notification centre (Django's task framework: at once, in-process,
in embedded mode; the database queue and the worker in production)."""

from django.tasks import task

from notifications import services


@task
def send_notification_email(notification_id: int) -> bool:
    """Enqueued by ``services.notify`` once the notification is committed. Safe to run twice:
    the notification is claimed (``emailed_at``) before its e-mail leaves."""
    return services.email_notification(notification_id=notification_id)


@task
def send_daily_digests() -> dict:
    """The daily digest, for whoever prefers to enqueue it (``manage.py send_digests`` runs the
    same at once): docs/operations.md says how to schedule it."""
    sent, failed = services.send_digests()
    return {"sent": sent, "failed": failed}
