"""Attachments on wall posts (issue 5 §1): under the document rules (documents.safety), shown
as thumbnails or links, downloaded only through a permission-checked view, all or nothing."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from documents import scanning
from documents.models import ScanStatus
from moderation.services import decide
from tests.documents import samples
from tests.factories import MemberFactory, PostFactory
from walls import selectors, services
from walls.models import Post, PostAttachment

pytestmark = pytest.mark.django_db


@pytest.fixture
def wall():
    return selectors.group_wall()


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def publish(client, wall, *files, body="Voici les documents"):
    return client.post(reverse("walls:post_create", args=[wall.slug]),
                       {"body": body, "files": list(files)})


def photo():
    return samples.upload("Photo de l'atelier.jpg",
                          samples.image_bytes("JPEG", (800, 600), exif=samples.gps_exif()),
                          "image/jpeg")


def pdf():
    return samples.upload("Compte rendu.pdf", samples.pdf_bytes(), "application/pdf")


@pytest.fixture
def post_with_files(member, wall, as_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = publish(as_user(member), wall, photo(), pdf())
    assert response.status_code == 302
    return Post.objects.get()


# --- Publishing -------------------------------------------------------------------------------


def test_the_composer_offers_attachments(as_user, member, wall):
    html = as_user(member).get(reverse("walls:group")).content.decode()
    composer = html.split('id="composer"', 1)[1].split("</form>", 1)[0]
    assert 'enctype="multipart/form-data"' in composer
    assert re.search(r'<label for="id_files">Pièces jointes \(facultatif\)', composer)
    assert 'type="file" name="files"' in composer and "multiple" in composer


def test_a_post_with_an_image_and_a_pdf(as_user, member, wall, settings, post_with_files):
    post = post_with_files
    image, document = post.attachments.order_by("position")
    assert (image.kind, image.display_name, image.scan_status) == (
        "jpeg", "Photo de l'atelier.jpg", ScanStatus.UNSCANNED)
    assert (document.kind, document.display_name) == ("pdf", "Compte rendu.pdf")
    assert re.fullmatch(r"walls/[0-9a-f]{2}/[0-9a-f]{32}\.jpg", image.file.name)
    assert re.fullmatch(r"walls/thumbnails/[0-9a-f]{2}/[0-9a-f]{32}\.webp", image.thumbnail.name)
    with Image.open(image.file.path) as stored:  # re-encoded: no EXIF, no GPS
        assert not stored.getexif().get_ifd(0x8825)
    assert len(stored_files(settings)) == 3  # two files, the image's thumbnail

    html = as_user(member).get(reverse("walls:group")).content.decode()
    assert (f'<img src="/mur/piece-jointe/{image.pk}/apercu/" alt="Photo de l&#x27;atelier.jpg"'
            in html)
    assert f'<a href="/mur/piece-jointe/{document.pk}/" class="wall-attachment__file">' \
           "Compte rendu.pdf</a>" in html
    assert "/media/" not in html


def test_the_download_is_an_attachment_with_nosniff(as_user, other_member, post_with_files):
    document = post_with_files.attachments.get(kind="pdf")
    response = as_user(other_member).get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Compte rendu.pdf\"; filename*=UTF-8''Compte%20rendu.pdf")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    thumbnail = as_user(other_member).get(
        post_with_files.attachments.get(kind="jpeg").get_thumbnail_url())
    assert thumbnail["Content-Type"] == "image/webp"
    assert thumbnail["Content-Disposition"].startswith("inline;")


# --- Who may download -------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "state", "expected"), [
    ("anonymous", "published", 302),
    ("applicant", "published", 302),
    ("member", "published", 200),
    ("other_member", "published", 200),
    ("moderator", "published", 200),
    ("admin_user", "published", 200),
    ("member", "hidden", 404),  # the author: the post is out of the network's sight
    ("other_member", "hidden", 404),
    ("moderator", "hidden", 200),  # to judge it
    ("member", "deleted", 404),
    ("other_member", "deleted", 404),
    ("moderator", "deleted", 404),
])
def test_download_permission_matrix(request, as_user, moderator, member, post_with_files,
                                    role, state, expected):
    attachment = post_with_files.attachments.get(kind="pdf")
    url, thumbnail_url = (attachment.get_absolute_url(),
                          post_with_files.attachments.get(kind="jpeg").get_thumbnail_url())
    if state == "hidden":
        decide(actor=moderator, item=post_with_files, decision="hide", reason="Hors charte")
    elif state == "deleted":
        services.post_delete(actor=member, post=post_with_files)
    user = None if role == "anonymous" else request.getfixturevalue(role)
    client = as_user(user)
    assert client.get(url).status_code == expected
    assert client.get(thumbnail_url).status_code == expected


def test_unknown_attachment_is_a_404(as_user, member):
    assert as_user(member).get(reverse("walls:attachment_download", args=[999])).status_code \
        == 404


def test_a_hidden_post_shows_its_attachments_to_moderators_only(as_user, moderator, member,
                                                                 post_with_files):
    decide(actor=moderator, item=post_with_files, decision="hide", reason="Hors charte")
    url = post_with_files.get_absolute_url()
    assert "wall-attachments" in as_user(moderator).get(url).content.decode()
    assert "wall-attachments" not in as_user(member).get(url).content.decode()


# --- Deleting ---------------------------------------------------------------------------------


def test_deleting_a_post_removes_its_files(member, settings, post_with_files,
                                           django_capture_on_commit_callbacks):
    assert len(stored_files(settings)) == 3
    with django_capture_on_commit_callbacks(execute=True):
        services.post_delete(actor=member, post=post_with_files)
    assert not PostAttachment.objects.exists()
    assert stored_files(settings) == []


# --- Bad uploads: the form again, in French, nothing stored -----------------------------------


@pytest.mark.parametrize(("files", "french"), [
    (lambda: [samples.upload("rapport.pdf", b"<html><script>alert(1)</script></html>")],
     "« rapport.pdf » contient du HTML ou un script"),
    (lambda: [samples.upload("image.png", samples.image_bytes() + b"<html>x</html>")],
     "« image.png » n&#x27;est pas une simple image"),
    (lambda: [samples.upload("polyglotte.pdf", samples.pdf_with_javascript())],
     "« polyglotte.pdf » contient du contenu actif"),
    (lambda: [samples.upload("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>')],
     "« logo.svg » est une image SVG"),
    (lambda: [samples.upload("macro.docm", samples.ooxml_bytes("docm"))],
     "« macro.docm » contient des macros"),
    (lambda: [samples.upload("bombe.docx", samples.zip_bomb())], "« bombe zip »"),
    (lambda: [samples.upload("vide.txt", b"")], "« vide.txt » est vide"),
    (lambda: [pdf(), samples.upload("vide.txt", b"")], "« vide.txt » est vide"),
    (lambda: [samples.upload(f"note{n}.txt", b"texte") for n in range(11)],
     "Vous avez envoyé 11 fichiers : 10 fichiers au plus peuvent être envoyés à la fois."),
])
def test_bad_uploads_are_refused_and_nothing_is_stored(as_user, member, wall, settings,
                                                       files, french):
    response = publish(as_user(member), wall, *files(), body="Mon message reste là")
    assert response.status_code == 200
    html = response.content.decode()
    assert french in html
    assert "Veuillez corriger les erreurs ci-dessous." in html
    assert "Mon message reste là" in html  # the text is kept for another try
    assert not Post.objects.exists()
    assert stored_files(settings) == []


def test_a_file_over_the_size_limit(as_user, member, wall, settings):
    settings.DOCUMENTS_MAX_UPLOAD_BYTES = 100
    html = publish(as_user(member), wall, pdf()).content.decode()
    assert "« Compte rendu.pdf » est trop volumineux" in html
    assert "un fichier ne peut pas dépasser 100\xa0octets" in html
    assert not Post.objects.exists() and stored_files(settings) == []


def test_the_quota_counts_wall_attachments(as_user, member, wall, settings, post_with_files):
    used = sum(post_with_files.attachments.values_list("size", flat=True))
    settings.DOCUMENTS_MEMBER_QUOTA_BYTES = used + 100
    before = stored_files(settings)
    html = publish(as_user(member), wall, pdf(), body="Encore").content.decode()
    assert "Espace de stockage insuffisant" in html
    assert Post.objects.count() == 1 and stored_files(settings) == before


def test_a_failure_after_writing_removes_the_written_files(as_user, member, wall, settings,
                                                           monkeypatch):
    calls = []
    original = PostAttachment.save

    def fail_second(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(PostAttachment, "save", fail_second)
    client = as_user(member)
    client.raise_request_exception = False
    assert publish(client, wall, photo(), pdf()).status_code == 500
    assert not Post.objects.exists()
    assert stored_files(settings) == []


# --- Virus scan -------------------------------------------------------------------------------


@pytest.mark.parametrize(("outcome", "status", "available"), [
    (scanning.ScanResult(scanning.Verdict.CLEAN), ScanStatus.CLEAN, True),
    (scanning.ScanResult(scanning.Verdict.INFECTED, "Eicar-Test-Signature"),
     ScanStatus.INFECTED, False),
    (scanning.ScanResult(scanning.Verdict.UNAVAILABLE), ScanStatus.PENDING, False),
])
def test_files_stay_unavailable_until_the_scan_says_clean(
    as_user, member, other_member, wall, settings, monkeypatch,
    django_capture_on_commit_callbacks, outcome, status, available,
):
    settings.CLAMD_ADDRESS = "tcp://127.0.0.1:9"
    scanned = []

    def fake_scan(content):
        scanned.append(content.read())
        return outcome

    monkeypatch.setattr(scanning, "scan", fake_scan)
    client = as_user(member)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish(client, wall, pdf())
    attachment = PostAttachment.objects.get()
    assert attachment.scan_status == ScanStatus.PENDING
    assert as_user(other_member).get(attachment.get_absolute_url()).status_code == 404
    assert "est en cours d’analyse par l’antivirus" in client.get("/mur/").content.decode() \
        .replace("'", "’").replace("&#x27;", "’")
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    attachment.refresh_from_db()
    assert scanned and scanned[0].startswith(b"%PDF-")
    assert attachment.scan_status == status
    expected = 200 if available else 404
    assert as_user(other_member).get(attachment.get_absolute_url()).status_code == expected
    if status == ScanStatus.INFECTED:
        assert "a été bloqué : l’antivirus y a trouvé une menace" in client.get("/mur/") \
            .content.decode().replace("'", "’").replace("&#x27;", "’")
        assert not Path(attachment.file.path).exists()


# --- Query counts -----------------------------------------------------------------------------


def _fill(wall, count: int) -> None:
    from django.core.files.base import ContentFile

    for _ in range(count):
        post = PostFactory(wall=wall)
        for position in range(2):
            row = PostAttachment(post=post, kind="png", size=10, display_name="a.png",
                                 content_type="image/png", position=position)
            row.file.save("a.png", ContentFile(b"x"), save=False)
            row.thumbnail.save("thumbnail.webp", ContentFile(b"x"), save=False)
            row.save()


def test_the_wall_costs_the_same_with_attachments_on_3_or_20_posts(
    as_user, member, wall, django_assert_max_num_queries
):
    client = as_user(member)
    _fill(wall, 3)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/mur/").status_code == 200
    _fill(wall, 17)
    MemberFactory()
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get("/mur/").content.decode()
    # Two pictures a post, on a page of posts (walls.selectors.PAGE_SIZE).
    assert html.count('class="wall-attachment wall-attachment--image"') == 2 * selectors.PAGE_SIZE


# --- Private project walls, names that try to inject ------------------------------------------


def test_a_private_projects_attachments_stay_within_the_project(
    as_user, member, other_member, moderator, django_capture_on_commit_callbacks
):
    from projects.models import Project
    from tests.projects.conftest import make_project

    project = make_project(member, contributors=[other_member], title="Projet confidentiel",
                           visibility=Project.Visibility.PRIVATE)
    with django_capture_on_commit_callbacks(execute=True):
        response = publish(as_user(member), project.wall, pdf())
    assert response.status_code == 302
    url = PostAttachment.objects.get().get_absolute_url()
    assert as_user(member).get(url).status_code == 200
    assert as_user(other_member).get(url).status_code == 200
    assert as_user(MemberFactory()).get(url).status_code == 404
    assert as_user(moderator).get(url).status_code == 404


def test_a_hostile_file_name_is_shown_inert(as_user, member, wall):
    from html.parser import HTMLParser

    name = '"><img src=x onerror=alert(1)><script>alert(2)</script>.png'
    publish(as_user(member), wall, samples.upload(name, samples.image_bytes()))
    attachment = PostAttachment.objects.get()
    assert "<" not in attachment.display_name and '"' not in attachment.display_name
    html = as_user(member).get(reverse("walls:group")).content.decode()
    block = html.split('<ul class="wall-attachments"', 1)[1].split("</ul>", 1)[0]
    tags = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append((tag, dict(attrs)))

    Collector().feed("<ul" + block)
    assert {tag for tag, _attrs in tags} == {"ul", "li", "a", "img", "span"}
    assert not any(name.startswith("on") for _tag, attrs in tags for name in attrs)
    image = next(attrs for tag, attrs in tags if tag == "img")
    assert image["alt"] == attachment.display_name


def test_one_quota_for_the_library_and_the_walls(member, settings, post_with_files):
    """The library refuses a file once wall attachments fill the member's space, and the other
    way round (documents/quota.py adds up every app's count)."""
    from documents import quota
    from documents import services as documents_services

    on_walls = sum(post_with_files.attachments.values_list("size", flat=True))
    assert quota.used_bytes(member) == on_walls
    settings.DOCUMENTS_MEMBER_QUOTA_BYTES = on_walls + 100
    with pytest.raises(ValidationError) as error:
        documents_services.check_files(member, [pdf()])
    assert "Espace de stockage insuffisant" in " ".join(error.value.messages)
