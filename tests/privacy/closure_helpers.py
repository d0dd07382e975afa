"""What the closure tests look through for a person who left: every text column of every
model, every search index (through the search API), the stored files and the outgoing mail."""

import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import mail
from django.db import connection, models

from search.backends import get_backend
from search.registry import all_indexes

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.FileField)


def text_columns(model) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields
            if isinstance(field, TEXT_FIELDS)]


def database_occurrences(*needles: str) -> dict[str, set[str]]:
    """For each needle (case-insensitive), the ``app.Model.column`` where it still appears, in
    every model of every installed app (Django's, allauth's and taggit's included)."""
    found: dict[str, set[str]] = {needle: set() for needle in needles}
    tables = set(connection.introspection.table_names())
    for model in apps.get_models():
        columns = text_columns(model)
        if not columns or model._meta.db_table not in tables:  # a model still without migration
            continue
        for row in model._default_manager.all().values_list(*columns):
            for column, value in zip(columns, row, strict=True):
                if value in (None, ""):
                    continue
                text = (value if isinstance(value, str)
                        else json.dumps(value, ensure_ascii=False)).lower()
                for needle in needles:
                    if needle.lower() in text:
                        found[needle].add(f"{model._meta.label}.{column}")
    return found


def index_documents() -> dict[str, list[dict]]:
    backend = get_backend()
    out = {}
    for definition in all_indexes():
        try:
            out[definition.name] = [hit.document for hit in
                                    backend.search(definition.name, "", limit=10_000).hits]
        except Exception:  # an index never configured in this test holds nothing
            out[definition.name] = []
    return out


def index_occurrences(*needles: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {needle: set() for needle in needles}
    for name, documents in index_documents().items():
        for document in documents:
            text = json.dumps(document, ensure_ascii=False).lower()
            for needle in needles:
                if needle.lower() in text:
                    found[needle].add(name)
    return found


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def files_containing(*needles: str) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {needle: [] for needle in needles}
    for path in stored_files():
        content = path.read_bytes().lower()
        for needle in needles:
            if needle.lower().encode() in content or needle.lower() in path.name.lower():
                found[needle].append(path)
    return found


def mail_containing(*needles: str, recipients: bool = True) -> dict[str, list]:
    """The outgoing e-mails whose subject, text, HTML (and addresses, unless told not to)
    contain each needle."""
    found: dict[str, list] = {needle: [] for needle in needles}
    for message in mail.outbox:
        parts = [message.subject, message.body] + ([" ".join(message.to)] if recipients else [])
        parts += [content for content, _type in getattr(message, "alternatives", [])]
        text = " ".join(parts).lower()
        for needle in needles:
            if needle.lower() in text:
                found[needle].append(message)
    return found
