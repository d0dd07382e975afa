"""Good files of every accepted kind pass documents.safety.check_upload, typed by content."""

import io

import pytest
from PIL import Image

from documents.safety import CheckedFile, FileKind, check_upload, check_uploads
from tests.documents import samples

GOOD = [
    ("rapport.pdf", samples.pdf_bytes, FileKind.PDF, "rapport.pdf"),
    ("compte-rendu.odt", lambda: samples.odf_bytes("odt"), FileKind.ODT, "compte-rendu.odt"),
    ("budget.ods", lambda: samples.odf_bytes("ods"), FileKind.ODS, "budget.ods"),
    ("atelier.odp", lambda: samples.odf_bytes("odp"), FileKind.ODP, "atelier.odp"),
    ("note.docx", lambda: samples.ooxml_bytes("docx"), FileKind.DOCX, "note.docx"),
    ("tableau.xlsx", lambda: samples.ooxml_bytes("xlsx"), FileKind.XLSX, "tableau.xlsx"),
    ("diapos.pptx", lambda: samples.ooxml_bytes("pptx"), FileKind.PPTX, "diapos.pptx"),
    ("lisez-moi.txt", lambda: "Équipe de catalyseurs\n".encode(), FileKind.TXT, "lisez-moi.txt"),
    ("export.csv", lambda: b"nom;region\nAda;Bretagne\n", FileKind.CSV, "export.csv"),
    ("guide.md", lambda: b"# Guide\n\n- un *point*\n", FileKind.MD, "guide.md"),
    ("carte.png", lambda: samples.image_bytes("PNG"), FileKind.PNG, "carte.png"),
    ("photo.jpeg", lambda: samples.image_bytes("JPEG"), FileKind.JPEG, "photo.jpeg"),
    ("schema.webp", lambda: samples.image_bytes("WEBP"), FileKind.WEBP, "schema.webp"),
]


@pytest.mark.parametrize(("name", "make", "kind", "display"), GOOD, ids=[g[0] for g in GOOD])
def test_every_accepted_kind(name, make, kind, display):
    data = make()
    checked = check_upload(samples.upload(name, data, "application/x-whatever"))
    assert isinstance(checked, CheckedFile)
    assert checked.kind == kind
    assert checked.display_name == display
    assert checked.content_type == kind.content_type
    stored = checked.content.read()
    assert checked.size == len(stored) > 0
    if not kind.is_image:
        assert stored == data  # documents are stored as sent


@pytest.mark.parametrize(("name", "make", "kind", "display"), [
    ("rapport.txt", samples.pdf_bytes, FileKind.PDF, "rapport.pdf"),
    ("photo.png", lambda: samples.image_bytes("JPEG"), FileKind.JPEG, "photo.jpg"),
    ("tableur", lambda: samples.ooxml_bytes("xlsx"), FileKind.XLSX, "tableur.xlsx"),
    ("notes", lambda: b"quelques notes", FileKind.TXT, "notes.txt"),
    ("texte.pdf", lambda: b"du texte brut", FileKind.TXT, "texte.txt"),
])
def test_kind_comes_from_content_and_the_extension_is_corrected(name, make, kind, display):
    checked = check_upload(samples.upload(name, make(), "application/pdf"))
    assert checked.kind == kind
    assert checked.display_name == display


def test_images_are_reencoded_without_metadata_and_turned_upright():
    # Orientation 6: the camera was turned; the stored pixels must be upright (48 x 64).
    data = samples.image_bytes("JPEG", (64, 48), exif=samples.gps_exif(orientation=6))
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif().get_ifd(0x8825)  # the sample really has a GPS position
    checked = check_upload(samples.upload("vacances.jpg", data, "image/jpeg"))
    stored = checked.content.read()
    assert b"Catalyse Test Camera" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert image.size == (48, 64)
        exif = image.getexif()
        assert not exif.get_ifd(0x8825)
        assert 0x0112 not in exif
        assert "exif" not in image.info


def test_png_text_chunks_are_dropped():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Secret Person")
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (1, 2, 3, 4)).save(out, "PNG", pnginfo=info)
    checked = check_upload(samples.upload("a.png", out.getvalue()))
    stored = checked.content.read()
    assert b"Secret Person" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.mode == "RGBA"


def test_windows_1252_text_is_stored_as_utf8():
    data = "nom;commune\nÉlodie;Besançon\n".encode("cp1252")
    checked = check_upload(samples.upload("export.csv", data))
    assert checked.content.read().decode("utf-8") == "nom;commune\nÉlodie;Besançon\n"


def test_a_harmless_open_action_is_accepted():
    checked = check_upload(samples.upload("a.pdf", samples.pdf_with_goto_open_action()))
    assert checked.kind == FileKind.PDF


def test_a_pdf_with_a_web_link_is_accepted():
    data = samples.pdf_with_link(b"https://catalyseurs.example/ressources")
    assert check_upload(samples.upload("liens.pdf", data)).kind == FileKind.PDF


def test_markdown_with_a_little_html_further_down_is_accepted():
    data = ("# Titre\n\n" + "Du texte.\n" * 600 + "<details>plus</details>\n").encode()
    assert check_upload(samples.upload("guide.md", data)).kind == FileKind.MD


def test_several_files_at_once():
    checked = check_uploads([
        samples.upload("a.pdf", samples.pdf_bytes()),
        samples.upload("b.png", samples.image_bytes()),
    ])
    assert [item.kind for item in checked] == [FileKind.PDF, FileKind.PNG]


def test_a_large_upload_is_read_from_a_temporary_file(settings):
    from django.core.files.uploadedfile import TemporaryUploadedFile

    data = samples.pdf_bytes()
    upload = TemporaryUploadedFile("gros.pdf", "application/pdf", len(data), None)
    upload.write(data)
    upload.seek(0)
    checked = check_upload(upload)
    assert checked.kind == FileKind.PDF
    assert checked.content.read() == data
    upload.close()
