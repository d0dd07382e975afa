"""How long the records of background tasks are kept (privacy/retention/policies.py)."""

from privacy.retention.registry import register
from worker import services

register("task-results", services.task_records_purge)
