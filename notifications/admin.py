"""Notifications in the Django admin, for support: who was told what kind of thing and when.

Read-only, and without ``text``: it quotes messages, private conversations included, which
admins do not read (DESIGN.md §7, as in chat/admin.py).
"""

from django.contrib import admin

from notifications.models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("recipient", "kind", "actor", "created", "read_at", "delivery", "emailed_at")
    list_filter = ("kind", "delivery")
    list_select_related = ("recipient", "actor")
    fields = ("recipient", "kind", "actor", "url", "created", "read_at", "delivery", "emailed_at")
    readonly_fields = fields
    date_hierarchy = "created"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    """Support: why a member gets (or misses) emails. Members change them on their own page."""

    list_display = ("member", "kind", "delivery", "updated")
    list_filter = ("kind", "delivery")
    list_select_related = ("member",)
    search_fields = ("member__email",)
    readonly_fields = ("member", "kind", "delivery", "updated")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
