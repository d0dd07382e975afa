"""A private room is by invitation: its creator invites more members by email and removes
members, from the room page (chat/room_member_views.py). Who may, what is refused, what is
published once the transaction commits, and who is notified."""

import asyncio

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from chat import services
from chat.models import Room, RoomMembership
from chat.realtime import user_group
from community.models import UserStatus
from notifications.models import Notification
from tests.factories import ApplicantFactory, MemberFactory

pytestmark = pytest.mark.django_db

INVITATION = Notification.Kind.ROOM_INVITATION


@pytest.fixture(autouse=True)
def in_memory_layer(settings):
    """The listener reads the layer from several event loops: only the in-memory layer allows it
    (as in tests/chat/helpers.py)."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.fixture
def room(member, other_member):
    """Marc Membre's private room, with Odile Autre in it."""
    return services.room_create(actor=member, name="Projet vallée", kind=Room.Kind.PRIVATE,
                                members=[other_member])


@pytest.fixture
def newcomer(db):
    return MemberFactory(first_name="Nina", last_name="Nouvelle", email="nina@exemple.fr")


def members_of(room) -> set[int]:
    return set(room.memberships.values_list("user_id", flat=True))


def published_to(user, callbacks) -> list[dict]:
    """What reached the user's personal group when the on-commit ``callbacks`` ran."""
    layer = get_channel_layer()
    async_to_sync(layer.flush)()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(user_group(user.pk), channel)
    for callback in callbacks:
        callback()

    async def receive_now():
        return await asyncio.wait_for(layer.receive(channel), timeout=0.05)

    received = []
    while True:
        try:
            received.append(async_to_sync(receive_now)())
        except TimeoutError:
            return received


# --- Inviting --------------------------------------------------------------------------------


def test_the_creator_invites_members(member, other_member, room, newcomer):
    services.message_send(actor=member, room=room, body="Ordre du jour")
    with translation.override("en"):
        invited = services.room_invite(actor=member, room=room,
                                       members=[newcomer, other_member, newcomer, member])
    assert invited == [newcomer]  # existing members, duplicates and the creator are ignored
    assert members_of(room) == {member.pk, other_member.pk, newcomer.pk}
    # Joining late: the history is readable, but not "unread".
    assert RoomMembership.objects.get(room=room, user=newcomer).last_read_seq == 1
    [notification] = Notification.objects.filter(recipient=newcomer)
    assert notification.kind == INVITATION
    assert notification.actor == member
    assert notification.text == "Marc Membre invited you to “Projet vallée”"
    assert notification.url == room.get_absolute_url()
    assert not Notification.objects.exclude(recipient=newcomer).exists()


def test_inviting_again_adds_and_notifies_nobody(member, room, newcomer):
    services.room_invite(actor=member, room=room, members=[newcomer])
    assert services.room_invite(actor=member, room=room, members=[newcomer]) == []
    assert Notification.objects.filter(recipient=newcomer, kind=INVITATION).count() == 1
    assert room.memberships.filter(user=newcomer).count() == 1


def test_only_the_creator_invites(other_member, moderator, admin_user, room, newcomer):
    outsider = MemberFactory()
    for actor in (other_member, moderator, admin_user, outsider):
        with pytest.raises(PermissionDenied):
            services.room_invite(actor=actor, room=room, members=[newcomer])
    assert newcomer.pk not in members_of(room)
    assert not Notification.objects.exists()


def test_a_creator_who_left_no_longer_invites(member, room, newcomer):
    services.room_leave(actor=member, room=room)
    with pytest.raises(PermissionDenied):
        services.room_invite(actor=member, room=room, members=[newcomer])


def test_public_direct_and_archived_rooms_are_refused(member, other_member, moderator, room,
                                                      newcomer):
    public = services.room_create(actor=moderator, name="Tiers-lieux")
    direct = services.direct_room(actor=member, others=[other_member])
    services.room_archive(actor=member, room=room)
    for actor, target in ((moderator, public), (member, direct), (member, room)):
        with pytest.raises(PermissionDenied):
            services.room_invite(actor=actor, room=target, members=[newcomer])
        with pytest.raises(PermissionDenied):
            services.room_remove_member(actor=actor, room=target, member=other_member)
    assert not RoomMembership.objects.filter(user=newcomer).exists()
    assert room.memberships.filter(user=other_member).exists()


@pytest.mark.parametrize("who", ["applicant", "suspended", "inactive"])
def test_only_members_can_be_invited(member, room, newcomer, who):
    person = {
        "applicant": lambda: ApplicantFactory(),
        "suspended": lambda: MemberFactory(status=UserStatus.SUSPENDED),
        "inactive": lambda: MemberFactory(is_active=False),
    }[who]()
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        services.room_invite(actor=member, room=room, members=[newcomer, person])
    assert raised.value.messages == ["Only members can be invited to a room."]
    assert members_of(room) == {member.pk, room.memberships.exclude(user=member).get().user_id}
    assert not Notification.objects.exists()


