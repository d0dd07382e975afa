"""Documents in the Django admin, for support: it only lists. Writes go through
documents.services (files, versions, the index, the feed) and decisions through the
moderation queue; files are downloaded through the site's permission-checked view."""

from django.contrib import admin

from config.admin import ReadOnlyAdmin
from documents.models import Document, DocumentFile, DocumentVersion


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("title", "entry_point", "project", "author", "moderation_status",
                    "published_at", "download_count")
    list_filter = ("moderation_status", "entry_point", "language")
    search_fields = ("title", "description")
    list_select_related = ("author", "project")
    fields = ("title", "description", "entry_point", "language", "link", "author", "project",
              "moderation_status", "decided_by", "decided_at", "decision_reason",
              "created_at", "published_at", "updated_at", "download_count")
    readonly_fields = fields


@admin.register(DocumentVersion)
class DocumentVersionAdmin(ReadOnlyAdmin):
    list_display = ("document", "number", "note", "uploaded_by", "created")
    list_select_related = ("document", "uploaded_by")
    fields = ("document", "number", "note", "uploaded_by", "restored_from", "created")
    readonly_fields = fields


@admin.register(DocumentFile)
class DocumentFileAdmin(ReadOnlyAdmin):
    list_display = ("display_name", "kind", "size", "scan_status", "created")
    list_filter = ("scan_status", "kind")
    search_fields = ("display_name",)
    fields = ("version", "display_name", "kind", "size", "content_type", "scan_status",
              "created")
    readonly_fields = fields
