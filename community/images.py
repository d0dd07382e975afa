"""Uploaded pictures are decoded and re-encoded: only pixels survive, never metadata or payloads."""

from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_PIXELS = 40_000_000
AVATAR_SIZE = (512, 512)


def reencode_avatar(upload: UploadedFile) -> ContentFile:
    if upload.size > settings.AVATAR_MAX_BYTES:
        raise ValidationError(
            _("The photo is too large (%(size)s); the limit is %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.AVATAR_MAX_BYTES),
            }
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise ValidationError(_("Please choose a JPEG, PNG, WebP or GIF picture."))
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("The picture has too many pixels."))
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            picture = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(_("This file is not a picture we can read.")) from error
    picture = ImageOps.fit(picture, AVATAR_SIZE) if min(picture.size) >= AVATAR_SIZE[0] else picture
    picture.thumbnail(AVATAR_SIZE)
    output = BytesIO()
    picture.save(output, format="WEBP", quality=85)
    return ContentFile(output.getvalue(), name="avatar.webp")
