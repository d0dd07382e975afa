"""The moderators' pages under *Animation*: the moderation queue (things waiting for a
decision, then open reports), decisions, warnings to authors and the audit log."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from community.permissions import can_suspend_member
from moderation import permissions, queue_fragments, registry, selectors, services
from moderation.forms import (
    DecisionForm,
    DismissReportForm,
    WarnAuthorForm,
    WarnReportedAuthorForm,
)
from moderation.models import Report
from moderation.transitions import DECISIONS, allowed_decisions
from moderation.wording import DECISION_WORDING


def _require_moderator(request) -> None:
    if not permissions.can_moderate(request.user):
        raise PermissionDenied


def _safe_next(request) -> str:
    """Where to go back to after an action, if it is a page of this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure())
    return url if safe and url.startswith("/") else ""


@require_GET
def reports(request):
    """The moderation queue: what waits for a decision, oldest first, then the open reports,
    newest first."""
    _require_moderator(request)
    counts = selectors.queue_counts(request)  # the header's badge counts the same (one query)
    paginator = Paginator(selectors.open_reports(), selectors.PAGE_SIZE)
    paginator.count = counts.open_reports
    page = paginator.get_page(request.GET.get("page"))
    here = request.get_full_path()
    selectors.attach_target_actions(page, request.user, next_url=here)
    waiting, waiting_total = selectors.waiting_for_decision(request.user, counts=counts)
    for entry in (*page, *waiting):
        author = entry.target_author if isinstance(entry, Report) else entry.author
        entry.can_warn_author = permissions.can_warn_author(request.user, author)
        entry.can_suspend_author = bool(
            author and author.is_member and can_suspend_member(request.user, author)
        )
    queue_fragments.prerender(page, here=here)  # each report's card, from the cache if unchanged
    queue_fragments.prerender_waiting(waiting, request=request, here=here)
    return render(request, "moderation/reports.html", {
        "page": page, "waiting": waiting, "waiting_total": waiting_total, "here": here,
    })


def _status_kind_or_404(label: str) -> registry.ModeratedKind:
    kind = registry.kind_for_label(label)
    if kind is None or not kind.has_status:
        raise Http404
    return kind


@require_http_methods(["GET", "POST"])
def decide(request, kind: str, pk: int, decision: str):
    """Approve, reject, hide or restore one thing (moderation/transitions.py): a confirmation
    page with what it is and, for a rejection or hiding, the reason its author will read."""
    _require_moderator(request)
    moderated = _status_kind_or_404(kind)
    rule = DECISIONS.get(decision)
    if rule is None:
        raise Http404
    item = get_object_or_404(moderated.queryset(), pk=pk)
    back = _safe_next(request)
    data = request.POST if request.method == "POST" else None
    form = DecisionForm(data, reason_required=rule.reason_required)
    if data is not None and form.is_valid():
        try:
            services.decide(actor=request.user, item=item, decision=decision,
                            reason=form.cleaned_data.get("reason", ""))
        except ValidationError as error:  # another moderator was quicker
            form.add_error(None, error)
            item = get_object_or_404(moderated.queryset(), pk=pk)
        else:
            title = moderated.name_of(item)
            messages.success(request, str(DECISION_WORDING[decision]["done"]) % {"item": title})
            return redirect(back or "moderation:reports")
    return render(request, "moderation/decide.html", {
        "item": item, "decision": decision, "form": form, "next": back,
        "wording": DECISION_WORDING[decision],
        "possible": decision in allowed_decisions(item.moderation_status),
        "kind_name": item._meta.verbose_name,
        "title": moderated.name_of(item),
        "excerpt": moderated.excerpt(item) if moderated.excerpt else "",
        "author": moderated.author(item) if moderated.author else None,
        "view_url": moderated.actions(request.user, item).view_url,
    })


@require_http_methods(["GET", "POST"])
def item_warn(request, kind: str, pk: int):
    """Warn the author of a thing with a moderation status (a pending post, say)."""
    _require_moderator(request)
    moderated = _status_kind_or_404(kind)
    item = get_object_or_404(moderated.queryset(), pk=pk)
    author = moderated.author(item) if moderated.author else None
    if author is None:
        raise Http404
    if author.pk == request.user.pk:
        raise PermissionDenied
    back = _safe_next(request)
    form = WarnAuthorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.author_warn(actor=request.user, author=author, target=item,
                                 message=form.cleaned_data["message"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _warned(request, author, back)
    return render(request, "moderation/author_warn.html", {
        "form": form, "author": author, "next": back,
        "title": moderated.name_of(item),
        "excerpt": moderated.excerpt(item) if moderated.excerpt else "",
    })


@require_http_methods(["GET", "POST"])
def report_warn(request, pk: int):
    """Warn the author of reported content, from its report in the queue."""
    _require_moderator(request)
    report = get_object_or_404(
        Report.objects.select_related("reporter", "target_author", "content_type"), pk=pk,
        status=Report.Status.OPEN,
    )
    author = report.target_author
    if author is None:
        raise Http404
    if author.pk == request.user.pk:
        raise PermissionDenied
    back = _safe_next(request)
    form = WarnReportedAuthorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_author_warn(actor=request.user, report=report,
                                        message=form.cleaned_data["message"],
                                        settle_reports=form.cleaned_data["settle_reports"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _warned(request, author, back)
    return render(request, "moderation/author_warn.html", {
        "form": form, "author": author, "next": back, "report": report,
    })


def _warned(request, author, back: str):
    messages.success(request, _("%(name)s has been warned.") % {"name": author.display_name})
    return redirect(back or "moderation:reports")


@require_http_methods(["GET", "POST"])
def report_dismiss(request, pk: int):
    _require_moderator(request)
    report = get_object_or_404(
        Report.objects.select_related("reporter", "target_author"), pk=pk,
        status=Report.Status.OPEN,
    )
    form = DismissReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_dismiss(actor=request.user, report=report,
                                    note=form.cleaned_data["note"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The report has been dismissed."))
        return redirect("moderation:reports")
    return render(request, "moderation/report_dismiss.html", {"report": report, "form": form})


@require_GET
def journal(request):
    _require_moderator(request)
    """The audit log: each line names what it is about and, for reported content, what the
    report shared of it (selectors.attach_log_details)."""
    page = Paginator(selectors.audit_log(), selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.attach_log_details(page)
    return render(request, "moderation/journal.html", {"page": page})
