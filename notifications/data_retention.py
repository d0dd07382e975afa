"""How long notifications are kept (privacy/retention/policies.py)."""

from notifications import services
from privacy.retention.registry import register

register("notifications-read", services.read_notifications_purge)
register("notifications", services.notifications_purge)
