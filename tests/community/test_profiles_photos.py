"""Avatar handling: uploads checked, re-encoded and stripped, served to members only
(DESIGN.md §8: uploads, §9: bad inputs)."""

from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image

from community.models import Profile
from tests.community.profiles import EDIT_URL, edit_data, image_bytes, snapshot, stored_path, upload

pytestmark = pytest.mark.django_db


# --- photos -----------------------------------------------------------------------------------


def test_text_file_named_jpg_is_refused(as_user, member):
    before = snapshot(member)
    response = as_user(member).post(EDIT_URL, edit_data(
        photo=upload("photo.jpg", b"Hello, I am not a picture at all.\n" * 20, "image/jpeg"),
    ))
    assert response.status_code == 200
    assert "photo" in response.context["form"].errors
    assert snapshot(member) == before


def test_html_named_png_is_refused(as_user, member):
    before = snapshot(member)
    response = as_user(member).post(EDIT_URL, edit_data(
        photo=upload("photo.png", b"<html><script>alert(1)</script></html>"),
    ))
    assert response.status_code == 200
    assert "photo" in response.context["form"].errors
    assert snapshot(member) == before


def test_unaccepted_image_format_is_refused(as_user, member):
    before = snapshot(member)
    response = as_user(member).post(EDIT_URL, edit_data(
        photo=upload("photo.png", image_bytes("BMP"), "image/png"),
    ))
    assert response.status_code == 200
    assert "photo" in response.context["form"].errors
    assert snapshot(member) == before


def test_picture_with_too_many_pixels_is_refused(as_user, member):
    """A small file that decodes to a huge bitmap (a pixel bomb) is refused before decoding."""
    buffer = BytesIO()
    Image.new("1", (8000, 6000)).save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 1_000_000
    before = snapshot(member)
    bomb = upload("bomb.png", buffer.getvalue())
    response = as_user(member).post(EDIT_URL, edit_data(photo=bomb))
    assert response.status_code == 200
    assert "photo" in response.context["form"].errors
    assert snapshot(member) == before


def test_oversized_photo_is_refused(as_user, member, settings):
    settings.AVATAR_MAX_BYTES = 10_000
    content = image_bytes("PNG", (200, 200), noise=True)
    assert len(content) > 10_000
    Image.open(BytesIO(content)).verify()  # a real picture, only too big
    before = snapshot(member)
    response = as_user(member).post(EDIT_URL, edit_data(photo=upload("big.png", content)))
    assert response.status_code == 200
    assert "photo" in response.context["form"].errors
    assert snapshot(member) == before


def test_bad_photo_with_other_valid_changes_saves_nothing(as_user, member):
    """A refused photo must not let the rest of the edit through."""
    before = snapshot(member)
    response = as_user(member).post(EDIT_URL, edit_data(
        organisation="Autre organisation", photo=upload("x.jpg", b"not an image", "image/jpeg"),
    ))
    assert response.status_code == 200
    assert snapshot(member) == before
    assert before["organisation"] != "Autre organisation"


def test_png_with_trailing_html_is_reencoded(as_user, member):
    payload = b"<html><body><script>alert(document.cookie)</script></body></html>"
    content = image_bytes("PNG", (80, 80)) + payload
    response = as_user(member).post(EDIT_URL, edit_data(photo=upload("polyglot.png", content)))
    assert response.status_code == 302
    stored = stored_path(member).read_bytes()
    assert stored[:4] == b"RIFF" and stored[8:12] == b"WEBP"
    assert b"<html" not in stored.lower()
    assert b"script" not in stored.lower()
    with Image.open(BytesIO(stored)) as image:
        assert image.format == "WEBP"


def test_valid_photo_is_renamed_reencoded_and_stripped(as_user, member):
    exif = Image.Exif()
    exif[0x010F] = "Appareil Espion"  # Make
    exif[0x0110] = "Modèle X"  # Model
    exif[0x0132] = "2026:01:01 12:00:00"  # DateTime
    original = image_bytes("JPEG", (640, 480), exif=exif)
    with Image.open(BytesIO(original)) as probe:
        assert probe.getexif()  # the upload really carries EXIF metadata
    response = as_user(member).post(EDIT_URL, edit_data(
        photo=upload("Marc-Membre-passeport.jpg", original, "image/jpeg"),
    ))
    assert response.status_code == 302
    profile = Profile.objects.get(user=member)
    name = profile.photo.name
    assert name.startswith("avatars/")
    assert "Marc" not in name and "passeport" not in name
    assert name.endswith(".webp")
    path = Path(profile.photo.path)
    assert path.is_file()
    with Image.open(path) as stored:
        assert stored.format == "WEBP"
        assert max(stored.size) <= 512
        assert not stored.getexif()
        assert "exif" not in stored.info
        assert "xmp" not in stored.info
    assert b"Espion" not in path.read_bytes()


def test_two_uploads_get_different_random_names(as_user, member, other_member):
    for user in (member, other_member):
        as_user(user).post(EDIT_URL, edit_data(photo=upload("me.png", image_bytes())))
    first, second = (Profile.objects.get(user=u).photo.name for u in (member, other_member))
    assert first and second and first != second


def test_photo_is_served_to_members_only(as_user, member, other_member):
    as_user(member).post(EDIT_URL, edit_data(photo=upload("me.png", image_bytes())))
    url = reverse("community:member_photo", args=[member.pk])

    response = as_user(other_member).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content)
    assert body == stored_path(member).read_bytes()

    anonymous = as_user(None).get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))


def test_photo_of_member_without_photo_is_404(as_user, member, other_member):
    response = as_user(other_member).get(reverse("community:member_photo", args=[member.pk]))
    assert response.status_code == 404


def test_photo_is_not_served_to_applicants(as_user, member, applicant):
    as_user(member).post(EDIT_URL, edit_data(photo=upload("me.png", image_bytes())))
    response = as_user(applicant).get(reverse("community:member_photo", args=[member.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("community:application_status")


def test_photo_can_be_removed(as_user, member, django_capture_on_commit_callbacks):
    client = as_user(member)
    client.post(EDIT_URL, edit_data(photo=upload("me.png", image_bytes())))
    path = stored_path(member)
    assert path.is_file()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(EDIT_URL, edit_data(remove_photo="on"))
    assert response.status_code == 302
    assert Profile.objects.get(user=member).photo.name == ""
    assert not path.exists()
    photo_url = reverse("community:member_photo", args=[member.pk])
    assert client.get(photo_url).status_code == 404


def test_replacing_the_photo_deletes_the_old_file(as_user, member,
                                                  django_capture_on_commit_callbacks):
    client = as_user(member)
    client.post(EDIT_URL, edit_data(photo=upload("one.png", image_bytes())))
    old_path = stored_path(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(EDIT_URL, edit_data(photo=upload("two.png", image_bytes("PNG", (30, 30)))))
    new_path = stored_path(member)
    assert new_path != old_path
    assert new_path.is_file()
    assert not old_path.exists()
