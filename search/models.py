from django.db import models
from django.utils import timezone


class PendingUpdate(models.Model):
    """An index update written in the same transaction as the change it reflects.

    The row is the promise that the index will catch up: it is deleted only once the engine has
    accepted the update, so an engine outage or a lost task never loses an update.
    """

    index = models.CharField(max_length=50)
    object_id = models.CharField(max_length=64)
    scheduled_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["index", "object_id"], name="unique_pending_update"),
        ]

    def __str__(self) -> str:
        return f"{self.index}:{self.object_id}"
