"""Every write of the documents app: documents (documents.py), versions and files
(versions.py), the rules of a card (fields.py) and file storage (storing.py). Other apps
import from here."""

from documents.services.documents import (
    check_files,
    document_decided,
    document_delete,
    document_downloaded,
    document_edit,
    document_propose,
    document_publish,
    document_report,
    library_bytes,
    project_document_add,
    project_documents_reindex,
    reindex,
)
from documents.services.versions import (
    file_process,
    version_notify,
    version_restore,
    version_upload,
)

__all__ = [
    "check_files",
    "document_decided",
    "document_delete",
    "document_downloaded",
    "document_edit",
    "document_propose",
    "document_publish",
    "document_report",
    "file_process",
    "library_bytes",
    "project_document_add",
    "project_documents_reindex",
    "reindex",
    "version_notify",
    "version_restore",
    "version_upload",
]
