"""The search vocabulary in the Django admin: admins change synonyms without a deploy."""

from django.contrib import admin

from search.models import VocabularyEntry


@admin.register(VocabularyEntry)
class VocabularyEntryAdmin(admin.ModelAdmin):
    list_display = ["head", "kind", "forms", "active", "updated_at"]
    list_filter = ["kind", "active"]
    search_fields = ["head", "forms"]
