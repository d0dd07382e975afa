"""Background work of privacy (Django's task framework: at once, in-process, in embedded mode;
the database queue and the worker in production)."""

from django.tasks import task

from privacy import services


@task
def build_data_export(export_id: int) -> str:
    """Enqueued once an export is asked for. Safe to run twice: a worker that died while
    building is replaced (worker.leases) and the archive is written again from the start,
    never served until it is whole (privacy/services.py)."""
    return services.data_export_build(export_id=export_id)


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
