"""What documents hold of a member, for their export (privacy/export/registry.py): the documents
they proposed, and every file they uploaded (any version, of their documents or of others'),
copied into the archive under the name they gave it."""

from django.utils.translation import gettext_lazy as _

from documents.models import Document, DocumentFile
from privacy.export.registry import CHUNK, Column, ExportFile, ExportSection, register


def document_rows(member):
    documents = Document.objects.filter(author=member).select_related("project").order_by("pk")
    for document in documents.iterator(chunk_size=CHUNK):
        yield {"id": document.pk, "title": document.title, "description": document.description,
               "entry_point": document.get_entry_point_display(), "link": document.link,
               "project": document.project.title if document.project else None,
               "status": document.get_moderation_status_display(),
               "created_at": document.created_at, "published_at": document.published_at}


register(ExportSection(
    key="documents", title=_("Documents"), order=50, rows=document_rows,
    description=_("the documents you proposed to the library or to a project"),
    columns=(
        Column("id", _("Number")),
        Column("title", _("Title")),
        Column("description", _("Description")),
        Column("entry_point", _("Entry point")),
        Column("link", _("External link")),
        Column("project", _("Project")),
        Column("status", _("Moderation")),
        Column("created_at", _("Proposed on")),
        Column("published_at", _("Published on")),
    ),
))


def file_rows(member):
    files = (DocumentFile.objects.filter(version__uploaded_by=member)
             .select_related("version__document").order_by("pk"))
    for stored in files.iterator(chunk_size=CHUNK):
        version = stored.version
        yield {"document": version.document.title, "document_id": version.document_id,
               "version": version.number, "note": version.note, "name": stored.display_name,
               "size": stored.size, "uploaded_at": stored.created,
               "file": ExportFile(stored.file.name, stored.display_name)}


register(ExportSection(
    key="documents-fichiers", title=_("Files you uploaded"), order=51, rows=file_rows,
    description=_("the files of the document versions you uploaded, copied into the archive"),
    columns=(
        Column("document", _("Document")),
        Column("document_id", _("Document number")),
        Column("version", _("Version")),
        Column("note", _("Note")),
        Column("name", _("Name")),
        Column("size", _("Size (bytes)")),
        Column("uploaded_at", _("Uploaded on")),
        Column("file", _("File in the archive")),
    ),
))
