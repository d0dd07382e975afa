"""The audit log and the reports in the Django admin: to look, never to change.

The audit log is immutable by design (DESIGN.md §7); reports change only through
moderation.services, which also writes the log.
"""

from django.contrib import admin

from config.admin import ReadOnlyAdmin
from moderation.models import AuditEntry, Report


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor_name", "action", "target_repr")
    list_filter = ("action",)
    search_fields = ("actor_name", "target_repr", "reason")
    list_select_related = ("actor",)
    fields = ("created_at", "actor", "actor_name", "action", "content_type", "object_id",
              "target_repr", "reason")
    readonly_fields = fields
    date_hierarchy = "created_at"


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "reporter", "target_author", "context_label", "status")
    list_filter = ("status",)
    list_select_related = ("reporter", "target_author")
    fields = ("created_at", "reporter", "content_type", "object_id", "reason", "excerpt",
              "target_author", "context_label", "status", "resolved_by", "resolved_at",
              "resolution_note")
    readonly_fields = fields
