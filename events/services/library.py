"""Library documents linked to an event: the organisers pick, from the library (or a project
they belong to), documents they may read; each reader of the event's page sees those they may
read themselves (events.selectors.linked_documents). The document stays the documents app's:
linking and unlinking write only the agenda's own table (``EventLibraryDocument``), never
the document, its files or its moderation.

Who may link: whoever manages the event (events/permissions.py ``can_manage_event``), a
published document they may read (documents/permissions.py ``can_view_document``): a proposal
still waiting, or a hidden document, cannot be linked, since the registrants could not read it.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from documents import permissions as document_permissions
from documents.models import Document
from events import permissions
from events.models import Event, EventLibraryDocument
from events.services import notices

MAX_LIBRARY_LINKS = 20


def _readable_document(actor, document_id) -> Document:
    """The document if ``actor`` may read it and it is published; otherwise the same error
    whether it does not exist or is out of reach (nothing said about what one may not see)."""
    try:
        document = (Document.objects.select_related("project")
                    .filter(pk=int(document_id)).first())
    except (TypeError, ValueError):
        document = None
    if (document is None or not document.is_published
            or not document_permissions.can_view_document(actor, document)):
        raise ValidationError(_("This document cannot be linked: choose a published document "
                                "you may read."))
    return document


@transaction.atomic
def event_link_document(*, actor, event: Event, document_id) -> EventLibraryDocument:
    """Link a library (or project) document to the event. Registrants are told when the event
    has taken place and this is the first of its record (the same notice as the replay's)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied
    document = _readable_document(actor, document_id)
    if event.library_links.filter(document=document).exists():
        raise ValidationError(_("This document is already linked to the event."))
    if event.library_links.count() >= MAX_LIBRARY_LINKS:
        raise ValidationError(_("At most %(max)d library documents per event.")
                              % {"max": MAX_LIBRARY_LINKS})
    had_record = bool(event.replay_url or event.minutes or event.documents.exists()
                      or event.library_links.exists())
    try:
        with transaction.atomic():
            link = EventLibraryDocument.objects.create(event=event, document=document,
                                                       added_by=actor)
    except IntegrityError:  # linked by another organiser at the same instant
        raise ValidationError(_("This document is already linked to the event.")) from None
    if not had_record and event.is_published and event.has_started():
        notices.event_recorded(event, actor=actor)
    return link


@transaction.atomic
def event_unlink_document(*, actor, event: Event, link_id) -> None:
    """Remove a link: the document itself is untouched (it stays in the library)."""
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied
    try:
        deleted, _rows = EventLibraryDocument.objects.filter(event=event,
                                                             pk=int(link_id)).delete()
    except (TypeError, ValueError):
        deleted = 0
    if not deleted:
        raise ValidationError(_("This document is no longer linked to the event."))
