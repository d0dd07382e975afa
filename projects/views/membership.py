"""A project's Membres tab and every membership action: asking to join, invitations, roles,
leaving."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projects import permissions, selectors, services
from projects.forms import InviteForm, JoinRequestForm, RoleForm
from projects.models import Project, ProjectMembership
from projects.views.common import project_context


def _members_url(project: Project) -> str:
    return reverse("projects:members", args=[project.pk])


SEARCH = "recherche"  # the invitation picker's words, in the address without JavaScript
RESULTS_WITHOUT_JS = 20


def members_page(request, project: Project, *, invite_form=None, status: int = 200):
    can_manage = permissions.can_manage_members(request.user, project)
    roster = selectors.project_members(project)
    if not can_manage:  # requests and invitations are the owners' business
        roster["requests"], roster["invitations"] = [], []
    query, results = "", []
    if can_manage:
        if invite_form is None:
            invite_form = InviteForm(candidates=selectors.invitation_candidates(project))
        source = request.POST if request.method == "POST" else request.GET
        query = " ".join(source.get(SEARCH, "").split())[:selectors.MAX_PICKER_QUERY]
        results = selectors.invitation_search(project, query, limit=RESULTS_WITHOUT_JS)
    return render(request, "projects/members.html", project_context(
        request, project, "members", roster=roster, invite_form=invite_form,
        invite_query=query, invite_results=results,
        chosen=str(invite_form.data.get("member", "")) if invite_form else "",
        role_choices=ProjectMembership.Role.choices, me=request.user.pk,
    ), status=status)


@require_GET
def invite_candidates(request, pk: int):
    """The invitation picker's suggestions (static/js/member_picker.js): at most 8 members who
    may be invited, with their organisation and region. The project's owners only: whoever
    does not see the project gets a 404, a member who sees it but does not manage it a 403."""
    project = permissions.get_project_for_user(request.user, pk)
    if not permissions.can_manage_members(request.user, project):
        raise PermissionDenied
    people = selectors.invitation_search(project, request.GET.get("q", ""))
    response = JsonResponse({"members": [{
        "id": person.pk, "name": person.display_name,
        "organisation": person.profile.organisation,
        "region": str(person.profile.get_region_display()) if person.profile.region else "",
    } for person in people]})
    add_never_cache_headers(response)
    return response


@require_GET
def members(request, pk: int):
    project = permissions.get_project_for_user(request.user, pk)
    return members_page(request, project)


def _act(request, action, success: str, project: Project, **kwargs):
    """Run a membership service; its refusals become a message on the Membres tab."""
    try:
        action(actor=request.user, project=project, **kwargs)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)


@require_POST
def invite(request, pk: int):
    project = permissions.get_project_for_user(request.user, pk)
    if not permissions.can_manage_members(request.user, project):
        raise PermissionDenied
    form = InviteForm(request.POST, candidates=selectors.invitation_candidates(project))
    if form.is_valid():
        try:
            services.membership_invite(actor=request.user, project=project,
                                       member=form.cleaned_data["member"],
                                       role=form.cleaned_data["role"])
        except ValidationError as error:
            form.add_error("member", error)
        else:
            messages.success(request, _("%(member)s is invited.") % {
                "member": form.cleaned_data["member"].display_name})
            return redirect(_members_url(project))
    return members_page(request, project, invite_form=form, status=400)


@require_POST
def accept(request, pk: int, membership_pk: int):
    project = permissions.get_project_for_user(request.user, pk)
    _act(request, services.membership_accept, _("The request is accepted."), project,
         membership_id=membership_pk)
    return redirect(_members_url(project))


@require_POST
def decline(request, pk: int, membership_pk: int):
    project = permissions.get_project_for_user(request.user, pk)
    _act(request, services.membership_decline, _("Done: the request or invitation is "
                                                 "withdrawn."), project,
         membership_id=membership_pk)
    return redirect(_members_url(project))


@require_POST
def set_role(request, pk: int, membership_pk: int):
    project = permissions.get_project_for_user(request.user, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        if not permissions.can_manage_members(request.user, project):
            raise PermissionDenied
        messages.error(request, _("Choose a role from the list."))
        return redirect(_members_url(project))
    _act(request, services.membership_set_role, _("The role is changed."), project,
         membership_id=membership_pk, role=form.cleaned_data["role"])
    if not permissions.can_view_project(request.user, project):
        return redirect("projects:list")
    return redirect(_members_url(project))


@require_POST
def remove(request, pk: int, membership_pk: int):
    project = permissions.get_project_for_user(request.user, pk)
    _act(request, services.membership_remove, _("The member is no longer in the project."),
         project, membership_id=membership_pk)
    return redirect(_members_url(project))


@require_POST
def join(request, pk: int):
    project = permissions.get_project_for_user(request.user, pk)
    if not permissions.can_request_to_join(request.user, project):
        raise PermissionDenied
    form = JoinRequestForm(request.POST)
    if not form.is_valid():
        return render(request, "projects/presentation.html", project_context(
            request, project, "presentation", join_form=form,
            owners=selectors.project_owners(project)), status=400)
    _act(request, services.membership_request,
         _("Your request is sent to the project's owners."), project,
         message=form.cleaned_data["message"])
    return redirect(project)


@require_POST
def join_cancel(request, pk: int):
    project = permissions.get_project_for_user(request.user, pk)
    services.membership_request_cancel(actor=request.user, project=project)
    messages.success(request, _("Your request is withdrawn."))
    return redirect(project)


@require_POST
def leave(request, pk: int):
    project = permissions.get_project_for_user(request.user, pk)
    try:
        services.membership_leave(actor=request.user, project=project)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_members_url(project))
    messages.success(request, _("You left “%(title)s”.") % {"title": project.title})
    permissions.forget_memberships(project)
    if permissions.can_view_project(request.user, project):
        return redirect(project)
    return redirect("projects:list")


def _invited_project(user, pk: int) -> Project:
    """The project ``user`` is invited to: only its title and summary are shown before they
    accept, even when it is private (a 404 for anybody else)."""
    project = Project.objects.filter(pk=pk).first()
    if project is None or not permissions.can_answer_invitation(user, project):
        raise Http404
    return project


@require_http_methods(["GET", "POST"])
def invitation(request, pk: int):
    """The invitee's answer: ``decision`` is "accept" or "decline"."""
    project = _invited_project(request.user, pk)
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision == "accept":
            services.invitation_accept(actor=request.user, project=project)
            messages.success(request, _("Welcome to “%(title)s”.") % {"title": project.title})
            return redirect(project)
        if decision == "decline":
            services.invitation_decline(actor=request.user, project=project)
            messages.success(request, _("You declined the invitation."))
            return redirect("projects:list")
    membership = permissions.membership_of(request.user, project)
    return render(request, "projects/invitation.html", {
        "project": project, "membership": membership,
    })
