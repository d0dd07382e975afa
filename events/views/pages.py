"""The agenda, one event's page, proposing, editing and cancelling an event."""

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from community.models import FragilityDomain, Metier
from community.taxonomy import Region
from documents.storage import inline_image_response
from events import fragments, permissions, selectors, services
from events.forms import CancelForm, EventForm, RegistrationForm
from events.taxonomy import TIME_ZONES, EventKind
from events.views.common import abilities, require
from projects import permissions as project_permissions

PAGE_SIZE = 30


def _filters(request) -> selectors.AgendaFilters:
    get = request.GET
    return selectors.AgendaFilters(
        when="past" if get.get("quand") == "passes" else "upcoming",
        kind=get.get("type", "") if get.get("type") in EventKind.values else "",
        region=get.get("region", "") if get.get("region") in Region.values else "",
        metier=get.get("metier", "") if get.get("metier") in dict(Metier._meta.get_field(
            "slug").choices) else "",
        domain=get.get("domaine", "") if get.get("domaine") in dict(
            FragilityDomain._meta.get_field("slug").choices) else "",
        mode=get.get("format", "") if get.get("format") in ("online", "in_person") else "",
        mine=get.get("mes") == "1",
    )


def _plain(choices) -> list[tuple[str, str]]:
    """Labels translated once per page, not once per use (lazy strings cost at each use)."""
    return [(value, str(label)) for value, label in choices]


def _month(value: str | None) -> date | None:
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except (ValueError, TypeError):
        return None


@require_GET
def agenda(request):
    """/agenda/: upcoming events (``quand=passes``: past ones), filters, and the month view
    (``vue=mois&mois=2026-12``) as a table."""
    user = request.user
    require(permissions.can_list_events(user))
    services.reminders_due_soon()
    filters = _filters(request)
    context = {
        "filters": filters,
        "filters_html": fragments.filters_html(filters, options=lambda: {
            "kinds": _plain(EventKind.choices), "regions": Region.choices,
            "metiers": _plain(Metier._meta.get_field("slug").choices),
            "domains": _plain(FragilityDomain._meta.get_field("slug").choices)}),
        "can_propose": permissions.can_propose_event(user),
        "can_publish": permissions.can_publish_event(user),
        "my_projects": selectors.projects_i_run(user),
    }
    if request.GET.get("vue") == "mois":
        today = timezone.localdate()
        first = _month(request.GET.get("mois")) or today.replace(day=1)
        previous = (first.replace(day=1) - timezone.timedelta(days=1)).replace(day=1)
        following = (first.replace(day=28) + timezone.timedelta(days=4)).replace(day=1)
        context.update(month=first, weeks=selectors.month(user, first), today=today,
                       previous_month=previous, next_month=following)
        return render(request, "events/month.html", context)
    counts = selectors.region_counts(user, filters)
    paginator = Paginator(selectors.agenda(user, filters), PAGE_SIZE)
    paginator.count = selectors.list_count(counts, filters)  # known: no COUNT query again
    page = paginator.get_page(request.GET.get("page"))
    events = list(page.object_list)
    selectors.remember_for_page(user, events)
    selectors.attach_counts(events)
    fragments.prerender_cards(events)
    query = {key: value for key, value in request.GET.items() if key != "page" and value}
    regions = {region: count for region, count in counts.items() if region}
    context.update(page=page, query_string=urlencode(query), region_map_html=fragments.map_html(
        regions, chosen=filters.region, query=request.GET))
    return render(request, "events/agenda.html", context)


@require_GET
def detail(request, pk: int):
    user = request.user
    event = permissions.get_event_for_user(user, pk)
    can = abilities(user, event)
    return render(request, "events/detail.html", {
        "event": event, "can": can, "counts": selectors.counts(event),
        "registration_form": RegistrationForm(event=event) if can.register else None,
        "organisers": list(event.organisers.all()),
        "documents": list(event.documents.all()),
        "library_documents": selectors.linked_documents(event, user),
    })


def _save_taxonomy(form: EventForm) -> dict:
    data = form.cleaned_data
    return {"domains": data["domains"], "metiers": data["metiers"], "tags": data["tags"]}


@require_http_methods(["GET", "POST"])
def create(request):
    """Members propose an event (it waits for a moderator); moderators publish one; a
    project's owners create their project's event (``?projet=<id>``), published at once."""
    user = request.user
    require(permissions.can_propose_event(user))
    project = None
    if request.GET.get("projet"):
        project = project_permissions.get_project_for_user(user, request.GET["projet"])
        require(permissions.can_create_project_event(user, project))
    publishing = project is not None or permissions.can_publish_event(user)
    form = EventForm(request.POST if request.method == "POST" else None, project=project)
    if form.is_valid():
        try:
            event = services.event_create(actor=user, project=project,
                                          **form.service_fields(), **_save_taxonomy(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if event.is_pending:
                messages.success(request, _("Thank you: your event is sent to the moderators. "
                                            "You will be told of their decision."))
            else:
                messages.success(request, _("The event is published in the agenda."))
            return redirect(event)
    return render(request, "events/form.html", {
        "form": form, "publishing": publishing, "project": project, "time_zones": TIME_ZONES,
    })


@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    user = request.user
    event = permissions.get_event_for_user(user, pk, manage=True)
    form = EventForm(request.POST if request.method == "POST" else None,
                     project=event.project, initial=EventForm.initial_for(event))
    if form.is_valid():
        try:
            event = services.event_edit(actor=user, event=event, **form.service_fields(),
                                        **_save_taxonomy(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The event is saved."))
            return redirect(event)
    return render(request, "events/form.html", {
        "form": form, "event": event, "editing": True, "time_zones": TIME_ZONES,
    })


@require_GET
def cover(request, pk: int):
    """The cover picture, to whoever may see the event (never a public file)."""
    event = permissions.get_event_for_user(request.user, pk)
    if not event.cover:
        raise Http404
    extension = {"image/png": "png", "image/jpeg": "jpg"}.get(event.cover_type, "webp")
    return inline_image_response(event.cover, filename=f"couverture-{event.pk}.{extension}",
                                 content_type=event.cover_type)


@require_http_methods(["GET", "POST"])
def cancel(request, pk: int):
    """A confirmation page, then the event is marked cancelled (never deleted)."""
    user = request.user
    event = permissions.get_event_for_user(user, pk)
    require(permissions.can_cancel_event(user, event))
    form = CancelForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.event_cancel(actor=user, event=event, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The event is cancelled; the registrants are told."))
            return redirect(event)
    return render(request, "events/cancel.html", {"event": event, "form": form})
