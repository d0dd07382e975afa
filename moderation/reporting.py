"""The report form (*signaler*) of every moderated thing, as its app's view uses it: the app
checks who may report and renders its own page; this fills the form, files the report through
the app's service and thanks the member, or tells them plainly that their earlier report on the
same thing is still being looked into."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from config.typography import typeset
from moderation.forms import ReportForm


def report_form(request, file_report: Callable[[str], object], *,
                back_url: str) -> tuple[ReportForm, HttpResponse | None]:
    """``file_report(reason)`` is the app's service. Returns the form (to show again, with its
    errors) and, once the report is filed, the redirect back to ``back_url``."""
    form = ReportForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            report = file_report(form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            if getattr(report, "already_open", False):
                messages.info(request, typeset(_("You have already reported this; the "
                                                 "moderators are looking into it.")))
            else:
                messages.success(request, typeset(
                    _("Thank you: your report has been sent to the moderators.")))
            return form, redirect(back_url)
    return form, None
