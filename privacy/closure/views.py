"""The closing pages: a member closes their own account (*Fermer mon compte*), a moderator
closes a member's with a reason. Both show, counted, what will happen before anything does;
a refusal (wrong password or code, the last administrator) is a French error on the page,
with nothing changed (the service is one transaction)."""

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from community.access import public
from privacy.closure import permissions
from privacy.closure.forms import CloseMemberAccountForm, CloseOwnAccountForm
from privacy.closure.registry import ANONYMISE, DELETE
from privacy.closure.services import account_close, closure_summary


def _summaries(actor, member) -> dict:
    """Both ways of closing, counted now: what happens either way, then what each way adds
    (the page shows them side by side, without script)."""
    anonymise = closure_summary(actor=actor, member=member, mode=ANONYMISE)
    delete = closure_summary(actor=actor, member=member, mode=DELETE)
    return {
        "common_summary": [line for line in anonymise if line in delete],
        "anonymise_summary": [line for line in anonymise if line not in delete],
        "delete_summary": [line for line in delete if line not in anonymise],
        "last_admin": permissions.is_last_admin(member),
    }


def _close(form, *, actor, member, reason: str = "") -> bool:
    try:
        account_close(actor=actor, member=member, mode=form.cleaned_data["mode"],
                      reason=reason, keep_library=form.keep_library)
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return False
    return True


@require_http_methods(["GET", "POST"])
@never_cache
def close_own_account(request):
    user = request.user
    if not permissions.can_close_account(user, user):
        raise PermissionDenied
    form = CloseOwnAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid() and _close(form, actor=user, member=user):
        logout(request)
        return redirect("privacy:closure_done")
    return render(request, "privacy/closure.html", {"form": form, **_summaries(user, user)})


@public
@require_GET
def closure_done(request):
    return render(request, "privacy/closure_done.html")


@require_http_methods(["GET", "POST"])
def close_member_account(request, pk: int):
    member = get_object_or_404(get_user_model().objects.select_related("profile"), pk=pk)
    if permissions.is_self(request.user, member) or not permissions.can_close_account(
            request.user, member):
        raise PermissionDenied
    name = member.display_name
    form = CloseMemberAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _close(
            form, actor=request.user, member=member, reason=form.cleaned_data["reason"]):
        messages.success(request, _("The account of %(name)s is closed.") % {"name": name})
        return redirect("community:directory")
    return render(request, "privacy/closure_member.html", {
        "form": form, "member": member, **_summaries(request.user, member),
    })
