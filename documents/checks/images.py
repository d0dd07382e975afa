"""Images: PNG, JPEG and WebP, decoded with Pillow and re-encoded.

Re-encoding is what makes an image safe to show: whatever rode along with the pixels (EXIF with
GPS positions, comments, trailing HTML, a second file glued after the end) is left behind, and
the orientation recorded by the camera is applied to the pixels. Pixels are bounded before
decoding (a small file can declare a huge canvas). A file with markup in its bytes, or data after
a PNG's last chunk, is refused outright: it was made to be read as something else.
"""

import io
import logging
import re
import struct
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from documents.kinds import FileKind

logger = logging.getLogger(__name__)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_MARKUP = re.compile(
    rb"<\s*(script|html|body|iframe|svg|object|embed|!doctype)\b|javascript:", re.IGNORECASE
)
_OTHER_IMAGES = (b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"\x00\x00\x01\x00")
FORMATS = {"PNG": FileKind.PNG, "JPEG": FileKind.JPEG, "WEBP": FileKind.WEBP}


def looks_like(head: bytes) -> bool:
    return (
        head.startswith(PNG_SIGNATURE)
        or head.startswith(b"\xff\xd8\xff")
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
    )


def is_other_image(head: bytes) -> bool:
    """GIF, BMP, TIFF, ICO, HEIC/AVIF: images, but not accepted ones (a clearer message than
    "unknown type")."""
    bitmap = head.startswith(b"BM") and head[6:10] == b"\0\0\0\0"
    return bitmap or head.startswith(_OTHER_IMAGES) or head[4:12] in (
        b"ftypheic", b"ftypheix", b"ftypavif", b"ftypmif1"
    )


def max_pixels() -> int:
    return settings.DOCUMENTS_MAX_IMAGE_PIXELS


def check(data: bytes, name: str) -> tuple[FileKind, bytes]:
    if _MARKUP.search(data) or (data.startswith(PNG_SIGNATURE) and _png_has_trailer(data)):
        raise ValidationError(
            _("“%(name)s” is not a plain image: it hides other content (such as HTML) and is "
              "refused."),
            code="image_polyglot", params={"name": name},
        )
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
                kind = FORMATS[image.format]
                width, height = image.size
                if width * height > max_pixels():
                    raise _too_big(name, width, height)
                image.seek(0)
                image.load()
                image = ImageOps.exif_transpose(image)
                encoded = encode(image, kind)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("“%(name)s” is too large an image: at most %(max)d million pixels."),
            code="image_too_big", params={"name": name, "max": max_pixels() // 1_000_000},
        ) from error
    except UnidentifiedImageError as error:
        raise _broken(name) from error
    except Exception as error:  # Pillow raises OSError, SyntaxError, ValueError... on bad data
        logger.info("image refused as unreadable: %r", error)
        raise _broken(name) from error
    return kind, encoded


def encode(image, kind: FileKind) -> bytes:
    """Encode pixels only: no EXIF, no text chunks, no comments (the ICC colour profile is
    kept so that colours stay right)."""
    options = {}
    icc = image.info.get("icc_profile")
    if isinstance(icc, bytes) and len(icc) < 1024 * 1024:
        options["icc_profile"] = icc
    output = io.BytesIO()
    if kind == FileKind.JPEG:
        if image.mode not in ("L", "RGB", "CMYK"):
            image = image.convert("RGB")
        image.save(output, "JPEG", quality=90, optimize=True, **options)
    elif kind == FileKind.PNG:
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I;16"):
            image = image.convert("RGBA")
        image.save(output, "PNG", optimize=False, **options)
    else:
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        image.save(output, "WEBP", quality=90, **options)
    return output.getvalue()


def _png_has_trailer(data: bytes) -> bool:
    """True when bytes follow the IEND chunk (or the chunks do not reach it)."""
    position = len(PNG_SIGNATURE)
    while position + 8 <= len(data):
        length, chunk_type = struct.unpack(">I4s", data[position:position + 8])
        position += 12 + length
        if chunk_type == b"IEND":
            return position < len(data)
    return False  # truncated: Pillow decides whether it is readable


def _too_big(name: str, width: int, height: int) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is too large an image (%(width)d × %(height)d pixels): at most "
          "%(max)d million pixels."),
        code="image_too_big",
        params={"name": name, "width": width, "height": height,
                "max": max_pixels() // 1_000_000},
    )


def _broken(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is not a readable image: it may be damaged or not an image at all."),
        code="image_invalid", params={"name": name},
    )
