"""The permission matrix of the agenda's pages, files and link (anonymous, applicant, member,
registrant, organiser, project member, moderator), and the pages' behaviour."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Event, Registration
from tests.conftest import client_for
from tests.events.conftest import make_event
from tests.factories import MemberFactory


def _status(user, url: str, method: str = "get") -> int:
    return getattr(client_for(user), method)(url).status_code


@pytest.fixture
def people(applicant, member, moderator, organiser, registrant):
    return {"anonymous": None, "applicant": applicant, "member": member,
            "moderator": moderator, "organiser": organiser, "registrant": registrant}


@pytest.fixture
def network_event(moderator, organiser, registrant):
    event = make_event(organiser)  # a member's proposal...
    from moderation import services as moderation_services

    moderation_services.decide(actor=moderator, item=event, decision="approve")
    services.registration_create(actor=registrant, event=event)
    return Event.objects.get(pk=event.pk)


LOGIN = "/comptes/"


@pytest.mark.parametrize(("who", "detail", "ics", "manage", "export", "edit", "join"), [
    ("anonymous", 302, 302, 302, 302, 302, 302),
    ("applicant", 302, 302, 302, 302, 302, 302),  # to their application's page
    ("member", 200, 200, 403, 403, 403, 403),
    ("registrant", 200, 200, 403, 403, 403, 302),
    ("organiser", 200, 200, 200, 200, 200, 302),
    ("moderator", 200, 200, 200, 200, 200, 403),
])
def test_permission_matrix_of_a_network_event(people, network_event, who, detail, ics, manage,
                                              export, edit, join):
    user, pk = people[who], network_event.pk
    assert _status(user, reverse("events:detail", args=[pk])) == detail
    assert _status(user, reverse("events:ics", args=[pk])) == ics
    assert _status(user, reverse("events:manage", args=[pk])) == manage
    assert _status(user, reverse("events:export", args=[pk])) == export
    assert _status(user, reverse("events:export_ods", args=[pk])) == export
    assert _status(user, reverse("events:edit", args=[pk])) == edit
    assert _status(user, reverse("events:join", args=[pk])) == join
    assert _status(user, reverse("events:agenda")) == (
        {"anonymous": 302, "applicant": 302}.get(who, 200))


def test_a_project_event_is_seen_by_its_members_only(project, owner, contributor, member,
                                                     moderator):
    event = make_event(owner, project=project)
    url = reverse("events:detail", args=[event.pk])
    assert _status(owner, url) == 200
    assert _status(contributor, url) == 200
    assert _status(member, url) == 404
    assert _status(moderator, url) == 200  # the project is open to the network
    body = client_for(member).get(reverse("events:agenda")).content.decode()
    assert event.title not in body
    assert event.title in client_for(contributor).get(reverse("events:agenda")).content.decode()


def test_a_proposal_is_seen_by_its_author_and_the_moderators(member, other_member, moderator):
    event = make_event(member)
    url = reverse("events:detail", args=[event.pk])
    assert _status(member, url) == 200
    assert _status(moderator, url) == 200
    assert _status(other_member, url) == 404


def test_the_online_link_only_for_registrants_and_organisers(network_event, member, registrant,
                                                             organiser, moderator):
    url = reverse("events:detail", args=[network_event.pk])
    link = network_event.online_url
    assert link not in client_for(member).get(url).content.decode()
    assert link not in client_for(moderator).get(url).content.decode()
    assert link in client_for(registrant).get(url).content.decode()
    assert link in client_for(organiser).get(url).content.decode()
    ics = client_for(member).get(reverse("events:ics", args=[network_event.pk])).content
    assert link.encode() not in ics
    ics = client_for(registrant).get(reverse("events:ics", args=[network_event.pk])).content
    assert link.encode() in ics


def test_join_is_live_from_ten_minutes_before(network_event, registrant):
    url = reverse("events:join", args=[network_event.pk])
    response = client_for(registrant).get(url)
    assert response.status_code == 302 and response["Location"] == network_event.get_absolute_url()
    network_event.starts_at = timezone.now() + timedelta(minutes=9)
    network_event.save(update_fields=["starts_at"])
    response = client_for(registrant).get(url)
    assert response["Location"] == network_event.online_url
    page = client_for(registrant).get(network_event.get_absolute_url()).content.decode()
    assert "data-join" in page


def test_register_and_cancel_in_one_click_with_the_seats_shown(moderator, member):
    event = make_event(moderator, capacity=50)
    for person in MemberFactory.create_batch(18):
        services.registration_create(actor=person, event=event)
    client = client_for(member)
    response = client.post(reverse("events:register", args=[event.pk]), follow=True)
    assert "19 / 50" in response.content.decode()
    assert Registration.objects.get(event=event, member=member).is_confirmed
    response = client.post(reverse("events:register", args=[event.pk]), follow=True)
    assert response.status_code == 200
    assert Registration.objects.filter(event=event, member=member).count() == 1
    client.post(reverse("events:unregister", args=[event.pk]))
    assert Registration.objects.get(event=event, member=member).status == "cancelled"


def test_the_form_shows_french_errors_and_stores_nothing(moderator):
    client = client_for(moderator)
    response = client.post(reverse("events:create"), {
        "title": "Atelier", "kind": "atelier", "summary": "Un atelier.",
        "starts_at": "2027-03-10T10:00", "ends_at": "2027-03-10T09:00",
        "time_zone": "Mars/Olympus", "online_url": "ftp://x.fr", "audience": "network",
    })
    assert response.status_code == 200
    body = response.content.decode()
    assert "fuseau horaire" in body and "https://" in body
    assert not Event.objects.exists()


def test_a_member_proposes_through_the_form(member):
    response = client_for(member).post(reverse("events:create"), {
        "title": "Atelier co-construction", "kind": "atelier", "summary": "Un atelier.",
        "starts_at": "2027-03-10T10:00", "ends_at": "2027-03-10T12:00",
        "time_zone": "Indian/Reunion", "commune": "Saint-Denis", "region": "la-reunion",
        "audience": "network", "tags": "alimentation, jardins",
    })
    event = Event.objects.get()
    assert response.status_code == 302 and event.is_pending
    assert event.local_start.hour == 10 and event.time_zone == "Indian/Reunion"
    assert sorted(tag.name for tag in event.tags.all()) == ["alimentation", "jardins"]


def test_agenda_filters_and_month_view(moderator, member, registrant):
    online = make_event(moderator, title="Webconf en ligne")
    in_person = make_event(moderator, title="Journée régionale", online_url="",
                           commune="Rennes", region="bretagne", kind="temps-d-echanges")
    services.registration_create(actor=registrant, event=in_person)
    client = client_for(registrant)
    body = client.get(reverse("events:agenda"), {"format": "online"}).content.decode()
    assert online.title in body and in_person.title not in body
    body = client.get(reverse("events:agenda"), {"region": "bretagne"}).content.decode()
    assert in_person.title in body and online.title not in body
    body = client.get(reverse("events:agenda"), {"mes": "1"}).content.decode()
    assert in_person.title in body and online.title not in body
    month = online.local_start.strftime("%Y-%m")
    body = client.get(reverse("events:agenda"), {"vue": "mois", "mois": month}).content.decode()
    assert "<table" in body and "<caption>" in body and online.title in body


def test_the_agenda_costs_a_constant_number_of_queries(moderator, member,
                                                       django_assert_max_num_queries):
    for index in range(3):
        make_event(moderator, title=f"Événement {index}")
    client = client_for(member)
    client.get(reverse("events:agenda"))
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("events:agenda"))
    for index in range(20):
        event = make_event(moderator, title=f"Autre {index}")
        services.registration_create(actor=member, event=event)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("events:agenda"))


def test_cancelling_through_the_page(network_event, organiser, member):
    url = reverse("events:cancel", args=[network_event.pk])
    assert _status(member, url) == 403
    response = client_for(organiser).post(url, {"reason": "Salle indisponible."})
    assert response.status_code == 302
    network_event.refresh_from_db()
    assert network_event.is_cancelled


def test_the_organisers_page_adds_people_records_and_exports(network_event, organiser, member,
                                                             registrant):
    client = client_for(organiser)
    url = reverse("events:manage", args=[network_event.pk])
    client.post(url, {"action": "add", "add-email": member.email})
    assert Registration.objects.get(event=network_event, member=member).is_confirmed
    response = client.post(url, {"action": "add", "add-email": "personne@nulle.part"})
    assert response.status_code == 200
    client.post(url, {"action": "record", "record-replay_url": "https://replay.exemple.fr/1",
                      "record-minutes": "Trois **idées**."})
    network_event.refresh_from_db()
    assert network_event.replay_url == "https://replay.exemple.fr/1"
    csv = client.get(reverse("events:export", args=[network_event.pk])).content.decode()
    assert registrant.email in csv and member.email in csv
    ods = client.get(reverse("events:export_ods", args=[network_event.pk]))
    assert ods["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    with zipfile.ZipFile(io.BytesIO(ods.content)) as archive:
        content = archive.read("content.xml").decode()
    assert registrant.email in content and member.email in content


def test_a_formula_is_never_exported_as_one(moderator, member):
    event = make_event(moderator, questions="Attentes ?")
    services.registration_create(actor=member, event=event,
                                 answers={"Attentes ?": "=HYPERLINK(\"http://x\")"})
    csv = client_for(moderator).get(reverse("events:export", args=[event.pk])).content.decode()
    assert "'=HYPERLINK" in csv


def test_a_project_owner_reaches_the_project_event_form_from_the_agenda(project, owner,
                                                                        contributor):
    body = client_for(owner).get(reverse("events:agenda")).content.decode()
    link = f"{reverse('events:create')}?projet={project.pk}"
    assert link in body
    assert link not in client_for(contributor).get(reverse("events:agenda")).content.decode()
    assert _status(contributor, link) == 403
    response = client_for(owner).post(link, {
        "title": "Comité de pilotage", "kind": "atelier", "summary": "Point d'étape.",
        "starts_at": "2027-03-10T10:00", "ends_at": "2027-03-10T12:00",
        "time_zone": "Europe/Paris", "online_url": "https://visio.exemple.fr/copil",
    })
    event = Event.objects.get()
    assert response.status_code == 302 and event.project == project and event.is_published
    assert event.audience == Event.Audience.PROJECT


def test_project_event_files_and_link_follow_the_project(project, owner, contributor, member,
                                                         moderator):
    event = make_event(owner, project=project)
    services.registration_create(actor=contributor, event=event)
    for name in ("ics", "manage", "export", "join", "cover"):
        assert _status(member, reverse(f"events:{name}", args=[event.pk])) == 404
    assert _status(contributor, reverse("events:ics", args=[event.pk])) == 200
    assert _status(contributor, reverse("events:manage", args=[event.pk])) == 403
    assert _status(owner, reverse("events:manage", args=[event.pk])) == 200
    page = client_for(contributor).get(event.get_absolute_url()).content.decode()
    assert event.online_url in page


def test_an_event_page_costs_a_constant_number_of_queries(moderator, member,
                                                          django_assert_max_num_queries):
    event = make_event(moderator, capacity=500)
    client = client_for(member)
    client.get(event.get_absolute_url())
    with django_assert_max_num_queries(14) as small:
        client.get(event.get_absolute_url())
    for person in MemberFactory.create_batch(30):
        services.registration_create(actor=person, event=event)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(event.get_absolute_url())
