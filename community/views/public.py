"""Pages outside the private group: the landing page, invitations, the applicant's status."""

from allauth.account.utils import perform_login
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from community import selectors, taxonomy
from community.access import applicants_allowed, public
from community.forms.membership import InvitationAcceptForm
from community.models import Application
from community.services.membership import invitation_accept, invitation_for_token
from news.selectors import latest_news
from notifications import selectors as notification_selectors

# How many unread notifications the home page shows; the rest are one link away.
HOME_NOTIFICATIONS = 5


@public
def home(request):
    """The landing page for visitors; the member's home (*Accueil*) once inside."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "community/landing.html", {
            "metiers": [
                (label, taxonomy.METIER_ACTIVITIES[value])
                for value, label in taxonomy.Metier.choices
            ],
        })
    profile = user.profile
    return render(request, "community/home.html", {
        # The unread count comes from the bell's context processor (one query for both).
        "unread_notifications": list(
            notification_selectors.for_user(user).filter(read_at__isnull=True)
            [:HOME_NOTIFICATIONS]
        ),
        "latest_news": latest_news(),
        "newest_members": selectors.newest_members(),
        "region_members": (
            selectors.directory_members(region=profile.region).exclude(pk=user.pk)[:6]
            if profile.region else []
        ),
    })


@applicants_allowed
def application_status(request):
    application = Application.objects.filter(user=request.user).first()
    return render(request, "community/application_status.html", {"application": application})


@public
@require_http_methods(["GET", "POST"])
def invitation_accept_view(request, token: str):
    invitation = invitation_for_token(token)
    if invitation is None or not invitation.is_usable:
        return render(
            request, "community/invitation_invalid.html", {"invitation": invitation}, status=410
        )
    if request.user.is_authenticated:
        messages.info(request, _("You are already logged in."))
        return redirect("community:home")
    form = InvitationAcceptForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(
                invitation=invitation,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Welcome to Catalyse! Let us complete your profile."))
            # allauth's login, not Django's: its signal records the session
            # (allauth.usersessions), so that a suspension can end it.
            return perform_login(request, user, redirect_url=reverse("community:onboarding"))
    return render(
        request, "community/invitation_accept.html", {"form": form, "invitation": invitation}
    )
