"""Walls in the Django admin, for support: it only lists. Writes go through walls.services
(rendering, notifications, publishing) and moderation through the moderation queue."""

from django.contrib import admin

from config.admin import ReadOnlyAdmin
from walls.models import Comment, Post, Wall


@admin.register(Wall)
class WallAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "slug", "created_by", "created_at", "archived_at")
    list_filter = ("kind", ("archived_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "description")
    list_select_related = ("created_by",)
    fields = ("kind", "name", "slug", "description", "created_by", "created_at", "archived_at")
    readonly_fields = fields


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "wall", "author", "moderation_status", "created_at", "pinned_at",
                    "deleted_at")
    list_filter = ("wall", "moderation_status")
    list_select_related = ("wall", "author")
    fields = ("wall", "author", "body", "moderation_status", "decided_by", "decided_at",
              "decision_reason", "created_at", "edited_at", "pinned_at", "deleted_at")
    readonly_fields = fields


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "post", "author", "parent", "moderation_status", "created_at",
                    "deleted_at")
    list_filter = ("moderation_status",)
    list_select_related = ("post", "author")
    fields = ("post", "parent", "author", "body", "moderation_status", "decided_by",
              "decided_at", "decision_reason", "created_at", "edited_at", "deleted_at")
    readonly_fields = fields
