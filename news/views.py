"""Pages of the news feed (*Fil d'actualité*), at /actualites/. Server-rendered first: every
action is a plain form or link; HTMX only appends the next page of the feed ("See more")."""

from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from moderation.links import decision_url
from moderation.reporting import report_form
from news import fragments, permissions, selectors, services
from news.forms import NewsEditForm, NewsForm, NewsPublishForm
from news.models import ActivityEvent, NewsItem
from news.search import SORTS, NewsSearchParams, search_news

MINE_PAGE_SIZE = 25


def _positive_int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _back_to(request, fallback: str) -> str:
    """``next`` if it is a page of this site, else ``fallback``."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure())
    return url if safe and url.startswith("/") and not url.startswith("//") else fallback


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- The feed -------------------------------------------------------------------------------


@require_GET
def feed(request):
    """Pinned news first, then the stream, newest first; ``?avant=<id>``: the next page (with
    HTMX, only its entries, appended by "See more"). Opening the first page is a visit: what
    came since the previous one is marked new."""
    user = request.user
    _require(permissions.can_view_feed(user))
    services.announce_due_soon()
    before = _positive_int(request.GET.get("avant"))
    # The first page is a visit; the next ones ("See more") mark what that visit marked.
    new_since = (services.feed_visit(member=user) if before is None
                 else selectors.feed_mark(user))
    page = selectors.feed_page(before=before, new_since=new_since)
    _with_report_links(user, [*page.pinned, *(
        event.target for event in page.entries  # only news items' targets are loaded
        if event.kind == ActivityEvent.Kind.NEWS_PUBLISHED and isinstance(event.target, NewsItem))])
    fragments.prerender(page.entries)  # each entry's HTML, from the cache when unchanged
    context = {
        "feed": page,
        "before": before,
        "can_propose": permissions.can_propose_news(user),
        "can_publish": permissions.can_publish_news(user),
    }
    if before is None:
        context["new_count"] = selectors.new_count(new_since)
        if permissions.can_moderate_news(user):
            context["scheduled"] = selectors.scheduled_news()
            context["pending_count"] = selectors.pending_news_count()
    fragment = bool(request.htmx) and not request.htmx.history_restore_request
    template = "news/feed.html#more" if fragment and before is not None else "news/feed.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _with_report_links(user, items: list[NewsItem]) -> None:
    """Give each card ``can_report`` (news/permissions.py; no query)."""
    for item in items:
        item.can_report = permissions.can_report_news(user, item)


# --- One news item --------------------------------------------------------------------------


def _abilities(user, item: NewsItem) -> SimpleNamespace:
    """What ``user`` may do with ``item`` (news/permissions.py): never decided by a template.
    Decisions are the moderation app's pages, back to the item afterwards."""
    here = item.get_absolute_url()
    moderator = permissions.can_moderate_news(user)

    def decision(allowed: bool, name: str) -> str:
        return decision_url(item, name, next_url=here) if moderator and allowed else ""

    return SimpleNamespace(
        edit=permissions.can_edit_news(user, item),
        withdraw=permissions.can_withdraw_news(user, item),
        pin=permissions.can_pin_news(user, item),
        unpin=permissions.can_unpin_news(user, item),
        approve=decision(item.is_pending, "approve"),
        reject=decision(item.is_pending, "reject"),
        hide=decision(item.is_published, "hide"),
        restore=decision(item.is_hidden, "restore"),
        report=permissions.can_report_news(user, item),
        see_decision=permissions.can_see_decision(user, item),
    )


@require_GET
def detail(request, pk: int):
    services.announce_due_soon()
    item = permissions.get_news_for_user(request.user, pk)
    return render(request, "news/detail.html", {
        "item": item, "can": _abilities(request.user, item), "here": item.get_absolute_url(),
    })


def _news_fields(data: dict) -> dict:
    return {name: data.get(name, "") for name in ("title", "summary", "body", "link")}


