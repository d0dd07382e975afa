"""The moderators' membership desk (*Animation*): applications, invitations, suspensions, roles."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community import permissions, selectors
from community.forms.membership import (
    InvitationForm,
    RejectApplicationForm,
    RoleForm,
    SuspendMemberForm,
)
from community.models import Application, User
from community.services import membership


def _require_moderator(request) -> None:
    if not permissions.can_moderate_members(request.user):
        raise PermissionDenied


def _report(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_GET
def applications(request):
    _require_moderator(request)
    return render(request, "community/moderation/applications.html", {
        "pending": selectors.pending_applications(),
        "decided": selectors.recent_decisions(),
        "reject_form": RejectApplicationForm(),
    })


@require_POST
def application_approve(request, pk: int):
    _require_moderator(request)
    application = get_object_or_404(Application, pk=pk)
    try:
        membership.application_approve(actor=request.user, application=application)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(
            request, _("%(name)s is now a member.") % {"name": application.user.display_name}
        )
    return redirect("community:applications")


@require_http_methods(["GET", "POST"])
def application_reject(request, pk: int):
    _require_moderator(request)
    application = get_object_or_404(Application.objects.select_related("user"), pk=pk)
    form = RejectApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership.application_reject(
                actor=request.user, application=application, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _report(request, error)
        else:
            messages.success(
                request, _("The application has been declined; the applicant is told why.")
            )
        return redirect("community:applications")
    return render(request, "community/moderation/application_reject.html", {
        "application": application, "form": form,
    })


@require_http_methods(["GET", "POST"])
def invitations(request):
    _require_moderator(request)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        batch = membership.invitations_send(
            actor=request.user,
            emails=form.cleaned_data["emails"],
            message=form.cleaned_data["message"],
        )
        if batch.invited:
            messages.success(request, ngettext(
                "%(count)d invitation sent.", "%(count)d invitations sent.", len(batch.invited)
            ) % {"count": len(batch.invited)})
        if batch.already_members:
            messages.warning(request, _("Already registered, not invited: %(list)s") % {
                "list": ", ".join(batch.already_members)
            })
        return redirect("community:invitations")
    return render(request, "community/moderation/invitations.html", {
        "form": form, "invitations": selectors.recent_invitations(),
    })


@require_http_methods(["GET", "POST"])
def member_suspend(request, pk: int):
    _require_moderator(request)
    member = get_object_or_404(User, pk=pk)
    if not permissions.can_suspend_member(request.user, member):
        raise PermissionDenied
    form = SuspendMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        membership.member_suspend(
            actor=request.user, member=member, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("%(name)s is suspended.") % {"name": member.display_name})
        return redirect("community:suspended_members")
    return render(request, "community/moderation/member_suspend.html", {
        "member": member, "form": form,
    })


@require_POST
def member_reactivate(request, pk: int):
    _require_moderator(request)
    member = get_object_or_404(User, pk=pk)
    try:
        membership.member_reactivate(actor=request.user, member=member)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("%(name)s is active again.") % {"name": member.display_name})
    return redirect("community:suspended_members")


@require_GET
def suspended_members(request):
    _require_moderator(request)
    return render(request, "community/moderation/suspended.html", {
        "members": selectors.suspended_members(),
    })


@require_POST
def member_role(request, pk: int):
    if not permissions.can_set_roles(request.user):
        raise PermissionDenied
    member = get_object_or_404(User, pk=pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown role."))
    else:
        try:
            membership.member_set_role(
                actor=request.user, member=member, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            _report(request, error)
        else:
            messages.success(request, _("Role updated."))
    return redirect("community:member_detail", pk=member.pk)
