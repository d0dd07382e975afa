from django.contrib import admin

from events.models import (
    CalendarFeed,
    Event,
    EventDocument,
    EventLibraryDocument,
    EventSeries,
    Registration,
)


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    raw_id_fields = ["member", "added_by"]
    readonly_fields = ["queued_at", "created_at"]


class DocumentInline(admin.TabularInline):
    model = EventDocument
    extra = 0
    fields = ["display_name", "content_type", "size", "uploaded_by", "created_at"]
    readonly_fields = fields


class LibraryLinkInline(admin.TabularInline):
    """Library documents linked by the organisers (removing one here never deletes the
    document)."""

    model = EventLibraryDocument
    extra = 0
    raw_id_fields = ["document", "added_by"]
    readonly_fields = ["created_at"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Read and correct; cancelling goes through the event's page (it tells registrants)."""

    list_display = ["title", "kind", "starts_at", "time_zone", "moderation_status",
                    "cancelled_at", "capacity"]
    list_filter = ["kind", "moderation_status", "region"]
    search_fields = ["title", "summary"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["project", "created_by", "cancelled_by", "decided_by", "organisers",
                     "series"]
    readonly_fields = ["uid", "sequence", "original_start", "check_in_code"]
    inlines = [RegistrationInline, DocumentInline, LibraryLinkInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # never a silent delete: cancel from the event's page


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "rule", "created_at"]
    readonly_fields = ["uid"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["member", "include_agenda", "created_at"]
    raw_id_fields = ["member"]
    exclude = ["token"]
