"""Writes of a project's membership: asking to join, invitations, roles, leaving.

The project's chat room follows every change (``sync_room``); the people concerned are told
through the notification centre: owners of a request (project_join_request), the invitee of an
invitation (project_invitation), the newcomer or the inviter of an acceptance
(project_membership).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Notification
from notifications.services import notify
from projects import permissions
from projects.models import Project, ProjectMembership
from projects.services.projects import sync_room

Role = ProjectMembership.Role
State = ProjectMembership.State
MAX_MESSAGE_LENGTH = 500


def _locked(project: Project) -> Project:
    """The project, locked: membership changes of one project happen one at a time, so that
    "the last owner" is counted right."""
    return Project.objects.select_for_update(of=("self",)).select_related("room").get(
        pk=project.pk)


def _owners(project: Project):
    return [m.member for m in project.memberships.filter(state=State.MEMBER, role=Role.OWNER)
            .select_related("member")]


def _owner_count(project: Project) -> int:
    return project.memberships.filter(state=State.MEMBER, role=Role.OWNER).count()


def _members_url(project: Project) -> str:
    return reverse("projects:members", args=[project.pk])


def _accept(membership: ProjectMembership) -> ProjectMembership:
    membership.state = State.MEMBER
    membership.joined_at = timezone.now()
    membership.save(update_fields=["state", "joined_at", "updated_at"])
    permissions.forget_memberships(membership.project)
    sync_room(membership.project)
    return membership


@transaction.atomic
def membership_request(*, actor, project: Project, message: str = "") -> ProjectMembership:
    """A member asks to join a project open to the whole network; its owners are told."""
    project = _locked(project)
    if not permissions.can_request_to_join(actor, project):
        raise PermissionDenied
    message = " ".join((message or "").split())
    if len(message) > MAX_MESSAGE_LENGTH:
        raise ValidationError(_("A message has at most %(max)d characters.")
                              % {"max": MAX_MESSAGE_LENGTH})
    membership = ProjectMembership.objects.create(
        project=project, member=actor, role=Role.CONTRIBUTOR, state=State.REQUESTED,
        message=message,
    )
    permissions.forget_memberships(project)
    text = _("%(member)s asks to join “%(project)s”") % {"member": actor.display_name,
                                                         "project": project.title}
    for owner in _owners(project):
        notify(owner, Notification.Kind.PROJECT_JOIN_REQUEST, actor, text,
               _members_url(project))
    return membership


@transaction.atomic
def membership_request_cancel(*, actor, project: Project) -> None:
    """The member takes their request back."""
    project = _locked(project)
    deleted, _rows = ProjectMembership.objects.filter(
        project=project, member=actor, state=State.REQUESTED).delete()
    if not deleted:
        raise PermissionDenied
    permissions.forget_memberships(project)


def _pending(project: Project, membership_id: int, state: str) -> ProjectMembership:
    membership = (ProjectMembership.objects.select_related("member")
                  .filter(pk=membership_id, project=project, state=state).first())
    if membership is None:
        raise ValidationError(_("This request or invitation is no longer pending."))
    membership.project = project
    return membership


@transaction.atomic
def membership_accept(*, actor, project: Project, membership_id: int) -> ProjectMembership:
    """An owner accepts a request to join: the member is told and enters the chat room."""
    project = _locked(project)
    if not permissions.can_manage_members(actor, project):
        raise PermissionDenied
    membership = _accept(_pending(project, membership_id, State.REQUESTED))
    notify(membership.member, Notification.Kind.PROJECT_MEMBERSHIP, actor,
           _("You are now a member of “%(project)s”") % {"project": project.title},
           project.get_absolute_url())
    return membership


@transaction.atomic
def membership_decline(*, actor, project: Project, membership_id: int) -> None:
    """An owner declines a request to join (or withdraws an invitation): the row goes."""
    project = _locked(project)
    if not permissions.can_manage_members(actor, project):
        raise PermissionDenied
    membership = (ProjectMembership.objects.filter(pk=membership_id, project=project)
                  .exclude(state=State.MEMBER).first())
    if membership is None:
        raise ValidationError(_("This request or invitation is no longer pending."))
    membership.delete()
    permissions.forget_memberships(project)


@transaction.atomic
def membership_invite(*, actor, project: Project, member,
                      role: str = Role.CONTRIBUTOR) -> ProjectMembership:
    """An owner invites a member of the network, who accepts or declines. Someone who had
    already asked to join is simply accepted."""
    project = _locked(project)
    if not permissions.can_manage_members(actor, project):
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError(_("Choose a role from the list."))
    if member is None or not getattr(member, "is_member", False):
        raise ValidationError(_("Only members of the network can be invited."))
    existing = ProjectMembership.objects.filter(project=project, member=member).first()
    if existing is not None and existing.state == State.REQUESTED:
        existing.project = project
        existing.role = role
        existing.save(update_fields=["role", "updated_at"])
        membership = _accept(existing)
        notify(member, Notification.Kind.PROJECT_MEMBERSHIP, actor,
               _("You are now a member of “%(project)s”") % {"project": project.title},
               project.get_absolute_url())
        return membership
    if existing is not None:
        raise ValidationError(_("%(member)s is already a member of the project or invited.")
                              % {"member": member.display_name})
    membership = ProjectMembership.objects.create(project=project, member=member, role=role,
                                                  state=State.INVITED, invited_by=actor)
    permissions.forget_memberships(project)
    notify(member, Notification.Kind.PROJECT_INVITATION, actor,
           _("%(actor)s invites you to join “%(project)s”") % {
               "actor": actor.display_name, "project": project.title},
           reverse("projects:invitation", args=[project.pk]))
    return membership


@transaction.atomic
def invitation_accept(*, actor, project: Project) -> ProjectMembership:
    """The invitee accepts: they are in, and whoever invited them is told."""
    project = _locked(project)
    if not permissions.can_answer_invitation(actor, project):
        raise PermissionDenied
    membership = ProjectMembership.objects.select_related("invited_by").get(
        project=project, member=actor, state=State.INVITED)
    membership.project = project
    _accept(membership)
    if membership.invited_by is not None:
        notify(membership.invited_by, Notification.Kind.PROJECT_MEMBERSHIP, actor,
               _("%(member)s accepted your invitation to “%(project)s”") % {
                   "member": actor.display_name, "project": project.title},
               _members_url(project))
    return membership


@transaction.atomic
def invitation_decline(*, actor, project: Project) -> None:
    project = _locked(project)
    deleted, _rows = ProjectMembership.objects.filter(
        project=project, member=actor, state=State.INVITED).delete()
    if not deleted:
        raise PermissionDenied
    permissions.forget_memberships(project)


@transaction.atomic
def membership_leave(*, actor, project: Project) -> None:
    """A member leaves; the last owner hands over first (the project would have nobody to
    manage it)."""
    project = _locked(project)
    if not permissions.can_leave_project(actor, project):
        raise PermissionDenied
    if permissions.is_project_owner(actor, project) and _owner_count(project) <= 1:
        raise ValidationError(_("You are the last owner of this project: make another member "
                                "an owner before you leave."))
    ProjectMembership.objects.filter(project=project, member=actor).delete()
    permissions.forget_memberships(project)
    sync_room(project)


@transaction.atomic
def membership_set_role(*, actor, project: Project, membership_id: int,
                        role: str) -> ProjectMembership:
    """An owner promotes a contributor to owner, or makes an owner (themselves included) a
    contributor, as long as one owner remains."""
    project = _locked(project)
    if not permissions.can_manage_members(actor, project):
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError(_("Choose a role from the list."))
    membership = ProjectMembership.objects.select_related("member").filter(
        pk=membership_id, project=project).first()
    if membership is None:
        raise ValidationError(_("This person is not a member of the project."))
    if membership.is_owner and role != Role.OWNER and _owner_count(project) <= 1:
        raise ValidationError(_("A project keeps at least one owner."))
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    permissions.forget_memberships(project)
    return membership


@transaction.atomic
def membership_remove(*, actor, project: Project, membership_id: int) -> None:
    """An owner takes someone out of the project (never the last owner)."""
    project = _locked(project)
    if not permissions.can_manage_members(actor, project):
        raise PermissionDenied
    membership = ProjectMembership.objects.filter(pk=membership_id, project=project).first()
    if membership is None:
        raise ValidationError(_("This person is not a member of the project."))
    if membership.is_owner and _owner_count(project) <= 1:
        raise ValidationError(_("A project keeps at least one owner."))
    membership.delete()
    permissions.forget_memberships(project)
    sync_room(project)
