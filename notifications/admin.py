"""Notifications in the Django admin, for support: who was told what kind of thing and when.

Read-only, and without ``text``: it quotes messages, private conversations included, which
admins do not read (DESIGN.md §7, as in chat/admin.py).
"""

from django.contrib import admin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("recipient", "kind", "actor", "created", "read_at")
    list_filter = ("kind",)
    list_select_related = ("recipient", "actor")
    fields = ("recipient", "kind", "actor", "url", "created", "read_at")
    readonly_fields = fields
    date_hierarchy = "created"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
