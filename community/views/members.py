"""The directory (*Membres*), profiles, and the member's own profile pages."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from chat.sockets import online_user_ids
from community import directory_fragments, permissions, selectors, taxonomy
from community.access import before_onboarding
from community.forms.profiles import DirectoryFilterForm, OnboardingForm, ProfileForm
from community.peer_search import peer_search
from community.services.profiles import profile_complete_onboarding, profile_update


@require_GET
def directory(request):
    """Peer search: the query and the facets in the URL, results from the members index."""
    form = DirectoryFilterForm(request.GET)
    form.is_valid()  # always valid: the form drops what it does not understand
    result = peer_search(user=request.user, form=form)
    fragment = request.htmx and not request.htmx.history_restore_request
    template = "community/directory.html#results" if fragment else "community/directory.html"
    context = {"form": form, **result.template_context()}
    directory_fragments.prerender(context, request=request)  # the same HTML for the same hits
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _is_online(member_id: int) -> bool | None:
    online = online_user_ids([member_id])
    return None if online is None else member_id in online  # None: unknown (Redis down)


@require_GET
def member_detail(request, pk: int):
    member = permissions.get_member_for_user(request.user, pk)
    return render(request, "community/member_detail.html", {
        "member": selectors.member_with_profile(member),
        "online": _is_online(member.pk),
        "can_suspend": permissions.can_suspend_member(request.user, member),
        "can_set_roles": permissions.can_set_roles(request.user) and member.pk != request.user.pk,
    })


@require_GET
@cache_control(private=True, max_age=3600)
def member_photo(request, pk: int):
    member = permissions.get_member_for_user(request.user, pk)
    if not member.profile.photo:
        raise Http404
    return FileResponse(member.profile.photo.open("rb"), content_type="image/webp")


@require_http_methods(["GET", "POST"])
def profile_edit(request):
    profile = request.user.profile
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        profile_update(actor=request.user, profile=profile, changes=form.changes())
        messages.success(request, _("Your profile has been saved."))
        return redirect("community:member_detail", pk=request.user.pk)
    return render(request, "community/profile_edit.html", {
        "form": form, "suggested_skills": taxonomy.SUGGESTED_SKILLS,
    })


@before_onboarding
@require_http_methods(["GET", "POST"])
def onboarding(request):
    if not request.user.is_member:
        return redirect("community:application_status")
    profile = request.user.profile
    if profile.is_onboarded and request.method == "GET":
        return redirect("community:home")
    form = OnboardingForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        profile_complete_onboarding(actor=request.user, profile=profile, changes=form.changes(),
                                    charter_version=form.charter_version)
        messages.success(request, _("Thank you! Your profile is ready: welcome to the network."))
        return redirect("community:home")
    return render(request, "community/onboarding.html", {
        "form": form, "suggested_skills": taxonomy.SUGGESTED_SKILLS,
    })