@require_http_methods(["GET", "POST"])
def propose(request):
    """Members propose a news item (it waits for a moderator); moderators publish one, now or
    later, pinned or not."""
    user = request.user
    _require(permissions.can_propose_news(user))
    publishing = permissions.can_publish_news(user)
    form_class = NewsPublishForm if publishing else NewsForm
    form = form_class(request.POST if request.method == "POST" else None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if publishing:
                item = services.news_publish(actor=user, **_news_fields(data),
                                             scheduled_for=data["scheduled_for"],
                                             pin=data["pin"])
            else:
                item = services.news_propose(actor=user, **_news_fields(data))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if item.is_pending:
                messages.success(request, _("Thank you: your proposal is sent to the "
                                            "moderators. You will be told of their decision."))
            elif item.is_scheduled:
                messages.success(request, _("The news item is scheduled."))
            else:
                messages.success(request, _("The news item is published."))
            return redirect(item)
    return render(request, "news/form.html", {"form": form, "publishing": publishing})


@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    user = request.user
    item = permissions.get_news_for_user(user, pk)
    _require(permissions.can_edit_news(user, item))
    can_schedule = permissions.can_schedule_news(user, item)
    form = NewsEditForm(
        request.POST if request.method == "POST" else None, can_schedule=can_schedule,
        initial={"title": item.title, "summary": item.summary, "body": item.body,
                 "link": item.link, "scheduled_for": item.scheduled_for},
    )
    if form.is_valid():
        data = form.cleaned_data
        schedule = data["scheduled_for"] if can_schedule else services.KEEP
        try:
            item = services.news_edit(actor=user, item=item, **_news_fields(data),
                                      scheduled_for=schedule)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The news item is saved."))
            return redirect(item)
    return render(request, "news/form.html", {"form": form, "item": item, "editing": True})


@require_http_methods(["GET", "POST"])
def withdraw(request, pk: int):
    """The author takes back a proposal that waits: a confirmation page, then it is gone."""
    item = permissions.get_news_for_user(request.user, pk)
    _require(permissions.can_withdraw_news(request.user, item))
    if request.method == "POST":
        services.news_withdraw(actor=request.user, item=item)
        messages.success(request, _("Your proposal is withdrawn."))
        return redirect("news:mine")
    return render(request, "news/withdraw.html", {"item": item})


@require_POST
def pin(request, pk: int):
    item = permissions.get_news_for_user(request.user, pk)
    item = services.news_pin(actor=request.user, item=item)  # PermissionDenied: 403
    messages.success(request, _("The news item is pinned at the top of the feed."))
    return redirect(_back_to(request, item.get_absolute_url()))


@require_POST
def unpin(request, pk: int):
    item = permissions.get_news_for_user(request.user, pk)
    item = services.news_unpin(actor=request.user, item=item)
    messages.success(request, _("The news item is no longer pinned."))
    return redirect(_back_to(request, item.get_absolute_url()))


@require_GET
def mine(request):
    """"My proposals": what the member wrote, with its status and, if rejected, why."""
    _require(permissions.can_propose_news(request.user))
    page = Paginator(selectors.news_of_author(request.user), MINE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for item in page:
        item.can_edit = permissions.can_edit_news(request.user, item)
        item.can_withdraw = permissions.can_withdraw_news(request.user, item)
    return render(request, "news/mine.html", {
        "page": page, "can_publish": permissions.can_publish_news(request.user),
    })


@require_http_methods(["GET", "POST"])
def report(request, pk: int):
    """A member reports a news item to the moderators, with a reason (the walls' report page)."""
    item = permissions.get_news_for_user(request.user, pk)
    _require(permissions.can_report_news(request.user, item))
    form, done = report_form(
        request, lambda reason: services.news_report(actor=request.user, item=item, reason=reason),
        back_url=item.get_absolute_url())
    if done:
        return done
    return render(request, "news/report.html", {"item": item, "form": form})


@require_GET
def search(request):
    """/actualites/recherche/?q=… (``tri=recents``: newest first, ``page``): the address
    carries the whole search; with HTMX, the results are replaced as the reader types."""
    _require(permissions.can_search_news(request.user))
    services.announce_due_soon()
    params = NewsSearchParams.from_get(request.GET)
    page = search_news(request.user, params)
    fragment = bool(request.htmx) and not request.htmx.history_restore_request
    template = "news/search.html#results" if fragment else "news/search.html"
    response = render(request, template, {
        "search": page, "params": params, "results": page.results, "sorts": list(SORTS),
    })
    patch_vary_headers(response, ["HX-Request"])
    return response
