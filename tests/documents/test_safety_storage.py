"""Random stored names and safe download responses (documents/storage.py), and the French 400
page for a request with too many files (documents/errors.py)."""

import re

from django.core.files.base import ContentFile
from django.db import models
from django.db.migrations.writer import MigrationWriter
from django.urls import reverse

from documents.kinds import FileKind
from documents.storage import (
    UploadTo,
    attachment_response,
    content_disposition,
    inline_image_response,
    random_upload_path,
    upload_to,
)


def test_random_paths_never_contain_the_given_name():
    first = random_upload_path("documents", FileKind.PDF)
    second = random_upload_path("documents", "pdf")
    assert re.fullmatch(r"documents/[0-9a-f]{2}/[0-9a-f]{32}\.pdf", first)
    assert first != second
    assert random_upload_path("walls/", None).startswith("walls/")


def test_upload_to_is_serializable_and_uses_the_kind():
    field = models.FileField(upload_to=upload_to("documents"))
    serialized, imports = MigrationWriter.serialize(field)
    assert "documents.storage.UploadTo('documents')" in serialized
    assert "import documents.storage" in imports
    assert UploadTo("documents") == upload_to("documents")

    class Instance:
        kind = "jpeg"

    path = upload_to("images")(Instance(), "../../evil.php")
    assert re.fullmatch(r"images/[0-9a-f]{2}/[0-9a-f]{32}\.jpg", path)
    thumbnail = upload_to("thumbnails")(Instance(), "thumbnail.webp")
    assert re.fullmatch(r"thumbnails/[0-9a-f]{2}/[0-9a-f]{32}\.webp", thumbnail)
    assert re.fullmatch(r"x/[0-9a-f]{2}/[0-9a-f]{32}\.csv", upload_to("x")(object(), "a.csv"))
    assert re.fullmatch(r"x/[0-9a-f]{2}/[0-9a-f]{32}", upload_to("x")(object(), "a.php"))


def test_content_disposition_has_an_ascii_fallback_and_the_exact_name():
    header = content_disposition("attachment", 'Réunion "été" 2026;\r\nSet-Cookie: x.pdf')
    assert header == (
        'attachment; filename="Reunion _ete_ 2026_Set-Cookie: x.pdf"; '
        "filename*=UTF-8''R%C3%A9union%20%22%C3%A9t%C3%A9%22%202026%3BSet-Cookie%3A%20x.pdf"
    )
    assert "\n" not in header and "\r" not in header


def test_attachment_response_headers():
    response = attachment_response(ContentFile(b"%PDF-1.7", name="x"), filename="Compte rendu.pdf",
                                   content_type="application/pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="Compte rendu.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == b"%PDF-1.7"


def test_inline_images_only():
    image = inline_image_response(ContentFile(b"webp", name="t"), filename="t.webp",
                                  content_type="image/webp")
    assert image["Content-Disposition"].startswith("inline;")
    other = inline_image_response(ContentFile(b"x", name="t"), filename="t.html",
                                  content_type="text/html")
    assert other["Content-Disposition"].startswith("attachment;")


def test_too_many_files_in_a_request_get_a_french_400_page(member, client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from walls.models import Post, Wall

    wall = Wall.objects.get(kind=Wall.Kind.GROUP)
    client.force_login(member)
    files = [SimpleUploadedFile(f"f{n}.txt", b"x") for n in range(101)]
    response = client.post(reverse("walls:post_create", args=[wall.slug]),
                           {"body": "Bonjour", "files": files})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Requête refusée" in content
    assert "Trop de fichiers ont été envoyés à la fois : 10 fichiers au plus" in content
    assert "Rien n’a été enregistré" in content.replace("&#x27;", "’").replace("'", "’")
    assert not Post.objects.exists()


def test_too_many_fields_get_the_same_clear_page(member, client, settings):
    from walls.models import Wall

    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 3
    wall = Wall.objects.get(kind=Wall.Kind.GROUP)
    client.force_login(member)
    response = client.post(reverse("walls:post_create", args=[wall.slug]),
                           {f"f{n}": "x" for n in range(10)})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Le formulaire a envoyé trop de données à la fois." in content
    assert "fichiers" not in content.split("<main", 1)[1]
