"""The notification centre's pages (/notifications/): the list, opening one, all read."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from notifications import permissions, selectors, services

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
