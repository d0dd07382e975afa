"""What each app holds of a member, for their export.

Each app declares its sections in a module named ``data_export.py`` (found at start-up by
``privacy.apps``), so that privacy never reads another app's tables itself::

    from django.utils.translation import gettext_lazy as _
    from privacy.export.registry import Column, ExportSection, register

    def my_posts(member):
        for post in Post.objects.filter(author=member).order_by("pk").iterator(chunk_size=2000):
            yield {"id": post.pk, "text": post.body, "published_at": post.created_at}

    register(ExportSection(
        key="posts", title=_("Posts"), rows=my_posts, order=20,
        columns=(Column("id", _("Number")), Column("text", _("Text")), ...),
    ))

The contract of ``rows(member)``:

- It yields plain dicts whose keys are the section's column keys and whose values are JSON-ready
  (str, int, float, bool, None, lists and dicts of them) or ``datetime``/``date`` (the archive
  writes them in ISO 8601) or an ``ExportFile`` (a stored file to copy into the ZIP: the archive
  copies it under ``files/<key>/`` and writes its path inside the ZIP in the row's place).
- It iterates (``QuerySet.iterator(chunk_size=...)``): a member with 10,000 messages must not be
  held in memory at once; and it costs a constant number of queries per chunk, whatever the
  number of rows (``select_related``, or ``prefetch_related`` with a ``chunk_size``).
- It holds only what concerns this member: what they wrote, chose or did. Somebody else is never
  named in it; where their words give context (the message a member answered), they are
  "un autre membre" (``OTHER_MEMBER``).
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# How somebody other than the member is named in their export, wherever context needs them.
OTHER_MEMBER = _("another member")


@dataclass(frozen=True)
class ExportFile:
    """A stored file (``FieldFile.name`` in the default storage) to copy into the archive,
    named there ``name`` (the name the member knows it by; the archive makes it unique)."""

    storage_name: str
    name: str


@dataclass(frozen=True)
class Column:
    key: str  # the key in the JSON rows
    label: str | Promise  # the CSV header and the offline page's column heading


@dataclass(frozen=True)
class ExportSection:
    key: str  # the file stem in the archive: "<key>.json", "<key>.csv"; lowercase ASCII
    title: str | Promise
    rows: Callable[[Any], Iterable[dict[str, Any]]]
    columns: tuple[Column, ...]
    order: int = 100
    description: str | Promise = ""
    # Rows after which the offline page stops its table and points to the CSV (the JSON and the
    # CSV always hold every row): a table of 10,000 lines is no longer read in a browser.
    page_rows: int = 1000


_sections: dict[str, ExportSection] = {}

JsonValue = str | int | float | bool | None | list | dict | datetime | date | ExportFile


def register(section: ExportSection) -> ExportSection:
    """Register (or replace, on a module reloaded in tests) a section of the export."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", section.key):
        raise ValueError(f"An export section's key is a lowercase file stem, not {section.key!r}")
    keys = [column.key for column in section.columns]
    if len(set(keys)) != len(keys):
        raise ValueError(f"Export section {section.key!r} names a column twice")
    _sections[section.key] = section
    return section


def sections() -> list[ExportSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))


def get(key: str) -> ExportSection:
    return _sections[key]


# Rows read per query by the sections (``QuerySet.iterator(chunk_size=CHUNK)``).
CHUNK = 2000


def excerpt(text: str, length: int = 200) -> str:
    """The start of somebody else's words, where a row needs them for context."""
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1] + "…"
