"""Helpers of the library's tests (documents app): uploads, projects, documents made through
the services, and a look at what is stored under MEDIA_ROOT."""

from pathlib import Path

from django.conf import settings

from documents import services
from projects.models import Project, ProjectMembership
from tests.documents.samples import pdf_bytes, upload

TEXT = "Compte rendu de l'atelier sur la coopération territoriale à Quimperlé.\n"


def text_file(name: str = "compte-rendu.txt", text: str = TEXT):
    return upload(name, text.encode("utf-8"), "text/plain")


def pdf_file(name: str = "guide.pdf", text: str = "Guide de la cooperation territoriale"):
    return upload(name, pdf_bytes(text), "application/pdf")


def card(**changes) -> dict:
    fields = {
        "title": "Guide pour une alliance territoriale",
        "description": "Une méthode pas à pas pour réunir les acteurs d'un territoire.",
        "entry_point": "methodes",
        "levers": ["apprendre-a-faire-alliance"],
        "domains": ["emploi"],
        "tags": ["coopération", "PTCE"],
        "language": "fr",
        "link": "",
    }
    fields.update(changes)
    return fields


def published(actor, *, uploads=None, **changes):
    """A library document published by a moderator ``actor``, with one text file."""
    files = [text_file()] if uploads is None else uploads
    return services.document_publish(actor=actor, **card(**changes), uploads=files,
                                     note="Première version")


def proposed(actor, *, uploads=None, **changes):
    files = [text_file()] if uploads is None else uploads
    return services.document_propose(actor=actor, **card(**changes), uploads=files,
                                     note="Première version")


def make_project(owner, *, private: bool = False, members=(), title="Tiers-lieu nourricier"):
    project = Project.objects.create(
        title=title, summary="Un tiers-lieu pour l'alimentation locale.",
        visibility=Project.Visibility.PRIVATE if private else Project.Visibility.MEMBERS,
        created_by=owner,
    )
    ProjectMembership.objects.create(project=project, member=owner,
                                     role=ProjectMembership.Role.OWNER)
    for person in members:
        ProjectMembership.objects.create(project=project, member=person)
    return project


def project_document(actor, project, *, uploads=None, **changes):
    files = [text_file()] if uploads is None else uploads
    return services.project_document_add(actor=actor, project=project, **card(**changes),
                                         uploads=files, note="")


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def body(response) -> str:
    content = getattr(response, "content", b"")
    return content.decode() if content else b"".join(response.streaming_content).decode()
