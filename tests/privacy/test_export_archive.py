"""The archive writer on its own (privacy/export/archive.py): a long section's offline table
stops and points to its CSV, which holds every row; a cell a spreadsheet would run as a formula
is kept as text; dates and lists read well in a French spreadsheet; a file missing from storage
is said missing, not fatal."""

import csv
import io
import json
import zipfile
from datetime import UTC, datetime

import pytest
from django.utils import translation

from privacy.export.archive import write_archive
from privacy.export.registry import Column, ExportFile, ExportSection


class _Member:
    pk = 7
    display_name = "Marc Membre"


def _write(tmp_path, *sections) -> zipfile.ZipFile:
    target = tmp_path / "a.zip"
    with translation.override("fr"):
        write_archive(target, member=_Member(), sections=sections)
    return zipfile.ZipFile(target)


@pytest.fixture
def storage_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_a_long_section_shows_its_first_rows_and_keeps_them_all_in_csv_and_json(tmp_path,
                                                                                 storage_root):
    section = ExportSection(key="long", title="Longue", page_rows=3,
                            rows=lambda member: ({"n": index} for index in range(5)),
                            columns=(Column("n", "Numéro"),))
    archive = _write(tmp_path, section)
    page = archive.read("index.html").decode()
    assert page.count("<tr><td>") == 3
    assert "Les 3 premiers éléments sur 5 sont affichés" in page
    assert len(json.loads(archive.read("long.json"))) == 5
    assert len(list(csv.reader(io.StringIO(archive.read("long.csv").decode("utf-8-sig")),
                               delimiter=";"))) == 6


def test_formulas_stay_text_and_values_read_well_in_a_spreadsheet(tmp_path, storage_root):
    rows = [{"text": '=HYPERLINK("http://mal.example","clic")', "when": datetime(
        2026, 12, 8, 13, 3, tzinfo=UTC), "tags": ["a", "b"], "yes": True, "none": None}]
    section = ExportSection(key="valeurs", title="Valeurs", rows=lambda member: iter(rows),
                            columns=(Column("text", "Texte"), Column("when", "Quand"),
                                     Column("tags", "Étiquettes"), Column("yes", "Oui ?"),
                                     Column("none", "Rien")))
    archive = _write(tmp_path, section)
    [header, row] = list(csv.reader(
        io.StringIO(archive.read("valeurs.csv").decode("utf-8-sig")), delimiter=";"))
    assert header == ["Texte", "Quand", "Étiquettes", "Oui ?", "Rien"]
    assert row == ["'" + rows[0]["text"], "2026-12-08 14:03:00", "a, b", "Oui", ""]
    [data] = json.loads(archive.read("valeurs.json"))
    assert data["text"] == rows[0]["text"]  # the JSON keeps the words as written
    assert data["when"] == "2026-12-08T14:03:00+01:00"


def test_a_file_missing_from_storage_is_said_missing(tmp_path, storage_root):
    section = ExportSection(
        key="fichiers-perdus", title="Fichiers", columns=(Column("file", "Fichier"),),
        rows=lambda member: iter([{"file": ExportFile("documents/absent.pdf", "absent.pdf")}]))
    archive = _write(tmp_path, section)
    assert json.loads(archive.read("fichiers-perdus.json")) == [{"file": None}]
    assert json.loads(archive.read("manifest.json"))["sections"]["fichiers-perdus"] == {
        "title": "Fichiers", "rows": 1, "files": 0, "missing_files": 1}
    assert "1 fichier est introuvable" in archive.read("index.html").decode()
