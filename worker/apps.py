from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkerConfig(AppConfig):
    """The task worker's safety net around django-tasks-db (DESIGN.md §4): heartbeats and the
    reaper that takes up the tasks of a dead worker (``worker.leases``), a worker loop that waits
    for its database (``manage.py worker``), and once-only marks for side effects
    (``worker.once``)."""

    name = "worker"
    verbose_name = _("Task worker")
