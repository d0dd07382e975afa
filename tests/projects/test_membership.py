"""Membership of a project through its pages: asking to join, accepting or declining,
invitations, roles, leaving; the notifications each sends and the chat room that follows."""

import pytest
from django.urls import reverse

from chat.models import RoomMembership
from notifications.models import Notification
from projects import services
from projects.models import ProjectMembership
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def in_room(project, person) -> bool:
    return RoomMembership.objects.filter(room=project.room, user=person).exists()


def url(name, project, *args):
    return reverse(f"projects:{name}", args=[project.pk, *args])


def test_a_member_asks_and_an_owner_accepts(as_user, member, owner, contributor, project):
    response = as_user(member).post(url("join", project), {"message": "Je connais le sujet."})
    assert response.status_code == 302
    request = ProjectMembership.objects.get(project=project, member=member)
    assert request.state == "requested" and request.message == "Je connais le sujet."
    told = Notification.objects.get(kind="project_join_request")
    assert told.recipient == owner and told.url == url("members", project)
    assert not Notification.objects.filter(kind="project_join_request",
                                           recipient=contributor).exists()
    assert not in_room(project, member)
    # Only owners see the requests and act on them.
    assert "Je connais le sujet." not in as_user(contributor).get(
        url("members", project)).content.decode()
    assert as_user(contributor).post(url("accept", project, request.pk)).status_code == 403
    html = as_user(owner).get(url("members", project)).content.decode()
    assert "Je connais le sujet." in html and "Demandes pour rejoindre le projet" in html
    assert as_user(owner).post(url("accept", project, request.pk)).status_code == 302
    request.refresh_from_db()
    assert request.state == "member" and request.role == "contributor"
    welcome = Notification.objects.get(kind="project_membership", recipient=member)
    assert welcome.url == project.get_absolute_url()
    assert in_room(project, member)


def test_an_owner_declines_a_request(as_user, member, owner, project):
    services.membership_request(actor=member, project=project)
    request = ProjectMembership.objects.get(member=member)
    assert as_user(owner).post(url("decline", project, request.pk)).status_code == 302
    assert not ProjectMembership.objects.filter(member=member).exists()
    # Asking twice is refused (the button is gone), and so is asking to join a private one.
    assert as_user(member).post(url("join", project)).status_code == 302
    assert as_user(member).post(url("join", project)).status_code == 403


def test_a_request_can_be_withdrawn(as_user, member, project):
    as_user(member).post(url("join", project))
    html = as_user(member).get(project.get_absolute_url()).content.decode()
    assert "Votre demande attend la réponse des responsables." in html
    assert as_user(member).post(url("join_cancel", project)).status_code == 302
    assert not ProjectMembership.objects.filter(member=member).exists()


def test_private_projects_take_no_requests(as_user, member, private_project):
    assert as_user(member).post(url("join", private_project)).status_code == 404


def test_an_owner_invites_and_the_invitee_accepts(as_user, member, owner, private_project):
    response = as_user(owner).post(url("invite", private_project),
                                   {"member": member.pk, "role": "contributor"})
    assert response.status_code == 302
    told = Notification.objects.get(kind="project_invitation", recipient=member)
    assert told.url == url("invitation", private_project)
    # Before accepting, the invitee sees the invitation page, not the private project.
    client = as_user(member)
    assert client.get(private_project.get_absolute_url()).status_code == 404
    page = client.get(told.url).content.decode()
    assert "Projet confidentiel" in page and "Accepter l'invitation" in page
    home = client.get(reverse("community:home")).content.decode()
    assert "Vous êtes invité·e à rejoindre « Projet confidentiel »" in home
    assert client.post(told.url, {"decision": "accept"}).status_code == 302
    assert client.get(private_project.get_absolute_url()).status_code == 200
    assert in_room(private_project, member)
    back = Notification.objects.filter(kind="project_membership", recipient=owner).first()
    assert back.text.startswith(member.display_name)
    # French typography (config/typography.py): no-break spaces inside « ».
    assert "a accepté votre invitation à «\u00a0Projet confidentiel\u00a0»" in back.text
    assert client.get(told.url).status_code == 404  # answered


