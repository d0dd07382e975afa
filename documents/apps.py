from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from documents import quota
        from documents.moderated import register_moderated
        from documents.services import library_bytes, project_documents_reindex
        from projects.signals import project_access_changed

        register_moderated()
        quota.register(library_bytes)

        # Who may find a project's documents follows who may see the project (visibility,
        # hidden, restored): their audience in the documents index is computed again.
        def _project_access_changed(sender, project_id: int, **kwargs) -> None:
            project_documents_reindex(project_id)

        project_access_changed.connect(_project_access_changed, weak=False,
                                       dispatch_uid="documents.project_access_changed")
