"""Every write of the projects app (DESIGN.md §3), by concern: the projects themselves
(projects.py), their membership (membership.py), their tasks and milestones (work.py)."""

from projects.services.membership import (
    invitation_accept,
    invitation_decline,
    membership_accept,
    membership_decline,
    membership_invite,
    membership_leave,
    membership_remove,
    membership_request,
    membership_request_cancel,
    membership_set_role,
)
from projects.services.projects import (
    describe,
    project_archive,
    project_create,
    project_report,
    project_unarchive,
    project_update,
    reindex_contents,
    reindex_project,
    sync_feed,
    sync_room,
)
from projects.services.work import (
    milestone_create,
    milestone_delete,
    task_create,
    task_delete,
    task_set_status,
    task_update,
)

__all__ = [
    "describe", "invitation_accept", "invitation_decline", "membership_accept",
    "membership_decline", "membership_invite", "membership_leave", "membership_remove",
    "membership_request", "membership_request_cancel", "membership_set_role",
    "milestone_create", "milestone_delete", "project_archive", "project_create",
    "project_report", "project_unarchive", "project_update", "reindex_contents",
    "reindex_project", "sync_feed", "sync_room", "task_create", "task_delete",
    "task_set_status", "task_update",
]
