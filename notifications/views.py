"""The notification centre's pages (/notifications/): the list, opening one, all read, the
preferences, and the unsubscribe link of emails (signed, no login needed)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community.access import open_access
from notifications import permissions, selectors, services, unsubscribe
from notifications.forms import PreferencesForm
from notifications.models import Notification

PAGE_SIZE = 20


@require_GET
def index(request):
    """Newest first, unread ones marked; a constant number of queries whatever the count."""
    page = Paginator(selectors.for_user(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/index.html", {"page": page})


@require_GET
def open_notification(request, pk: int):
    """Following a notification marks it read, then leads where it points."""
    notification = permissions.get_notification_for_user(request.user, pk)
    services.mark_read(request.user, notification)
    if services.is_site_path(notification.url):
        return redirect(notification.url)
    return redirect("notifications:index")


@require_POST
def mark_all_read(request):
    if services.mark_all_read(request.user):
        messages.success(request, _("All your notifications are marked as read."))
    return redirect("notifications:index")


@require_http_methods(["GET", "POST"])
def preferences(request):
    form = PreferencesForm(request.POST or None, initial=selectors.preferences_for(request.user))
    if request.method == "POST" and form.is_valid():
        services.preferences_update(actor=request.user, member=request.user,
                                    choices=form.cleaned_data)
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@open_access  # from an email, signed in or not, whoever is signed in on this browser
@csrf_exempt  # the signed token protects it, and a mail client's one-click POST has no cookie
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request, token: str):
    """GET asks (mail scanners follow links: they must change nothing); POST, from the page
    or a mail client's one-click button (RFC 8058), stops the emails of these kinds."""
    try:
        member, kinds = unsubscribe.read_token(token)
    except unsubscribe.InvalidLink:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    labels = dict(Notification.Kind.choices)
    context = {"kinds": [labels[kind] for kind in kinds], "done": request.method == "POST"}
    if request.method == "POST":
        services.unsubscribe(member=member, kinds=kinds)
    return render(request, "notifications/unsubscribe.html", context)
