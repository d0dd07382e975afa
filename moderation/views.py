"""The moderators' pages under *Animation*: the report queue and the audit log."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from community.permissions import can_suspend_member
from moderation import permissions, selectors, services
from moderation.forms import DismissReportForm
from moderation.models import Report


def _require_moderator(request) -> None:
    if not permissions.can_moderate(request.user):
        raise PermissionDenied


@require_GET
def reports(request):
    _require_moderator(request)
    page = Paginator(selectors.open_reports(), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    selectors.attach_target_actions(page, request.user)
    for report in page:
        author = report.target_author
        report.can_suspend_author = bool(
            author and author.is_member and can_suspend_member(request.user, author)
        )
    return render(request, "moderation/reports.html", {"page": page})


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
    page = Paginator(selectors.audit_log(), selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "moderation/journal.html", {"page": page})
