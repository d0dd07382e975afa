"""Calendar files: one event's ``.ics``, the member's calendar page (their secret feed
address, revoking it, the whole agenda or not) and the feed itself."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from community.access import open_access
from config.site import absolute_url
from events import calendars, fragments, permissions, selectors, services
from events.models import CalendarFeed
from events.views.common import require


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    return response


@require_GET
def event_ics(request, pk: int):
    user = request.user
    event = permissions.get_event_for_user(user, pk)
    require(event.is_published)
    body = calendars.build_calendar(
        [event], name=event.title,
        show_link=lambda item: permissions.can_see_online_link(user, item))
    return _calendar_response(body, f"evenement-{event.pk}.ics")


@require_http_methods(["GET", "POST"])
def my_calendar(request):
    user = request.user
    require(permissions.can_list_events(user))
    feed = CalendarFeed.objects.filter(member=user).first()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            feed = services.feed_for(actor=user)
            messages.success(request, _("Your calendar address is ready."))
        elif action == "revoke":
            feed = services.feed_revoke(actor=user)
            messages.success(request, _("A new address replaces the old one, which no longer "
                                        "works."))
        elif action in ("agenda", "mine"):
            feed = services.feed_set_agenda(actor=user, include_agenda=action == "agenda")
            messages.success(request, _("Your calendar is updated."))
        return redirect("events:calendar")
    url = absolute_url(reverse("events:feed", args=[feed.token]), request) if feed else ""
    return render(request, "events/calendar.html", {"feed": feed, "feed_url": url})


@open_access
@require_GET
def feed(request, token: str):
    """A member's feed, by its secret address alone (calendar programs carry no session). A
    wrong or revoked token, or a member who no longer is one: 404, nothing else said. Never
    gated by the sign-in (``open_access``): the token is the key."""
    feed = CalendarFeed.objects.select_related("member").filter(token=token).first()
    if feed is None or not permissions.can_list_events(feed.member):
        raise Http404
    member = feed.member
    events = selectors.feed_events(feed)
    registered = selectors.registered_ids(member, events)
    organised = selectors.organised_ids(member, events)
    body = fragments.calendar_body(
        events, name=_("Catalyse agenda"),
        show_link=lambda event: event.pk in registered or event.pk in organised)
    return _calendar_response(body, "catalyse.ics")
