"""Thumbnails (issue 6 §3): a small WebP picture of an image or of a PDF's first page.

Made once, at upload time, from content that already passed documents.safety; bounded in size
and pixels. A thumbnail is a nicety: a file that cannot be drawn gets none (``None``, logged),
never an error for the member.
"""

import io
import logging

from django.core.files.base import ContentFile

from documents.content import PDFIUM_LOCK, as_bytes
from documents.kinds import IMAGE_KINDS, FileKind

logger = logging.getLogger(__name__)

THUMBNAIL_SIZE = (480, 480)
MAX_SOURCE_PIXELS = 80_000_000
MAX_PDF_RENDER_PIXELS = 2_000_000


def make_thumbnail(content, kind: FileKind | str) -> ContentFile | None:
    """A WebP thumbnail (at most 480 × 480) of an image or a PDF's first page; None for other
    kinds or when the file cannot be drawn."""
    try:
        kind = FileKind(kind)
        if kind in IMAGE_KINDS:
            image = _open_image(as_bytes(content))
        elif kind == FileKind.PDF:
            image = _render_pdf_first_page(as_bytes(content))
        else:
            return None
        if image is None:
            return None
        return _to_webp(image)
    except Exception:
        logger.warning("no thumbnail for a %s file", kind, exc_info=True)
        return None


def _open_image(data: bytes):
    from PIL import Image, ImageOps

    image = Image.open(io.BytesIO(data), formats=["PNG", "JPEG", "WEBP"])
    if image.width * image.height > MAX_SOURCE_PIXELS:
        return None
    image.draft("RGB", THUMBNAIL_SIZE)  # JPEG: decode at a reduced scale
    image.load()
    return ImageOps.exif_transpose(image)


def _render_pdf_first_page(data: bytes):
    import pypdfium2

    with PDFIUM_LOCK:
        document = pypdfium2.PdfDocument(data)
        try:
            if len(document) == 0:
                return None
            page = document[0]
            try:
                width, height = page.get_size()
                if width <= 0 or height <= 0:
                    return None
                scale = min(THUMBNAIL_SIZE[0] / width, THUMBNAIL_SIZE[1] / height) * 2
                scale = min(scale, (MAX_PDF_RENDER_PIXELS / (width * height)) ** 0.5)
                bitmap = page.render(scale=scale)
                try:
                    return bitmap.to_pil().copy()
                finally:
                    bitmap.close()
            finally:
                page.close()
        finally:
            document.close()


def _to_webp(image) -> ContentFile:
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info
                              else "RGB")
    image.thumbnail(THUMBNAIL_SIZE)
    output = io.BytesIO()
    image.save(output, "WEBP", quality=80, method=4)
    return ContentFile(output.getvalue(), name="thumbnail.webp")
