"""Chat in the Django admin: rooms and memberships for support, never the text of conversations.

Writes go through chat.services (sequences, read markers, publishing), so the admin only lists.
Message bodies are left out: moderators and admins do not read private conversations they are
not part of (DESIGN.md §7); moderation of messages will have its own queue.
"""

from django.contrib import admin

from chat.models import Message, Room, RoomMembership
from config.admin import ReadOnlyAdmin


class MembershipInline(admin.TabularInline):
    model = RoomMembership
    fields = ("user", "joined_at", "last_read_seq")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(Room)
class RoomAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "kind", "last_seq", "last_message_at", "created_by", "archived_at")
    list_filter = ("kind", ("archived_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "topic")
    list_select_related = ("created_by",)
    fields = ("kind", "name", "topic", "last_seq", "last_message_at", "created_by", "created_at",
              "archived_at")
    readonly_fields = fields
    inlines = [MembershipInline]


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "room", "seq", "author", "created_at", "edited_at", "deleted_at")
    list_filter = ("room__kind",)
    list_select_related = ("room", "author")
    fields = ("room", "seq", "author", "reply_to", "created_at", "edited_at", "deleted_at")
    readonly_fields = fields
