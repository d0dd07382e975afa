"""What every tab of a project shares: the header, the tab bar, and what the reader may do
(asked of projects/permissions.py once, never decided by a template)."""

from types import SimpleNamespace

from django.http import HttpRequest

from moderation.links import decision_url
from projects import permissions
from projects.models import Project

# The tabs, in order: (key, URL name). The Documents tab is added by the documents app in
# templates/projects/_tabs.html (its place is marked there).
TABS = ("presentation", "discussion", "chat", "documents", "tasks", "members")


def project_can(user, project: Project, *, here: str = "") -> SimpleNamespace:
    """What ``user`` may do with ``project``: a handful of booleans (one membership query,
    cached on the project) and the moderators' decision links."""
    moderator = permissions.is_moderator(user)
    return SimpleNamespace(
        contribute=permissions.can_contribute_to_project(user, project),
        edit=permissions.can_edit_project(user, project),
        manage_members=permissions.can_manage_members(user, project),
        manage_tasks=permissions.can_manage_tasks(user, project),
        archive=permissions.can_archive_project(user, project),
        unarchive=permissions.can_unarchive_project(user, project),
        request=permissions.can_request_to_join(user, project),
        cancel_request=permissions.has_requested(user, project),
        answer_invitation=permissions.can_answer_invitation(user, project),
        leave=permissions.can_leave_project(user, project),
        report=permissions.can_report_project(user, project),
        hide=(decision_url(project, "hide", next_url=here)
              if permissions.can_hide_project(user, project) else ""),
        restore=(decision_url(project, "restore", next_url=here)
                 if permissions.can_restore_project(user, project) else ""),
        member=permissions.is_project_member(user, project),
        owner=permissions.is_project_owner(user, project),
        see_reason=project.is_hidden and (moderator or permissions.is_project_owner(
            user, project)),
    )


def project_context(request: HttpRequest, project: Project, tab: str, **extra) -> dict:
    """The context of a tab page (templates/projects/project_base.html): ``project``,
    ``tab`` (which one is current, for aria-current), ``can``."""
    return {
        "project": project,
        "tab": tab,
        "can": project_can(request.user, project, here=request.get_full_path()),
        **extra,
    }
