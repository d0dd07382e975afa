"""The directory (*Membres*), profiles, and the member's own profile pages."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from community import permissions, selectors, taxonomy
from community.access import before_onboarding
from community.forms.profiles import DirectoryFilterForm, OnboardingForm, ProfileForm
from community.services.profiles import profile_complete_onboarding, profile_update


@require_GET
def directory(request):
    form = DirectoryFilterForm(request.GET)
    filters = form.filters()
    paginator = Paginator(selectors.directory_members(**filters), settings.DIRECTORY_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    template = "community/directory.html#results" if request.htmx else "community/directory.html"
    return render(request, template, {
        "form": form,
        "page": page,
        "filter_query": urlencode(filters),
    })


@require_GET
def member_detail(request, pk: int):
    member = permissions.get_member_for_user(request.user, pk)
    return render(request, "community/member_detail.html", {
        "member": selectors.member_with_profile(member),
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
        profile_complete_onboarding(actor=request.user, profile=profile, changes=form.changes())
        messages.success(request, _("Thank you! Your profile is ready: welcome to the network."))
        return redirect("community:home")
    return render(request, "community/onboarding.html", {
        "form": form, "suggested_skills": taxonomy.SUGGESTED_SKILLS,
    })
