"""Helpers shared by the library's views."""

from types import SimpleNamespace

from django.core.exceptions import PermissionDenied, ValidationError

from documents import permissions
from documents.models import Document
from moderation.links import decision_url

PAGE_SIZE = 20


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def add_errors(form, error: ValidationError) -> None:
    """A service's ValidationError on the form: per field where the form has it."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def abilities(user, document: Document) -> SimpleNamespace:
    """What ``user`` may do with ``document`` (documents/permissions.py): never decided by a
    template. Moderation decisions are the moderation app's pages, back to the document."""
    here = document.get_absolute_url()
    moderator = permissions.can_moderate_documents(user)

    def decision(allowed: bool, name: str) -> str:
        return decision_url(document, name, next_url=here) if moderator and allowed else ""

    library = document.project_id is None
    return SimpleNamespace(
        edit=permissions.can_edit_document(user, document),
        delete=permissions.can_delete_document(user, document),
        upload=permissions.can_upload_version(user, document),
        restore=permissions.can_restore_version(user, document),
        report=permissions.can_report_document(user, document),
        download=permissions.can_download(user, document),
        approve=decision(library and document.is_pending, "approve"),
        reject=decision(library and document.is_pending, "reject"),
        hide=decision(document.is_published, "hide"),
        unhide=decision(document.is_hidden, "restore"),
        see_decision=permissions.can_see_decision(user, document),
    )
