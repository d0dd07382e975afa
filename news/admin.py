"""The news feed in the Django admin, for support: it only lists. Writes go through
news.services (rendering, the activity stream) and decisions through the moderation queue."""

from django.contrib import admin

from config.admin import ReadOnlyAdmin
from news.models import ActivityEvent, NewsItem


@admin.register(NewsItem)
class NewsItemAdmin(ReadOnlyAdmin):
    list_display = ("title", "author", "moderation_status", "created_at", "published_at",
                    "pinned_at")
    list_filter = ("moderation_status",)
    search_fields = ("title", "summary")
    list_select_related = ("author",)
    fields = ("title", "summary", "body", "link", "author", "moderation_status", "decided_by",
              "decided_at", "decision_reason", "created_at", "scheduled_for", "published_at",
              "pinned_at", "pinned_by", "edited_at", "edited_by")
    readonly_fields = fields


@admin.register(ActivityEvent)
class ActivityEventAdmin(ReadOnlyAdmin):
    list_display = ("kind", "text", "actor", "occurred_at", "hidden_at")
    list_filter = ("kind",)
    list_select_related = ("actor",)
    fields = ("kind", "content_type", "object_id", "actor", "text", "detail", "url",
              "occurred_at", "created_at", "hidden_at")
    readonly_fields = fields
