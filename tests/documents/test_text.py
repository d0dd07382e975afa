"""Text extraction for search: the known words come out of every kind of document."""

import pytest

from documents.safety import FileKind, check_upload
from documents.text import extract_text
from tests.documents import samples


@pytest.mark.parametrize(("kind", "make"), [
    (FileKind.PDF, samples.pdf_bytes),
    (FileKind.DOCX, lambda: samples.ooxml_bytes("docx")),
    (FileKind.XLSX, lambda: samples.ooxml_bytes("xlsx")),
    (FileKind.PPTX, lambda: samples.ooxml_bytes("pptx")),
    (FileKind.ODT, lambda: samples.odf_bytes("odt")),
    (FileKind.ODS, lambda: samples.odf_bytes("ods")),
    (FileKind.ODP, lambda: samples.odf_bytes("odp")),
    (FileKind.TXT, lambda: samples.WORDS.encode()),
    (FileKind.MD, lambda: f"# {samples.WORDS}".encode()),
])
def test_known_words_are_extracted(kind, make):
    text = extract_text(make(), kind)
    for word in ("Bonjour", "catalyseurs", "territoriaux"):
        assert word in text


def test_pdf_text_through_a_checked_file():
    checked = check_upload(samples.upload("a.pdf", samples.pdf_bytes("Mots connus ici")))
    assert extract_text(checked.content, checked.kind) == "Mots connus ici"


def test_docx_paragraphs_and_pptx_slides_keep_their_order():
    assert extract_text(samples.ooxml_bytes("docx"), "docx") == (
        f"{samples.WORDS}\nDeuxième paragraphe"
    )
    pptx = extract_text(samples.ooxml_bytes("pptx"), "pptx")
    assert pptx.index("Bonjour") < pptx.index("Deuxième diapositive")
    assert extract_text(samples.odf_bytes("odt"), "odt") == f"Titre\n{samples.WORDS}"


def test_limit():
    text = extract_text(("mot " * 100_000).encode(), "txt", limit=50)
    assert len(text) == 50


def test_images_have_no_text():
    assert extract_text(samples.image_bytes(), "png") == ""


def test_entities_are_not_expanded():
    billion_laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    data = samples.ooxml_bytes("docx", extra={"word/document.xml": billion_laughs})
    assert extract_text(data, "docx") == ""


@pytest.mark.parametrize(("data", "kind"), [
    (b"%PDF-1.7 broken", "pdf"),
    (b"PK\x03\x04 not really", "docx"),
    (b"PK\x03\x04 not really", "odt"),
    (samples.zip_bomb(), "docx"),
    (b"\xff\xfe", "txt"),
])
def test_broken_files_give_empty_text(data, kind):
    assert isinstance(extract_text(data, kind), str)
