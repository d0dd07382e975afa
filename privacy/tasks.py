"""Background work of privacy (Django's task framework: at once, in-process, in embedded mode;
the database queue and the worker in production)."""

from django.tasks import task


@task
def apply_retention() -> dict:
    """The nightly retention run (privacy/retention/), for whoever schedules it through the
    queue (``manage.py apply_retention`` runs the same at once): how many rows each policy
    removed or blanked, and which failed (tried again the next night)."""
    from privacy.retention.runner import apply_retention as run

    outcomes = run()
    return {
        "counts": {outcome.policy.key: outcome.count for outcome in outcomes},
        "failed": [outcome.policy.key for outcome in outcomes if outcome.failed],
    }
