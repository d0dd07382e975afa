"""Thumbnails: WebP, bounded, for images and a PDF's first page; None otherwise or when broken."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from documents.previews import make_thumbnail
from documents.safety import FileKind, check_upload
from tests.documents import samples


def opened(thumbnail: ContentFile) -> Image.Image:
    image = Image.open(io.BytesIO(thumbnail.read()))
    image.load()
    return image


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_image_thumbnail(fmt):
    data = samples.image_bytes(fmt, (2000, 1000), color="red")
    thumbnail = make_thumbnail(data, FileKind(fmt.lower()))
    image = opened(thumbnail)
    assert image.format == "WEBP"
    assert image.size == (480, 240)
    assert thumbnail.name == "thumbnail.webp"


def test_pdf_first_page_thumbnail_from_a_checked_file():
    checked = check_upload(samples.upload("a.pdf", samples.pdf_bytes()))
    thumbnail = make_thumbnail(checked.content, checked.kind)
    image = opened(thumbnail)
    assert image.format == "WEBP"
    assert max(image.size) <= 480
    assert image.size[1] > image.size[0]  # a portrait page
    # The page is white with black text: some dark pixels, mostly light ones.
    colours = image.convert("L").getextrema()
    assert colours[0] < 100 and colours[1] > 200


def test_no_thumbnail_for_other_kinds():
    assert make_thumbnail(samples.ooxml_bytes("docx"), FileKind.DOCX) is None
    assert make_thumbnail(b"du texte", "txt") is None


@pytest.mark.parametrize(("data", "kind"), [
    (b"%PDF-1.7 broken", FileKind.PDF),
    (samples.image_bytes("PNG")[:40], FileKind.PNG),
    (b"", FileKind.JPEG),
    (b"anything", "not-a-kind"),
])
def test_broken_files_give_none_and_never_raise(data, kind, caplog):
    assert make_thumbnail(data, kind) is None
