"""What the moderation queue and ``moderation.services.decide`` may do with projects
(moderation/registry.py): members report a project like a post; moderators hide and restore it
from the queue or from the project's page.

A moderator who does not belong to a private project gets no link to it (projects/permissions.py:
moderators never read private conversations they are not part of): the queue and the decision
page show the report's snapshot, its title and summary, and the decision still applies.
"""

from moderation.links import decision_url
from moderation.registry import TargetActions, register
from projects import permissions
from projects.models import Project
from projects.services import describe, reindex_contents, sync_feed, sync_room


def project_actions(moderator, project: Project) -> TargetActions:
    view_url = (project.get_absolute_url() if permissions.can_view_project(moderator, project)
                else "")
    if project.is_hidden:
        return TargetActions(view_url=view_url, removed=True)
    remove_url = (decision_url(project, "hide")
                  if permissions.can_hide_project(moderator, project) else "")
    return TargetActions(view_url=view_url, remove_url=remove_url)


def prepare_projects(projects, moderator) -> None:
    """The moderator's memberships of a page's projects, in one query (``can_view_project``)."""
    from projects.selectors import remember_for

    remember_for(moderator, projects)


def project_decided(project: Project, decision: str) -> None:
    """Hidden, the project leaves the index, the feed and the chat (read only); restored, it
    comes back to all three."""
    project = Project.objects.select_related("room", "wall").get(pk=project.pk)
    reindex_contents(project)
    sync_feed(project)
    sync_room(project)


def register_moderated() -> None:
    register(
        Project,
        queryset=lambda: Project.objects.select_related("created_by"),
        actions=project_actions,
        author=lambda project: project.created_by,
        describe=describe,
        # The owner finds it on its page (its owners still see it hidden).
        url=lambda project: project.get_absolute_url(),
        on_decided=project_decided,
        excerpt=lambda project: f"{project.title}\n\n{project.summary}",
        prepare=prepare_projects,
    )
