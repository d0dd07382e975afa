"""Library documents linked to an event: the organisers pick documents they may read (a search
of the library, without JavaScript), each reader of the event's page sees only those they may
read, and removing a link never deletes the document."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from documents.models import Document
from events import services
from events.models import EventLibraryDocument
from moderation.services import decide
from notifications.models import Notification
from tests.conftest import client_for
from tests.documents.helpers import make_project, project_document, proposed, published
from tests.events.conftest import make_event
from tests.factories import MemberFactory


@pytest.fixture
def teammate(db):
    """A member of the private project, registered to the event."""
    return MemberFactory(first_name="Théo", last_name="Équipier")


@pytest.fixture
def setting(moderator, organiser, registrant, teammate, committed):
    """A network event run by ``organiser`` (also a member of a private project), with a
    library guide and the private project's budget linked to it."""
    event = make_event(moderator)
    event.organisers.add(organiser)
    private = make_project(organiser, private=True, members=[teammate], title="Projet discret")
    with committed():
        guide = published(moderator, title="Guide des alliances territoriales")
        budget = project_document(organiser, private, title="Budget confidentiel du projet")
    for person in (registrant, teammate):
        services.registration_create(actor=person, event=event)
    services.event_link_document(actor=organiser, event=event, document_id=guide.pk)
    services.event_link_document(actor=organiser, event=event, document_id=budget.pk)
    return {"event": event, "guide": guide, "budget": budget, "project": private}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the services leave for after commit (the search index's updates)."""
    def run():
        return django_capture_on_commit_callbacks(execute=True)
    return run


def _linked_on_page(user, event) -> set[str]:
    response = client_for(user).get(reverse("events:detail", args=[event.pk]))
    assert response.status_code == 200
    return set(re.findall(r'data-library-document="\d+">([^<]+)</a>', response.content.decode()))


GUIDE, BUDGET = "Guide des alliances territoriales", "Budget confidentiel du projet"


@pytest.mark.parametrize(("who", "seen"), [
    ("member", {GUIDE}),
    ("registrant", {GUIDE}),  # registered, but not in the private project
    ("teammate", {GUIDE, BUDGET}),  # registered and in the project
    ("organiser", {GUIDE, BUDGET}),
    ("moderator", {GUIDE}),  # moderators never read a private project's documents
])
def test_each_reader_sees_the_linked_documents_they_may_read(setting, who, seen, request):
    assert _linked_on_page(request.getfixturevalue(who), setting["event"]) == seen


def test_the_page_of_a_private_document_stays_closed_to_a_registrant(setting, registrant):
    url = setting["budget"].get_absolute_url()
    assert client_for(registrant).get(url).status_code == 404


def test_a_hidden_document_disappears_from_the_event(setting, moderator, teammate):
    decide(actor=moderator, item=setting["guide"], decision="hide", reason="Doublon")
    assert _linked_on_page(teammate, setting["event"]) == {BUDGET}


def test_only_what_the_organiser_may_read_and_is_published_can_be_linked(
        moderator, organiser, member):
    event = make_event(moderator)
    event.organisers.add(organiser)
    elsewhere = make_project(member, private=True, title="Projet d'un autre")
    secret = project_document(member, elsewhere, title="Note interne")
    waiting = proposed(member, title="Proposition en attente")
    mine_waiting = proposed(organiser, title="Ma proposition")
    for document_id in (secret.pk, waiting.pk, mine_waiting.pk, 999_999, "abc", None):
        with translation.override("fr"), pytest.raises(ValidationError) as caught:
            services.event_link_document(actor=organiser, event=event, document_id=document_id)
        assert "choisissez un document publié" in " ".join(caught.value.messages)
    assert not EventLibraryDocument.objects.exists()


def test_the_organisers_page_searches_links_and_unlinks(moderator, organiser, member,
                                                        committed):
    event = make_event(moderator)
    event.organisers.add(organiser)
    with committed():
        guide = published(moderator, title="Guide de la mutualisation")
        published(moderator, title="Charte du réseau")
    client = client_for(organiser)
    manage = reverse("events:manage", args=[event.pk])
    # The picker without words: the newest readable documents; with words: the library search.
    assert f'data-choice="{guide.pk}"' in client.get(manage).content.decode()
    found = client.get(manage, {"bibliotheque": "mutualisation"}).content.decode()
    assert f'data-choice="{guide.pk}"' in found and "Charte du réseau" not in found
    response = client.post(manage, {"action": "link", "document": guide.pk}, follow=True)
    page = response.content.decode()
    assert "Le document de la bibliothèque est lié à l&#x27;événement." in page \
        or "Le document de la bibliothèque est lié à l'événement." in page
    assert f'data-linked-document="{guide.pk}"' in page
    assert f'data-choice="{guide.pk}"' not in page  # already linked: no longer offered
    # Twice: a clear error, still one link.
    again = client.post(manage, {"action": "link", "document": guide.pk}).content.decode()
    assert "déjà lié" in again
    assert EventLibraryDocument.objects.filter(event=event).count() == 1
    assert _linked_on_page(member, event) == {"Guide de la mutualisation"}
    # Removing the link keeps the document in the library.
    link = EventLibraryDocument.objects.get(event=event)
    client.post(manage, {"action": "unlink", "link": link.pk})
    assert not EventLibraryDocument.objects.filter(event=event).exists()
    assert Document.objects.filter(pk=guide.pk, moderation_status="published").exists()
    assert client_for(member).get(guide.get_absolute_url()).status_code == 200
    assert _linked_on_page(member, event) == set()
    # A link already removed, or a bad one: a French error, no 500.
    for value in (link.pk, "abc"):
        body = client.post(manage, {"action": "unlink", "link": value}).content.decode()
        assert "n&#x27;est plus lié" in body or "n'est plus lié" in body


def test_only_organisers_link_and_unlink(setting, member, registrant):
    manage = reverse("events:manage", args=[setting["event"].pk])
    link = EventLibraryDocument.objects.filter(event=setting["event"]).first()
    for person in (member, registrant):
        client = client_for(person)
        assert client.post(manage, {"action": "link",
                                    "document": setting["guide"].pk}).status_code == 403
        assert client.post(manage, {"action": "unlink", "link": link.pk}).status_code == 403
    assert EventLibraryDocument.objects.filter(event=setting["event"]).count() == 2


def test_the_organisers_page_tells_of_links_they_may_not_read(setting, moderator):
    body = client_for(moderator).get(
        reverse("events:manage", args=[setting["event"].pk])).content.decode()
    assert GUIDE in body and BUDGET not in body
    assert "data-unreadable-links" in body


def test_registrants_are_told_when_the_first_record_of_a_past_event_appears(
        moderator, registrant):
    start = timezone.now() - timedelta(days=2)
    event = make_event(moderator, starts_at=start + timedelta(days=3),
                       ends_at=start + timedelta(days=3, hours=2))
    services.registration_create(actor=registrant, event=event)
    event.starts_at, event.ends_at = start, start + timedelta(hours=2)
    event.save(update_fields=["starts_at", "ends_at"])
    guide = published(moderator, title="Support de la séance")
    services.event_link_document(actor=moderator, event=event, document_id=guide.pk)
    told = Notification.objects.filter(recipient=registrant, key=f"events.record:{event.pk}")
    assert told.count() == 1


def test_the_event_page_costs_the_same_with_more_linked_documents(
        setting, teammate, moderator, django_assert_max_num_queries):
    url = reverse("events:detail", args=[setting["event"].pk])
    client = client_for(teammate)
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for number in range(5):
        document = published(moderator, title=f"Fiche {number}")
        services.event_link_document(actor=moderator, event=setting["event"],
                                     document_id=document.pk)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_admin_shows_an_event_s_library_links(setting, admin_user):
    url = reverse("admin:events_event_change", args=[setting["event"].pk])
    body = client_for(admin_user).get(url).content.decode()
    assert 'name="library_links-TOTAL_FORMS" value="2"' in body
