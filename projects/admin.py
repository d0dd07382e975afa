"""Projects in the Django admin, for support: it only lists. Writes go through
projects.services (wall, chat room, index, feed, notifications) and moderation through the
moderation queue."""

from django.contrib import admin

from config.admin import ReadOnlyAdmin
from projects.models import Project, ProjectMembership, Task


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ("title", "status", "visibility", "moderation_status", "created_by",
                    "created_at", "archived_at")
    list_filter = ("status", "visibility", "moderation_status",
                   ("archived_at", admin.EmptyFieldListFilter))
    search_fields = ("title", "summary")
    list_select_related = ("created_by",)


@admin.register(ProjectMembership)
class ProjectMembershipAdmin(ReadOnlyAdmin):
    list_display = ("project", "member", "role", "state", "created_at", "joined_at")
    list_filter = ("role", "state")
    list_select_related = ("project", "member")


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ("title", "project", "assignee", "status", "due_on")
    list_filter = ("status",)
    list_select_related = ("project", "assignee")