def test_invitations_are_published_on_commit(member, room, newcomer,
                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.room_invite(actor=member, room=room, members=[newcomer])
    events = published_to(newcomer, callbacks)
    assert events[0] == {"type": "chat.joined", "room": room.pk}
    [frame] = [e["frame"] for e in events if e["type"] == "realtime.frame"]
    assert frame["type"] == "notification" and frame["notification"]["kind"] == INVITATION
    assert len(events) == 2


def test_a_refused_invitation_publishes_nothing(other_member, room, newcomer,
                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(PermissionDenied):
        services.room_invite(actor=other_member, room=room, members=[newcomer])
    assert callbacks == []


# --- Removing --------------------------------------------------------------------------------


def test_the_creator_removes_a_member(member, other_member, room,
                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.room_remove_member(actor=member, room=room, member=other_member)
    assert members_of(room) == {member.pk}
    assert published_to(other_member, callbacks) == [
        {"type": "chat.left", "room": room.pk, "public": False},
    ]
    # Removing again changes nothing and announces nothing.
    with django_capture_on_commit_callbacks() as callbacks:
        assert not services.room_remove_member(actor=member, room=room, member=other_member)
    assert callbacks == []


def test_the_creator_does_not_remove_themself(member, room):
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        services.room_remove_member(actor=member, room=room, member=member)
    assert raised.value.messages == ["You cannot remove yourself: leave the room instead."]
    assert member.pk in members_of(room)


def test_only_the_creator_removes(member, other_member, moderator, admin_user, room):
    outsider = MemberFactory()
    for actor in (other_member, moderator, admin_user, outsider):
        with pytest.raises(PermissionDenied):
            services.room_remove_member(actor=actor, room=room, member=member)
    assert members_of(room) == {member.pk, other_member.pk}


# --- Pages -----------------------------------------------------------------------------------


def _invite_url(room):
    return reverse("chat:invite", args=[room.pk])


def _remove_url(room, person):
    return reverse("chat:member_remove", args=[room.pk, person.pk])


def test_the_room_page_shows_the_tools_to_the_creator_only(as_user, member, other_member, room):
    page = as_user(member).get(room.get_absolute_url()).content.decode()
    assert _invite_url(room) in page
    assert 'name="invite-members"' in page
    assert _remove_url(room, other_member) in page
    assert _remove_url(room, member) not in page  # not themself
    assert "data-confirm=" in page
    page = as_user(other_member).get(room.get_absolute_url()).content.decode()
    assert _invite_url(room) not in page and _remove_url(room, member) not in page


def test_no_tools_once_archived_or_in_public_rooms(as_user, member, moderator, room):
    public = services.room_create(actor=moderator, name="Tiers-lieux")
    services.message_send(actor=member, room=public, body="Bonjour")
    page = as_user(moderator).get(public.get_absolute_url()).content.decode()
    assert _invite_url(public) not in page and _remove_url(public, member) not in page
    services.room_archive(actor=member, room=room)
    page = as_user(member).get(room.get_absolute_url()).content.decode()
    assert _invite_url(room) not in page


def test_invite_by_email(as_user, member, room, newcomer):
    second = MemberFactory(first_name="Paul", last_name="Second")
    response = as_user(member).post(_invite_url(room), {
        "invite-members": f"{newcomer.email.upper()}; {second.email}, {newcomer.email}",
    })
    assert response.status_code == 302
    assert response["Location"] == room.get_absolute_url()
    assert {newcomer.pk, second.pk} <= members_of(room)
    assert Notification.objects.filter(kind=INVITATION).count() == 2


def test_inviting_people_already_in_the_room(as_user, member, other_member, room):
    response = as_user(member).post(_invite_url(room), {"invite-members": other_member.email})
    assert response["Location"] == room.get_absolute_url()
    assert room.memberships.count() == 2
    assert not Notification.objects.exists()


@pytest.mark.parametrize(("members", "error"), [
    ("pas-une-adresse", "Ces adresses ne sont pas valides : pas-une-adresse"),
    ("inconnu@exemple.fr", "Ces adresses ne correspondent à aucun membre : inconnu@exemple.fr"),
    ("candidat", "Ces adresses ne correspondent à aucun membre"),  # not a member yet
    ("suspendu", "Ces adresses ne correspondent à aucun membre"),
    ("moi", "Invitez au moins un autre membre."),
    ("", "Ce champ est obligatoire."),
])
def test_invite_form_errors_rerender_the_room_in_french(as_user, member, room, members, error):
    members = {
        "candidat": lambda: ApplicantFactory().email,
        "suspendu": lambda: MemberFactory(status=UserStatus.SUSPENDED, is_active=False).email,
        "moi": lambda: member.email,
    }.get(members, lambda: members)()
    response = as_user(member).post(_invite_url(room), {"invite-members": members})
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    assert '<details class="chat-members" data-presence-scope open>' in page  # errors in view
    assert 'id="composer"' in page  # the rest of the room page is there
    assert room.memberships.count() == 2
    assert not Notification.objects.exists()


def test_remove_a_member(as_user, member, other_member, room):
    response = as_user(member).post(_remove_url(room, other_member))
    assert response["Location"] == room.get_absolute_url()
    assert members_of(room) == {member.pk}
    # The removed member no longer sees the room.
    assert as_user(other_member).get(room.get_absolute_url()).status_code == 404


def test_remove_oneself_or_someone_not_in_the_room(as_user, member, room):
    client = as_user(member)
    client.cookies["django_language"] = "en"
    response = client.post(_remove_url(room, member), follow=True)
    assert response.redirect_chain == [(room.get_absolute_url(), 302)]
    assert "You cannot remove yourself: leave the room instead." in response.content.decode()
    assert member.pk in members_of(room)
    assert client.post(_remove_url(room, MemberFactory())).status_code == 404


def test_who_may_use_the_member_tools(as_user, member, other_member, moderator, room,
                                      newcomer):
    data = {"invite-members": newcomer.email}
    # A member of the room who did not create it: 403; outsiders, even moderators: 404.
    assert as_user(other_member).post(_invite_url(room), data).status_code == 403
    assert as_user(other_member).post(_remove_url(room, member)).status_code == 403
    for outsider in (moderator, newcomer):
        assert as_user(outsider).post(_invite_url(room), data).status_code == 404
        assert as_user(outsider).post(_remove_url(room, other_member)).status_code == 404
    assert as_user(member).get(_invite_url(room)).status_code == 405
    assert members_of(room) == {member.pk, other_member.pk}
