"""Background work of the community app, run by Django's task framework."""

from django.tasks import TaskContext, task

from community.emails import send_templated_email
from worker.once import run_once


@task(takes_context=True)
def deliver_email(context: TaskContext, template: str, to: list[str], variables: dict,
                  language: str = "fr") -> bool:
    """Render and send one email; runs on the worker in production, at once when embedded.

    A task whose worker died is taken up again (worker.leases), so this may run twice: the
    email is sent once, under a key made of the task's id (``worker.once``). Whether it was
    sent by this run. (``context`` is the task's, as the framework requires that name; the
    email's own context is ``variables``.)"""
    return run_once(
        f"email:{context.task_result.id}",
        lambda: send_templated_email(template=template, to=to, context=variables,
                                     language=language),
    )
