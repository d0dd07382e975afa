"""Who may see and do what in the projects. Views, services, the documents app, the search
index, the moderation queue and templates (through the views) all ask here.

The rules:

- Only approved members see projects at all (applicants, suspended and anonymous people none).
- A project visible to ``members`` is seen by every member; a ``private`` one only by the
  people who belong to it (accepted owners and contributors). A pending invitee sees nothing
  of it but the invitation page (title and summary) until they accept.
- **Moderators and private projects.** DESIGN.md §7: moderators never read private
  conversations they are not part of. A private project holds exactly such conversations (its
  wall, chat and documents), so a moderator who does not belong to it is treated like any
  other member: every tab is a 404, it is absent from the list, the home and search. They
  still act on it through the moderation queue when one of its members reports it, from the
  snapshot the report keeps (title and summary), and can hide it from there.
- A hidden project is seen by moderators (who may see it otherwise) and by its owners, read
  only and marked hidden, so that the owner understands the decision they were notified of;
  contributors and everybody else get a 404. Hidden or archived, nothing more can be written
  in it.
- The members of a project can report it; moderators hide it, restore it, and archive it
  (its owners archive it too).

Membership lookups are cached on the project instance (``_membership_cache``), so that asking
several questions about one project costs one query; selectors fill the cache for a whole
page at once (``remember_memberships``).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from moderation import permissions as moderation_permissions
from projects.models import Project, ProjectMembership

_CACHE = "_membership_cache"


def _is_member(user) -> bool:
    return bool(getattr(user, "is_member", False))


def is_moderator(user) -> bool:
    return moderation_permissions.can_moderate(user)


def remember_memberships(projects, user, memberships) -> None:
    """Fill the membership cache of ``projects`` for ``user`` from ``memberships`` (rows of
    that user for these projects): what ``membership_of`` would otherwise fetch one by one."""
    by_project = {membership.project_id: membership for membership in memberships}
    for project in projects:
        getattr(project, _CACHE, None) or setattr(project, _CACHE, {})
        getattr(project, _CACHE)[user.pk] = by_project.get(project.pk)


def forget_memberships(project: Project) -> None:
    """After a membership changes, so that the next question reads the database again."""
    if hasattr(project, _CACHE):
        delattr(project, _CACHE)


def membership_of(user, project: Project) -> ProjectMembership | None:
    """``user``'s row in ``project`` (any state), or None: one query, then cached."""
    if not getattr(user, "is_authenticated", False) or project.pk is None:
        return None
    cache = getattr(project, _CACHE, None)
    if cache is None:
        cache = {}
        setattr(project, _CACHE, cache)
    if user.pk not in cache:
        cache[user.pk] = ProjectMembership.objects.filter(project=project, member=user).first()
    return cache[user.pk]


def is_project_member(user, project: Project) -> bool:
    """An accepted owner or contributor, still an approved member of the network."""
    membership = membership_of(user, project) if _is_member(user) else None
    return membership is not None and membership.is_accepted


def is_project_owner(user, project: Project) -> bool:
    membership = membership_of(user, project) if _is_member(user) else None
    return membership is not None and membership.is_owner


def is_invited(user, project: Project) -> bool:
    membership = membership_of(user, project) if _is_member(user) else None
    return membership is not None and membership.state == ProjectMembership.State.INVITED


def has_requested(user, project: Project) -> bool:
    membership = membership_of(user, project) if _is_member(user) else None
    return membership is not None and membership.state == ProjectMembership.State.REQUESTED


def _reachable(user, project: Project) -> bool:
    """Visible by its visibility alone (not counting moderation)."""
    if not _is_member(user):
        return False
    return not project.is_private or is_project_member(user, project)


def can_view_project(user, project: Project) -> bool:
    """Every tab of the project (Présentation, Discussion, Chat, Documents, Tâches, Membres)."""
    if not _reachable(user, project):
        return False
    if project.is_hidden:
        return is_moderator(user) or is_project_owner(user, project)
    return project.is_published


def can_contribute_to_project(user, project: Project) -> bool:
    """Write in the project (posts, chat, documents, tasks): an accepted member, while the
    project is published and not archived."""
    return (is_project_member(user, project) and project.is_published
            and not project.is_archived)


def can_edit_project(user, project: Project) -> bool:
    """Change the project's description and settings: its owners, while it is open."""
    return is_project_owner(user, project) and project.is_published and not project.is_archived


def can_manage_members(user, project: Project) -> bool:
    """Accept requests, invite, change roles, remove: the owners, while it is open."""
    return can_edit_project(user, project)


def can_manage_tasks(user, project: Project) -> bool:
    """Tasks and milestones are the whole team's business."""
    return can_contribute_to_project(user, project)


def can_archive_project(user, project: Project) -> bool:
    if project.is_archived or not can_view_project(user, project):
        return False
    return is_project_owner(user, project) or is_moderator(user)


def can_unarchive_project(user, project: Project) -> bool:
    if not project.is_archived or not can_view_project(user, project):
        return False
    return is_project_owner(user, project) or is_moderator(user)


def can_request_to_join(user, project: Project) -> bool:
    """Members of the network ask to join an open project visible to all; private ones are by
    invitation only (nobody outside them even knows they exist)."""
    return (can_view_project(user, project) and not project.is_private
            and project.is_published and not project.is_archived
            and membership_of(user, project) is None)


def can_answer_invitation(user, project: Project) -> bool:
    return is_invited(user, project) and project.is_published and not project.is_archived


def can_leave_project(user, project: Project) -> bool:
    """Anyone who belongs to it, except its last owner (who hands over first): that rule is
    checked by the service, which knows how many owners there are."""
    return is_project_member(user, project)


def can_report_project(user, project: Project) -> bool:
    return (can_view_project(user, project) and project.is_published
            and project.created_by_id != getattr(user, "pk", None))


def can_hide_project(user, project: Project) -> bool:
    """From the moderation queue: the snapshot of a report is enough, even for a private
    project the moderator does not belong to."""
    return is_moderator(user) and project.is_published


def can_restore_project(user, project: Project) -> bool:
    return is_moderator(user) and project.is_hidden


def can_create_project(user) -> bool:
    return _is_member(user)


def can_list_projects(user) -> bool:
    return _is_member(user)


def get_project_for_user(user, pk, *, write: bool = False) -> Project:
    """The project ``pk`` if ``user`` may see it (else 404); with ``write``, also if they may
    contribute to it (else 403)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    project = Project.objects.select_related("wall", "room", "created_by").filter(pk=pk).first()
    if project is None or not can_view_project(user, project):
        raise Http404
    if write and not can_contribute_to_project(user, project):
        raise PermissionDenied
    return project
