"""The ZIP of a member's export, written from the sections of ``privacy.export.registry``.

What the archive holds, and why in that shape (docs/privacy.md, "Mes données"):

- ``index.html``: the page a member opens first, in any browser, offline: French, one file with
  its style inline and no script, a heading and a table per section, links to each section's
  files and to the copied files. A section with many rows shows its first ``page_rows`` and
  points to its CSV, which holds them all.
- ``<section>.json``: every row, as a list of objects (UTF-8, dates in ISO 8601 with their
  offset), for another service or a program.
- ``<section>.csv``: every row, for a spreadsheet: UTF-8 **with a BOM** and **semicolons**, since
  Excel in French reads a comma-separated UTF-8 file without BOM as one column of garbled
  accents, and LibreOffice proposes the semicolon on opening; dates as "2026-12-08 14:03:00"
  in the member's time zone, which both read as dates.
- ``fichiers/<section>/``: the files the member uploaded, under the names they gave them.
- ``manifest.json``: when the archive was made, for whom, and how many rows each section has.

Memory stays bounded whatever the member wrote: rows are read in chunks (the sections iterate),
written at once to temporary files, and files are copied in blocks; only the first rows of each
section for the offline page are held, up to ``page_rows``.
"""

import csv
import json
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext

from privacy.export.registry import ExportFile, ExportSection

CSV_DELIMITER = ";"
CSV_ENCODING = "utf-8-sig"  # UTF-8 with a byte order mark, for Excel
FILES_DIR = "fichiers"
COPY_BLOCK = 1024 * 1024
COMPRESSED = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".pdf", ".zip", ".gz", ".docx", ".xlsx",
              ".pptx", ".odt", ".ods", ".odp", ".mp3", ".mp4"}


@dataclass
class Cell:
    text: str
    href: str = ""


@dataclass
class SectionSummary:
    section: ExportSection
    count: int = 0
    preview: list[list[Cell]] = field(default_factory=list)
    files: int = 0
    missing_files: int = 0

    @property
    def key(self) -> str:
        return self.section.key

    @property
    def truncated(self) -> bool:
        return self.count > len(self.preview)


@dataclass
class ArchiveSummary:
    sections: list[SectionSummary]
    generated_at: datetime

    @property
    def files(self) -> int:
        return sum(summary.files for summary in self.sections)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else \
            value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)  # lazy translations and other text-like values


def _text(value: Any) -> str:
    """A value as a spreadsheet and a page show it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    return str(value)


def _csv_safe(text: str) -> str:
    """A cell a spreadsheet would run as a formula ("=HYPERLINK(...)", CSV injection) starts
    with an apostrophe instead: the member's own words, shown as they wrote them."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _FileNamer:
    """Names inside ``fichiers/<section>/``: the member's own name for the file, made safe for
    every file system, with a number in front so that two files of the same name both stay."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.count = 0

    def __call__(self, name: str) -> str:
        self.count += 1
        safe = get_valid_filename(Path(name).name or "fichier")[:120] or "fichier"
        return f"{FILES_DIR}/{self.key}/{self.count:04d}-{safe}"


def _copy_file(archive: zipfile.ZipFile, export_file: ExportFile, name: str) -> bool:
    try:
        source = default_storage.open(export_file.storage_name, "rb")
    except (FileNotFoundError, OSError):
        return False
    entry = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
    # Pictures, PDFs, office files and archives are compressed already: deflating them again
    # costs time for nothing (a third of the export's time for 200 PDFs).
    entry.compress_type = (zipfile.ZIP_STORED if Path(name).suffix.lower() in COMPRESSED
                           else zipfile.ZIP_DEFLATED)
    with source, archive.open(entry, "w", force_zip64=True) as target:
        shutil.copyfileobj(source, target, COPY_BLOCK)
    return True


def _write_section(archive: zipfile.ZipFile, section: ExportSection, member,
                   workdir: Path) -> SectionSummary:
    summary = SectionSummary(section)
    keys = [column.key for column in section.columns]
    name_file = _FileNamer(section.key)
    json_path = workdir / f"{section.key}.json"
    csv_path = workdir / f"{section.key}.csv"
    with json_path.open("w", encoding="utf-8") as json_out, \
            csv_path.open("w", encoding=CSV_ENCODING, newline="") as csv_out:
        writer = csv.writer(csv_out, delimiter=CSV_DELIMITER)
        writer.writerow([str(column.label) for column in section.columns])
        json_out.write("[")
        for row in section.rows(member):
            values: dict[str, Any] = {}
            hrefs: dict[str, str] = {}
            for key in keys:
                value = row.get(key)
                if isinstance(value, ExportFile):
                    name = name_file(value.name)
                    if _copy_file(archive, value, name):
                        summary.files += 1
                        hrefs[key] = quote(name)
                        value = name
                    else:
                        summary.missing_files += 1
                        value = None
                values[key] = value
            json_out.write("\n  " if summary.count == 0 else ",\n  ")
            json.dump(values, json_out, ensure_ascii=False, default=_json_default)
            writer.writerow([_csv_safe(_text(values[key])) for key in keys])
            if len(summary.preview) < section.page_rows:
                summary.preview.append(
                    [Cell(_text(values[key]), hrefs.get(key, "")) for key in keys]
                )
            summary.count += 1
        json_out.write("\n]\n" if summary.count else "]\n")
    archive.write(json_path, f"{section.key}.json")
    archive.write(csv_path, f"{section.key}.csv")
    json_path.unlink()
    csv_path.unlink()
    return summary


def write_archive(target: Path, *, member, sections: Iterable[ExportSection],
                  generated_at: datetime | None = None) -> ArchiveSummary:
    """Write the whole archive of ``member`` to the local file ``target``."""
    generated_at = generated_at or timezone.now()
    summaries: list[SectionSummary] = []
    with tempfile.TemporaryDirectory(prefix="catalyse-export-") as workdir, \
            zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED,
                            allowZip64=True) as archive:
        for section in sections:
            summaries.append(_write_section(archive, section, member, Path(workdir)))
        summary = ArchiveSummary(summaries, generated_at)
        archive.writestr("manifest.json", json.dumps({
            "generated_at": _json_default(generated_at),
            "member_id": member.pk,
            "sections": {s.key: {"title": str(s.section.title), "rows": s.count,
                                 "files": s.files, "missing_files": s.missing_files}
                         for s in summaries},
        }, ensure_ascii=False, indent=2))
        archive.writestr("index.html", render_to_string("privacy/export/index.html", {
            "member": member, "summary": summary,
        }))
    return summary
