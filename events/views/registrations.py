"""Registering and cancelling in one click, joining online, and the organisers' page:
registrants and waitlist, answers, adding people, closing registration, attendance, the
record after the event, and the attendee list as CSV or ODS."""

import csv
from io import BytesIO

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

from documents.storage import attachment_response
from events import permissions, selectors, services
from events.forms import (
    AddPersonForm,
    CheckInForm,
    CoverForm,
    DocumentForm,
    RecordForm,
    RegistrationForm,
)
from events.views.common import join_is_live, require

MAX_PICKER_QUERY = 100


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
def register(request, pk: int):
    user = request.user
    event = permissions.get_event_for_user(user, pk)
    form = RegistrationForm(request.POST, event=event)
    if not form.is_valid():
        messages.error(request, _("An answer is too long."))
        return redirect(event)
    try:
        registration = services.registration_create(actor=user, event=event,
                                                    answers=form.answers())
    except ValidationError as error:
        _errors(request, error)
    else:
        if registration.is_confirmed:
            messages.success(request, _("You are registered."))
        else:
            messages.success(request, _("The event is full: you are on the waitlist. If a seat "
                                        "frees up, it is yours and you are told."))
    return redirect(event)


@require_POST
def unregister(request, pk: int):
    user = request.user
    event = permissions.get_event_for_user(user, pk)
    try:
        services.registration_cancel(actor=user, event=event)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(event)


@require_GET
def join(request, pk: int):
    """"Rejoindre": to the online link, for registrants and organisers, from ten minutes
    before the start. The link itself is never in the page of anyone else."""
    user = request.user
    event = permissions.get_event_for_user(user, pk)
    require(permissions.can_see_online_link(user, event))
    if not join_is_live(event):
        messages.info(request, _("The link opens ten minutes before the start."))
        return redirect(event)
    return HttpResponseRedirect(event.online_url)


@require_http_methods(["GET", "POST"])
def manage(request, pk: int):
    """The organisers' page (and moderators'): who is registered or waiting, their answers,
    adding someone, closing registration, attendance, the record after the event."""
    user = request.user
    event = permissions.get_event_for_user(user, pk)
    require(permissions.can_see_registrations(user, event))
    can_manage = permissions.can_manage_event(user, event)
    add_form = AddPersonForm(prefix="add")
    record_form = RecordForm(prefix="record", initial={"replay_url": event.replay_url,
                                                       "minutes": event.minutes})
    if request.method == "POST":
        require(can_manage or request.POST.get("action") == "attendance")
        action = request.POST.get("action")
        try:
            done = _act(request, event, action)
        except ValidationError as error:
            if action == "add":
                add_form = AddPersonForm(request.POST, prefix="add")
                add_form.is_valid()
                add_form.add_error(None, error)
            elif action == "record":
                record_form = RecordForm(request.POST, prefix="record")
                record_form.is_valid()
                record_form.add_error(None, error)
            else:
                _errors(request, error)
        else:
            if done:
                return redirect("events:manage", event.pk)
            if action == "add":
                add_form = AddPersonForm(request.POST, prefix="add")
                add_form.is_valid()
    grouped = selectors.registrations_of(event)
    return render(request, "events/manage.html", {
        "event": event, "confirmed": grouped["confirmed"], "waiting": grouped["waitlisted"],
        "add_form": add_form, "record_form": record_form, "can_manage": can_manage,
        "started": event.has_started(), "questions": event.question_list,
        **(_library_picker(request, event) if can_manage else {}),
    })


def _library_picker(request, event) -> dict:
    """The linked library documents the organiser may read, how many others there are, and
    the picker: a search of the library (``bibliotheque``), without JavaScript."""
    user = request.user
    linked = selectors.linked_documents(event, user)
    query = request.GET.get("bibliotheque", "")[:MAX_PICKER_QUERY]
    choices, unavailable = selectors.library_choices(user, event, query)
    return {
        "library_links": linked,
        "library_unreadable": max(0, event.library_links.count() - len(linked)),
        "library_query": query, "library_choices": choices,
        "library_unavailable": unavailable,
    }


