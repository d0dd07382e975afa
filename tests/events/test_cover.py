"""The cover picture: checked by its content and re-encoded (documents.safety), stored under a
random name, served only to whoever may see the event."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from events.models import Event
from tests.conftest import client_for
from tests.events.conftest import make_event


def _png() -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (64, 32), (20, 120, 60)).save(buffer, format="PNG")
    return SimpleUploadedFile("affiche de la journée.png", buffer.getvalue(), "image/png")


def test_organisers_add_a_cover_that_members_see_and_others_do_not(project, owner, contributor,
                                                                   member, moderator):
    event = make_event(owner, project=project)
    manage = reverse("events:manage", args=[event.pk])
    client_for(owner).post(manage, {"action": "cover", "cover-cover": _png()})
    event = Event.objects.get(pk=event.pk)
    assert event.cover and "journée" not in event.cover.name
    url = reverse("events:cover", args=[event.pk])
    response = client_for(contributor).get(url)
    assert response.status_code == 200 and response["Content-Type"] == event.cover_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_for(member).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
    assert 'data-cover' in client_for(contributor).get(event.get_absolute_url()).content.decode()


def test_a_file_that_is_not_a_picture_is_refused_in_french(moderator):
    event = make_event(moderator)
    text = SimpleUploadedFile("notes.txt", b"Bonjour\n", "text/plain")
    response = client_for(moderator).post(reverse("events:manage", args=[event.pk]),
                                          {"action": "cover", "cover-cover": text}, follow=True)
    assert "Choisissez une image" in response.content.decode()
    assert not Event.objects.get(pk=event.pk).cover


def test_slides_added_by_the_organisers_are_downloaded_by_those_who_see_the_event(
        project, owner, contributor, member):
    event = make_event(owner, project=project)
    pdf_like = SimpleUploadedFile("notes de la journée.txt", "Trois idées.\n".encode(),
                                  "text/plain")
    client_for(owner).post(reverse("events:manage", args=[event.pk]),
                           {"action": "document", "document-file": pdf_like})
    [document] = event.documents.all()
    url = reverse("events:document", args=[event.pk, document.pk])
    response = client_for(contributor).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == (
        "Trois idées.\n".encode())
    assert "attachment" in response["Content-Disposition"]
    assert client_for(member).get(url).status_code == 404
    assert url in client_for(contributor).get(event.get_absolute_url()).content.decode()
    client_for(member).post(reverse("events:manage", args=[event.pk]),
                            {"action": "document", "document-file": pdf_like})
    assert event.documents.count() == 1
