"""*Mes données*: what the platform holds of a member, their exports, the download; and the
moderators' form that runs an export for a member (privacy/permissions.py says who may)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from privacy import permissions, selectors, services
from privacy.forms import ExportForMemberForm
from privacy.models import DataExport


def _exports_context(member) -> dict:
    exports = list(selectors.exports_of(member))
    return {"exports": exports, "in_progress": any(e.is_in_progress for e in exports),
            "now": timezone.now()}


@require_GET
@never_cache
def my_data(request):
    if not permissions.can_request_own_export(request.user):
        raise PermissionDenied
    return render(request, "privacy/my_data.html", {
        "sections": selectors.export_sections(),
        "next_request_at": selectors.next_request_at(request.user),
        **_exports_context(request.user),
    })


@require_GET
@never_cache
def export_status(request):
    """The list of exports alone, which the page asks for again while one is being made."""
    if not permissions.can_request_own_export(request.user):
        raise PermissionDenied
    return render(request, "privacy/_exports.html",
                  {"downloadable": True, **_exports_context(request.user)})


@require_POST
def export_request(request):
    try:
        services.data_export_request(actor=request.user, member=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _(
            "Your export is being prepared. We will tell you when it is ready, in the "
            "notifications and by e-mail if you chose so."
        ))
    return redirect("privacy:my_data")


@require_GET
@never_cache
def export_download(request, pk: int):
    export = permissions.get_export_for_download(request.user, pk)
    if export.status == DataExport.Status.EXPIRED or (
        export.status == DataExport.Status.READY and not export.is_downloadable()
    ):
        return render(request, "privacy/export_expired.html", {"export": export}, status=410)
    if not export.is_downloadable():
        raise Http404
    try:
        stored = export.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(stored, as_attachment=True,
                            filename=export.file.name.rsplit("/", 1)[-1],
                            content_type="application/zip")
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def export_for_member(request, pk: int):
    member = get_object_or_404(get_user_model(), pk=pk)
    if not permissions.can_request_export_for(request.user, member):
        raise PermissionDenied
    form = ExportForMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.data_export_request(actor=request.user, member=member,
                                         reason=form.cleaned_data["reason"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _(
                "The export of %(name)s's data is being prepared. They will be told when it is "
                "ready and download it themselves, behind their login."
            ) % {"name": member.display_name})
            return redirect("community:member_detail", pk=member.pk)
    return render(request, "privacy/export_for_member.html", {
        "member": member, "form": form, **_exports_context(member),
    })
