"""The legal pages and the charter in the Django admin: the one place admins edit them. Saving
goes through legal.services (who may, the charter's numbering and freezing)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from legal import services
from legal.defaults import CHARTER, default_text
from legal.models import CharterAcceptance, CharterVersion, LegalPage, PageKind
from legal.rendering import placeholders
from legal.selectors import current_charter


@admin.register(LegalPage)
class LegalPageAdmin(admin.ModelAdmin):
    list_display = ("__str__", "fields_to_complete", "updated_at", "updated_by")
    fields = ("kind", "body", "updated_at", "updated_by")
    readonly_fields = ("updated_at", "updated_by")

    @admin.display(description=_("fields to complete"))
    def fields_to_complete(self, page: LegalPage) -> int:
        return len(placeholders(page.body))

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "kind") if obj else self.readonly_fields

    def has_add_permission(self, request) -> bool:
        existing = set(LegalPage.objects.values_list("kind", flat=True))
        return super().has_add_permission(request) and bool(set(PageKind.values) - existing)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a page without its text would fall back to the default: edit it instead

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        kind = initial.get("kind")
        if kind in PageKind.values:
            initial.setdefault("body", default_text(kind))
        return initial

    def save_model(self, request, obj, form, change) -> None:
        saved = services.legal_page_update(actor=request.user, kind=obj.kind, body=obj.body)
        obj.pk, obj.updated_at, obj.updated_by = saved.pk, saved.updated_at, saved.updated_by


@admin.register(CharterVersion)
class CharterVersionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "published_at", "published_by", "acceptance_count")
    fields = ("number", "changes", "body", "created_at", "published_at", "published_by")
    readonly_fields = ("number", "created_at", "published_at", "published_by")
    actions = ["publish"]

    @admin.display(description=_("acceptances"))
    def acceptance_count(self, version: CharterVersion) -> int:
        return version.acceptances.count()

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_published:
            return False  # frozen: shown, not editable
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        current = current_charter()
        initial.setdefault("body", current.body if current else default_text(CHARTER))
        return initial

    def save_model(self, request, obj, form, change) -> None:
        services.charter_draft_save(actor=request.user, version=obj)

    @admin.action(description=_("Publish the selected version (members must accept it again)"))
    def publish(self, request, queryset) -> None:
        published = 0
        for version in queryset.order_by("number"):
            try:
                services.charter_publish(actor=request.user, version=version)
            except ValidationError as error:
                self.message_user(request, f"{version}: {' '.join(error.messages)}",
                                  messages.ERROR)
            else:
                published += 1
        if published:
            self.message_user(request, ngettext(
                "%(count)d version published: members accept it at their next page.",
                "%(count)d versions published: members accept the latest at their next page.",
                published) % {"count": published}, messages.SUCCESS)


@admin.register(CharterAcceptance)
class CharterAcceptanceAdmin(admin.ModelAdmin):
    """The proof of each acceptance: shown, never changed by hand."""

    list_display = ("user", "version", "accepted_at")
    list_filter = ("version",)
    search_fields = ("user__email", "user__last_name")
    list_select_related = ("user", "version")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
