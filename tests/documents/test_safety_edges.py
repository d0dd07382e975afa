"""Edge cases of the upload checks: formats that look alike, image modes, text encodings, the
upload handler that keeps oversized files off the disk."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from documents.safety import FileKind, check_upload
from documents.storage import content_disposition
from tests.documents import samples


def checked(name, data):
    return check_upload(samples.upload(name, data))


def refused(name, data) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        checked(name, data)
    return caught.value


@pytest.mark.parametrize(("mode", "fmt", "kind"), [
    ("CMYK", "JPEG", FileKind.JPEG),
    ("L", "JPEG", FileKind.JPEG),
    ("P", "PNG", FileKind.PNG),
    ("I;16", "PNG", FileKind.PNG),
    ("LA", "PNG", FileKind.PNG),
    ("RGBA", "WEBP", FileKind.WEBP),
])
def test_image_modes_are_reencoded(mode, fmt, kind):
    out = io.BytesIO()
    Image.new(mode, (20, 10)).save(out, fmt)
    result = checked(f"x.{fmt.lower()}", out.getvalue())
    assert result.kind == kind
    with Image.open(io.BytesIO(result.content.read())) as image:
        assert image.size == (20, 10)


def test_an_animated_png_keeps_its_first_frame():
    out = io.BytesIO()
    frames = [Image.new("RGB", (8, 8), color) for color in ("red", "blue")]
    frames[0].save(out, "PNG", save_all=True, append_images=frames[1:])
    result = checked("anim.png", out.getvalue())
    with Image.open(io.BytesIO(result.content.read())) as image:
        assert getattr(image, "n_frames", 1) == 1
        assert image.convert("RGB").getpixel((0, 0)) == (255, 0, 0)


def test_a_tiny_png_declaring_a_huge_canvas_is_refused_before_decoding():
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    data = (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b""))
    error = refused("bombe.png", data)
    assert error.code == "image_too_big"
    assert "est une image trop grande" in error.messages[0]
    assert "50 millions de pixels au plus" in error.messages[0]


def test_a_text_starting_like_a_bitmap_is_still_text():
    assert checked("notes.txt", b"BMW et Renault : partenariats locaux\n").kind == FileKind.TXT


def test_utf16_text_is_stored_as_utf8():
    data = "nom;ville\nÉlise;Sète\n".encode("utf-16")
    result = checked("export.csv", data)
    assert result.content.read().decode("utf-8") == "nom;ville\nÉlise;Sète\n"


def test_binary_garbage_is_refused():
    error = refused("donnees.bin", bytes(range(256)) * 4)
    assert error.code == "unsupported_type"


def test_old_office_formats_are_refused_with_advice():
    error = refused("rapport.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500)
    assert error.code == "legacy_office"
    assert "ancien format Office" in error.messages[0]


def test_gif_is_refused_with_advice():
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "GIF")
    error = refused("anim.gif", out.getvalue())
    assert error.code == "image_format"
    assert "utilisez PNG, JPEG ou WebP" in error.messages[0]


def test_a_name_in_another_script_gets_a_readable_ascii_fallback():
    header = content_disposition("attachment", "報告.pdf")
    assert header == (
        "attachment; filename=\"document.pdf\"; filename*=UTF-8''%E5%A0%B1%E5%91%8A.pdf"
    )


# --- The upload handler -----------------------------------------------------------------------


def test_an_oversized_file_is_not_kept_while_the_request_is_read(client, member, settings):
    """Through the real request parser: the view receives a stand-in without content, and the
    form says the file is too large."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from walls.models import Post, Wall

    settings.DOCUMENTS_MAX_UPLOAD_BYTES = 4096
    wall = Wall.objects.get(kind=Wall.Kind.GROUP)
    client.force_login(member)
    big = SimpleUploadedFile("énorme.pdf", b"%PDF-" + b"x" * 100_000)
    response = client.post(f"/mur/{wall.slug}/publier/", {"body": "Bonjour", "files": [big]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "« énorme.pdf » est trop volumineux (97,7\xa0Kio)" in html
    assert not Post.objects.exists()


def test_the_handler_passes_small_files_on():
    from documents.uploads import OversizedUpload, SizeLimitUploadHandler

    handler = SizeLimitUploadHandler()
    handler.new_file("files", "a.txt", "text/plain", 10)
    assert handler.receive_data_chunk(b"x" * 10, 0) == b"x" * 10
    assert handler.file_complete(10) is None
    handler.new_file("files", "b.txt", "text/plain", 10)
    handler.limit = 15
    assert handler.receive_data_chunk(b"x" * 10, 0) == b"x" * 10
    assert handler.receive_data_chunk(b"x" * 10, 10) is None
    stand_in = handler.file_complete(20)
    assert isinstance(stand_in, OversizedUpload)
    assert (stand_in.name, stand_in.size, stand_in.read()) == ("b.txt", 20, b"")