def test_the_invitee_declines(as_user, member, owner, private_project):
    services.membership_invite(actor=owner, project=private_project, member=member)
    client = as_user(member)
    assert client.post(url("invitation", private_project),
                       {"decision": "decline"}).status_code == 302
    assert not ProjectMembership.objects.filter(member=member).exists()
    assert client.get(private_project.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("who", ["member", "contributor", "moderator"])
def test_only_owners_invite(as_user, request, owner, project, who):
    someone = MemberFactory()
    response = as_user(request.getfixturevalue(who)).post(
        url("invite", project), {"member": someone.pk, "role": "contributor"})
    assert response.status_code == 403
    assert not ProjectMembership.objects.filter(member=someone).exists()


def test_inviting_someone_already_in_or_not_a_member_is_refused(as_user, owner, contributor,
                                                                 applicant, project):
    for person in (contributor, applicant):
        response = as_user(owner).post(url("invite", project),
                                       {"member": person.pk, "role": "contributor"})
        assert response.status_code == 400
        assert "Choisissez un membre du réseau qui ne fait pas encore partie du projet." in \
            response.content.decode()
    assert not ProjectMembership.objects.filter(member=applicant).exists()


def test_inviting_someone_who_asked_accepts_them(owner, member, project):
    services.membership_request(actor=member, project=project)
    services.membership_invite(actor=owner, project=project, member=member)
    assert ProjectMembership.objects.get(member=member).state == "member"


def test_members_leave_but_not_the_last_owner(as_user, owner, contributor, project):
    response = as_user(owner).post(url("leave", project), follow=True)
    assert "Vous êtes le dernier responsable de ce projet" in response.content.decode()
    assert ProjectMembership.objects.filter(member=owner).exists()
    assert as_user(contributor).post(url("leave", project)).status_code == 302
    assert not ProjectMembership.objects.filter(member=contributor).exists()
    assert not in_room(project, contributor)


def test_owners_promote_and_demote(as_user, owner, contributor, project):
    row = ProjectMembership.objects.get(member=contributor)
    assert as_user(contributor).post(url("set_role", project, row.pk),
                                     {"role": "owner"}).status_code == 403
    assert as_user(owner).post(url("set_role", project, row.pk),
                               {"role": "owner"}).status_code == 302
    row.refresh_from_db()
    assert row.role == "owner"
    # Two owners: the first may now step down, and leave.
    mine = ProjectMembership.objects.get(member=owner)
    as_user(owner).post(url("set_role", project, mine.pk), {"role": "contributor"})
    mine.refresh_from_db()
    assert mine.role == "contributor"
    # The last owner cannot be demoted.
    response = as_user(contributor).post(url("set_role", project, row.pk), {"role": "contributor"},
                                         follow=True)
    assert "Un projet garde au moins un responsable." in response.content.decode()
    row.refresh_from_db()
    assert row.role == "owner"


def test_owners_remove_a_member(as_user, owner, contributor, project):
    row = ProjectMembership.objects.get(member=contributor)
    assert as_user(contributor).post(url("remove", project, row.pk)).status_code == 403
    assert as_user(owner).post(url("remove", project, row.pk)).status_code == 302
    assert not ProjectMembership.objects.filter(member=contributor).exists()
    assert not in_room(project, contributor)


def test_the_chat_tab_is_for_the_project_members(as_user, member, contributor, moderator,
                                                 project):
    from chat import services as chat_services

    chat_services.message_send(actor=contributor, room=project.room, body="Réunion jeudi ?")
    html = as_user(contributor).get(url("chat", project)).content.decode()
    assert "Réunion jeudi ?" in html and project.room.get_absolute_url() in html
    for outsider in (member, moderator):
        html = as_user(outsider).get(url("chat", project)).content.decode()
        assert "Réunion jeudi ?" not in html
        assert "Le salon du projet appartient à ses membres" in html
        assert as_user(outsider).get(project.room.get_absolute_url()).status_code == 404
    # Nobody manages the room from the chat: the project does.
    assert as_user(contributor).post(
        reverse("chat:invite", args=[project.room.pk]), {"members": [member.pk]}
    ).status_code in (403, 404)
