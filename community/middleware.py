"""The gate that keeps the platform private (DESIGN.md §8)."""

from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from community.access import APPLICANT, ONBOARDING, OPEN, PUBLIC, access_level
from community.models import Profile, Role, UserStatus
from legal.gate import charter_needs_acceptance


class FrenchFirstLocaleMiddleware(LocaleMiddleware):
    """French unless the person chose English with the switch: the browser's language is ignored,
    since members share pages and screenshots in a French-speaking network."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class MembershipGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        level = access_level(view_func)
        if level == OPEN:
            return None
        user = request.user
        if not user.is_authenticated:
            return None if level == PUBLIC else redirect_to_login(request.get_full_path())
        if user.status == UserStatus.SUSPENDED or not user.is_active:
            logout(request)
            messages.error(request, _("Your account is suspended."))
            return redirect_to_login(request.get_full_path())
        if user.status == UserStatus.APPLICANT:
            if level == APPLICANT:
                return None
            return redirect("community:application_status")
        if level == APPLICANT:
            return redirect("community:home")
        if self._needs_mfa(user):
            messages.warning(
                request, _("Moderators and administrators must turn on two-factor authentication.")
            )
            return redirect("mfa_activate_totp")
        if level != ONBOARDING and not self._is_onboarded(user):
            return redirect("community:onboarding")
        if level != ONBOARDING and charter_needs_acceptance(request):
            # A new version of the charter was published: accept it, then back to this page.
            # An HTMX request gets the whole tab sent there, not the page swapped into a part.
            query = urlencode({"next": request.get_full_path()})
            target = f"{reverse('legal:charter')}?{query}"
            if getattr(request, "htmx", False):
                return HttpResponseClientRedirect(target)
            return redirect(target)
        return None

    @staticmethod
    def _needs_mfa(user) -> bool:
        return (
            settings.MFA_REQUIRED_FOR_MODERATORS
            and user.role in (Role.MODERATOR, Role.ADMIN)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        )

    @staticmethod
    def _is_onboarded(user) -> bool:
        try:
            return user.profile.is_onboarded
        except Profile.DoesNotExist:
            return False

