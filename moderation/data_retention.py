"""How long reports are kept once handled (privacy/retention/policies.py). The audit log has
no period: it is kept, and cannot be edited (moderation.models.AuditEntry)."""

from moderation import services
from privacy.retention.registry import register

register("reports", services.reports_purge)
