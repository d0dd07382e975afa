"""What the projects app does when an account closes (privacy/closure/,
projects/data_erasure.py).

The member leaves every project, and their pending requests and invitations are withdrawn. A
project keeps someone to manage it: when the member was its last owner, its longest-standing
contributor becomes owner; a project with nobody left stays with the moderators (who may manage
every project). Projects, tasks and milestones stay in both modes, since they are the group's
work: they only forget who created them and to whom tasks were assigned.
"""

from django.db import transaction

from projects import permissions
from projects.models import Project, ProjectMembership, Task
from projects.services.projects import reindex_project, sync_room

Role = ProjectMembership.Role
State = ProjectMembership.State


@transaction.atomic
def member_projects_leave(*, member) -> dict[str, int]:
    memberships = list(
        ProjectMembership.objects.filter(member=member).select_related("project")
        .order_by("project_id")
    )
    left = withdrawn = handed_over = 0
    for membership in memberships:
        project = Project.objects.select_for_update(of=("self",)).select_related("room").get(
            pk=membership.project_id)
        was_member = membership.state == State.MEMBER
        last_owner = (was_member and membership.role == Role.OWNER and not project.memberships
                      .filter(state=State.MEMBER, role=Role.OWNER).exclude(member=member)
                      .exists())
        membership.delete()
        if last_owner:
            successor = (project.memberships.filter(state=State.MEMBER)
                         .order_by("joined_at", "pk").first())
            if successor is not None:
                successor.role = Role.OWNER
                successor.save(update_fields=["role", "updated_at"])
                handed_over += 1
        permissions.forget_memberships(project)
        if was_member:
            left += 1
            sync_room(project)
            reindex_project(project)
        else:
            withdrawn += 1
    ProjectMembership.objects.filter(invited_by=member).update(invited_by=None)
    Project.objects.filter(created_by=member).update(created_by=None)
    Task.objects.filter(assignee=member).update(assignee=None)
    Task.objects.filter(created_by=member).update(created_by=None)
    return {"left": left, "withdrawn": withdrawn, "handed_over": handed_over}


def member_projects_counts(member) -> dict[str, int]:
    rows = ProjectMembership.objects.filter(member=member)
    return {
        "member": rows.filter(state=State.MEMBER).count(),
        "pending": rows.exclude(state=State.MEMBER).count(),
    }
