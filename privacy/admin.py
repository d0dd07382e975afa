from django.contrib import admin

from privacy.models import DataExport


@admin.register(DataExport)
class DataExportAdmin(admin.ModelAdmin):
    """Read only: to see an export that failed or waits too long. The archive itself is never
    offered here (it holds the member's private conversations): only its member downloads it."""

    list_display = ("pk", "member", "requested_by", "status", "created_at", "ready_at",
                    "expires_at", "attempts")
    list_filter = ("status",)
    search_fields = ("member__email",)
    list_select_related = ("member", "requested_by")
    fields = ("member", "requested_by", "status", "size", "attempts", "error", "created_at",
              "started_at", "ready_at", "expires_at")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
