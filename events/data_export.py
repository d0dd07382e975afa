"""What the agenda holds of a member, for their export (privacy/export/registry.py): their
registrations, with the answers they gave to the organisers' questions, the files they
attached to events as an organiser and the library documents they linked to events."""

from django.utils.translation import gettext_lazy as _

from events.models import EventDocument, EventLibraryDocument, Registration
from privacy.export.registry import CHUNK, Column, ExportFile, ExportSection, register


def registration_rows(member):
    registrations = (Registration.objects.filter(member=member).select_related("event")
                     .order_by("pk"))
    for registration in registrations.iterator(chunk_size=CHUNK):
        yield {"event": registration.event.title, "starts_at": registration.event.starts_at,
               "status": registration.get_status_display(), "answers": registration.answers,
               "registered_at": registration.created_at,
               "attended_at": registration.attended_at}


register(ExportSection(
    key="inscriptions", title=_("Event registrations"), order=60, rows=registration_rows,
    description=_("the events you registered for, and your answers to their questions"),
    columns=(
        Column("event", _("Event")),
        Column("starts_at", _("Start")),
        Column("status", _("Registration")),
        Column("answers", _("Your answers")),
        Column("registered_at", _("Registered on")),
        Column("attended_at", _("Attended")),
    ),
))


def event_file_rows(member):
    documents = (EventDocument.objects.filter(uploaded_by=member).select_related("event")
                 .order_by("pk"))
    for document in documents.iterator(chunk_size=CHUNK):
        yield {"event": document.event.title, "name": document.display_name,
               "size": document.size, "uploaded_at": document.created_at,
               "file": ExportFile(document.file.name, document.display_name)}


register(ExportSection(
    key="evenements-fichiers", title=_("Files you attached to events"), order=61,
    rows=event_file_rows, description=_("the files you attached to events as an organiser"),
    columns=(
        Column("event", _("Event")),
        Column("name", _("Name")),
        Column("size", _("Size (bytes)")),
        Column("uploaded_at", _("Uploaded on")),
        Column("file", _("File in the archive")),
    ),
))


def library_link_rows(member):
    links = (EventLibraryDocument.objects.filter(added_by=member)
             .select_related("event", "document").order_by("pk"))
    for link in links.iterator(chunk_size=CHUNK):
        yield {"event": link.event.title, "document": link.document.title,
               "linked_at": link.created_at}


register(ExportSection(
    key="evenements-documents", title=_("Library documents you linked to events"), order=62,
    rows=library_link_rows,
    description=_("the library documents you linked to events as an organiser"),
    columns=(
        Column("event", _("Event")),
        Column("document", _("Document")),
        Column("linked_at", _("Linked on")),
    ),
))
