"""What the agenda holds of a member, for their export (privacy/export/registry.py): their
registrations, with the answers they gave to the organisers' questions."""

from django.utils.translation import gettext_lazy as _

from events.models import Registration
from privacy.export.registry import CHUNK, Column, ExportSection, register


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