def _act(request, event, action: str) -> bool:
    """One organiser action; True when done (then the page is reloaded), False when the form
    has errors to show."""
    user, post = request.user, request.POST
    if action == "add":
        form = AddPersonForm(post, prefix="add")
        if not form.is_valid():
            return False
        member = get_user_model().objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if member is None:
            raise ValidationError(_("No member has this e-mail address."))
        registration = services.registration_add(actor=user, event=event, member_id=member.pk)
        messages.success(request, _("%(name)s is registered.") % {"name": member.display_name}
                         if registration.is_confirmed else
                         _("%(name)s is on the waitlist (the event is full).")
                         % {"name": member.display_name})
    elif action == "remove":
        member = get_user_model().objects.filter(pk=_int(post.get("member"))).first()
        if member is None:
            raise ValidationError(_("There is no registration to cancel."))
        services.registration_cancel(actor=user, event=event, member=member)
        messages.success(request, _("The registration is cancelled."))
    elif action in ("close", "open"):
        services.registration_close(actor=user, event=event, closed=action == "close")
        messages.success(request, _("Registration is closed.") if action == "close"
                         else _("Registration is open again."))
    elif action == "attendance":
        present = {value for value in map(_int, post.getlist("present")) if value}
        count = services.attendance_mark(actor=user, event=event, present_ids=present)
        messages.success(request, _("Attendance saved: %(count)d present.") % {"count": count})
    elif action == "cover":
        form = CoverForm(post, request.FILES, prefix="cover")
        if not form.is_valid():
            raise ValidationError(_("Choose a picture: PNG, JPEG or WebP."))
        services.event_set_cover(actor=user, event=event, upload=form.cleaned_data["cover"])
        messages.success(request, _("The cover picture is saved."))
    elif action == "document":
        form = DocumentForm(post, request.FILES, prefix="document")
        if not form.is_valid():
            raise ValidationError(_("Choose a file to add."))
        services.event_add_document(actor=user, event=event, upload=form.cleaned_data["file"])
        messages.success(request, _("The document is added to the event."))
    elif action == "link":
        services.event_link_document(actor=user, event=event, document_id=post.get("document"))
        messages.success(request, _("The library document is linked to the event."))
    elif action == "unlink":
        services.event_unlink_document(actor=user, event=event, link_id=post.get("link"))
        messages.success(request, _("The link is removed; the document stays in the library."))
    elif action == "record":
        form = RecordForm(post, prefix="record")
        if not form.is_valid():
            return False
        services.event_record(actor=user, event=event, **form.cleaned_data)
        messages.success(request, _("The record of the event is saved."))
    else:
        raise ValidationError(_("Unknown action."))
    return True


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_GET
def document(request, pk: int, document_id: int):
    """One of the event's documents, as a download, to whoever may see the event."""
    event = permissions.get_event_for_user(request.user, pk)
    item = event.documents.filter(pk=document_id).first()
    if item is None:
        raise Http404
    return attachment_response(item.file, filename=item.display_name,
                               content_type=item.content_type)


@require_POST
def check_in(request, pk: int):
    user = request.user
    event = permissions.get_event_for_user(user, pk)
    require(permissions.can_check_in(user, event))
    form = CheckInForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Type the code shown at the meeting."))
        services.attendance_check_in(actor=user, event=event, code=form.cleaned_data["code"])
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Thank you: your presence is recorded."))
    return redirect(event)


def _attendee_rows(event) -> list[list[str]]:
    """The header and one row per registrant then per waiting member (with e-mail)."""
    grouped = selectors.registrations_of(event)
    questions = event.question_list
    rows = [[_("Name"), _("E-mail"), _("Status"), _("Registered on"), _("Present"),
             *questions]]
    for row in [*grouped["confirmed"], *grouped["waitlisted"]]:
        rows.append([
            row.member.display_name, row.member.email, str(row.get_status_display()),
            timezone.localtime(row.queued_at, event.zone).strftime("%Y-%m-%d %H:%M"),
            _("yes") if row.attended_at else "",
            *(row.answers.get(question, "") for question in questions),
        ])
    return rows


@require_GET
def export(request, pk: int, fmt: str = "csv"):
    """The attendee list with the e-mail addresses, as CSV (UTF-8 with a byte order mark,
    for spreadsheets) or OpenDocument (``.ods``, odfpy): organisers and moderators only."""
    user = request.user
    event = permissions.get_event_for_user(user, pk)
    require(permissions.can_export_emails(user, event))
    rows = _attendee_rows(event)
    name = f"inscrits-{slugify(event.title)[:50] or 'evenement'}"
    if fmt == "ods":
        response = HttpResponse(_ods(rows, event.title),
                                content_type="application/vnd.oasis.opendocument.spreadsheet")
        response["Content-Disposition"] = f'attachment; filename="{name}.ods"'
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        for row in rows:
            writer.writerow([_safe(cell) for cell in row])
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _ods(rows: list[list[str]], title: str) -> bytes:
    """One sheet, every cell a text cell (no formula is ever evaluated)."""
    document = OpenDocumentSpreadsheet()
    table = Table(name=(slugify(title)[:31] or "inscrits"))
    for row in rows:
        line = TableRow()
        for value in row:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            line.addElement(cell)
        table.addElement(line)
    document.spreadsheet.addElement(table)
    output = BytesIO()
    document.write(output)
    return output.getvalue()


def _safe(value: str) -> str:
    """No formula injection in spreadsheets: a cell starting with = + - @ is quoted."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value
