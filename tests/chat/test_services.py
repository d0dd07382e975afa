"""The chat services: who may do what, sequences, dedupe, read markers, edits, deletions, the
Markdown renderer, and what is published once the transaction commits."""

import asyncio
import json

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.exceptions import PermissionDenied, ValidationError

from chat import services
from chat.models import MAX_DIRECT_MEMBERS, Message, Room, RoomMembership
from chat.rendering import render_markdown
from chat.serializers import message_frame
from tests.chat.inert import assert_inert
from tests.factories import ApplicantFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_memory_layer(settings):
    """The Listener below reads the layer from several event loops (one per `async_to_sync`
    call), which only the in-memory layer allows; what is published does not depend on it."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.fixture
def public(moderator):
    return services.room_create(actor=moderator, name="Tiers-lieux", topic="Échanges")


@pytest.fixture
def private(member, other_member):
    return services.room_create(actor=member, name="Projet", kind=Room.Kind.PRIVATE,
                                members=[other_member])


def members_of(room):
    return set(room.memberships.values_list("user_id", flat=True))


class Listener:
    """A channel on the in-memory layer that joined some groups, to see what was published."""

    def __init__(self, *groups):
        self.layer = get_channel_layer()
        async_to_sync(self.layer.flush)()
        self.channel = async_to_sync(self.layer.new_channel)()
        for group in groups:
            async_to_sync(self.layer.group_add)(group, self.channel)

    def events(self) -> list[dict]:
        received = []
        while True:
            try:
                received.append(async_to_sync(self._receive_now)())
            except TimeoutError:
                return received

    async def _receive_now(self):
        return await asyncio.wait_for(self.layer.receive(self.channel), timeout=0.05)


# --- Rooms -----------------------------------------------------------------------------------


def test_only_moderators_create_public_rooms(member, moderator, admin_user):
    with pytest.raises(PermissionDenied):
        services.room_create(actor=member, name="Salon")
    room = services.room_create(actor=moderator, name="  Salon   des\tcommuns ")
    assert room.kind == Room.Kind.PUBLIC and room.name == "Salon des communs"
    assert services.room_create(actor=admin_user, name="Annonces").kind == Room.Kind.PUBLIC


def test_members_create_private_rooms_with_members(member, other_member):
    room = services.room_create(actor=member, name="Groupe", kind=Room.Kind.PRIVATE,
                                members=[other_member])
    assert members_of(room) == {member.pk, other_member.pk}
    assert room.created_by == member


def test_applicants_create_no_room_and_are_not_invited(member):
    applicant = ApplicantFactory()
    with pytest.raises(PermissionDenied):
        services.room_create(actor=applicant, name="Groupe", kind=Room.Kind.PRIVATE)
    with pytest.raises(ValidationError):
        services.room_create(actor=member, name="Groupe", kind=Room.Kind.PRIVATE,
                             members=[applicant])
    assert not Room.objects.exists()


@pytest.mark.parametrize(("name", "kind"), [("   ", Room.Kind.PRIVATE),
                                            ("DM", Room.Kind.DIRECT), ("X", "secret")])
def test_room_create_validates(member, name, kind):
    with pytest.raises(ValidationError):
        services.room_create(actor=member, name=name, kind=kind)


def test_room_join_rules(member, moderator, public, private):
    assert services.room_join(actor=member, room=public).last_read_seq == 0
    with pytest.raises(PermissionDenied):
        services.room_join(actor=moderator, room=private)
    with pytest.raises(PermissionDenied):
        services.room_join(actor=ApplicantFactory(), room=public)
    services.room_archive(actor=moderator, room=public)
    with pytest.raises(PermissionDenied):
        services.room_join(actor=MemberFactory(), room=public)


def test_joining_late_starts_read(member, moderator, public):
    services.message_send(actor=moderator, room=public, body="Avant")
    public.refresh_from_db()
    assert services.room_join(actor=member, room=public).last_read_seq == 1


def test_room_archive_permissions(member, other_member, moderator, public, private):
    with pytest.raises(PermissionDenied):
        services.room_archive(actor=member, room=public)
    with pytest.raises(PermissionDenied):
        services.room_archive(actor=other_member, room=private)
    assert services.room_archive(actor=member, room=private).is_archived
    assert services.room_archive(actor=moderator, room=public).is_archived


# --- Direct conversations --------------------------------------------------------------------


def test_direct_room_is_one_per_set_of_people(member, other_member):
    third = MemberFactory()
    room = services.direct_room(actor=member, others=[other_member, third])
    assert room.kind == Room.Kind.DIRECT
    assert services.direct_room(actor=third, others=[other_member, member]) == room
    assert services.direct_room(actor=other_member, others=[member, member, third]) == room
    assert services.direct_room(actor=member, others=[other_member]) != room
    assert members_of(room) == {member.pk, other_member.pk, third.pk}


def test_direct_room_size(member):
    with pytest.raises(ValidationError):
        services.direct_room(actor=member, others=[])
    with pytest.raises(ValidationError):
        services.direct_room(actor=member, others=[member])
    others = MemberFactory.create_batch(MAX_DIRECT_MEMBERS - 1)
    assert len(members_of(services.direct_room(actor=member, others=others))) == 8
    with pytest.raises(ValidationError):
        services.direct_room(actor=member, others=[*others, MemberFactory()])


def test_direct_room_only_between_members(member):
    with pytest.raises(PermissionDenied):
        services.direct_room(actor=member, others=[ApplicantFactory()])


def test_direct_room_brings_back_who_left(member, other_member):
    room = services.direct_room(actor=member, others=[other_member])
    services.room_leave(actor=other_member, room=room)
    assert members_of(room) == {member.pk}
    assert services.direct_room(actor=member, others=[other_member]) == room
    assert members_of(room) == {member.pk, other_member.pk}


# --- Messages --------------------------------------------------------------------------------


def test_sequences_increase_per_room(member, public, private):
    seqs = [services.message_send(actor=member, room=public, body=f"m{i}").seq for i in range(3)]
    assert seqs == [1, 2, 3]
    assert services.message_send(actor=member, room=private, body="autre").seq == 1
    public.refresh_from_db()
    assert public.last_seq == 3 and public.last_message_at is not None


def test_sending_in_a_public_room_joins_it_and_reads_it(member, public):
    message = services.message_send(actor=member, room=public, body="Bonjour")
    membership = RoomMembership.objects.get(room=public, user=member)
    assert membership.last_read_seq == message.seq


def test_client_id_dedupes(member, public):
    first = services.message_send(actor=member, room=public, body="Une", client_id="abc")
    again = services.message_send(actor=member, room=public, body="Une", client_id="abc")
    other = services.message_send(actor=member, room=public, body="Deux", client_id="abd")
    assert again.pk == first.pk and other.seq == 2
    assert Message.objects.filter(room=public).count() == 2


def test_send_permissions(member, moderator, public, private):
    with pytest.raises(PermissionDenied):
        services.message_send(actor=moderator, room=private, body="Intrus")
    with pytest.raises(PermissionDenied):
        services.message_send(actor=ApplicantFactory(), room=public, body="Candidat")
    services.room_archive(actor=member, room=private)
    with pytest.raises(PermissionDenied):
        services.message_send(actor=member, room=private, body="Archivé")
    # Having left a public room, one may still post there; a retry is still deduped.
    message = services.message_send(actor=member, room=public, body="Oui", client_id="k")
    services.room_leave(actor=member, room=public)
    assert services.message_send(actor=member, room=public, body="Oui", client_id="k") == message


def test_a_retry_after_removal_is_refused(member, other_member, private):
    services.message_send(actor=other_member, room=private, body="Oui", client_id="k")
    services.room_leave(actor=other_member, room=private)
    with pytest.raises(PermissionDenied):
        services.message_send(actor=other_member, room=private, body="Oui", client_id="k")


def test_send_validates_body_and_reply(member, public, private):
    for body in ("", "  \n\t", "x" * 4001):
        with pytest.raises(ValidationError):
            services.message_send(actor=member, room=public, body=body)
    assert services.message_send(actor=member, room=public, body="x" * 4000).seq == 1
    elsewhere = services.message_send(actor=member, room=private, body="Ailleurs")
    with pytest.raises(ValidationError):
        services.message_send(actor=member, room=public, body="Re", reply_to_id=elsewhere.pk)
    quoted = services.message_send(actor=member, room=public, body="Question")
    reply = services.message_send(actor=member, room=public, body="Re", reply_to_id=quoted.pk)
    assert reply.reply_to == quoted


def test_mark_read_never_moves_back(member, other_member, private):
    for i in range(4):
        services.message_send(actor=member, room=private, body=f"m{i}")
    private.refresh_from_db()

    def marker():
        return RoomMembership.objects.get(room=private, user=other_member).last_read_seq

    services.room_mark_read(actor=other_member, room=private, seq=2)
    assert marker() == 2
    services.room_mark_read(actor=other_member, room=private, seq=1)
    assert marker() == 2
    services.room_mark_read(actor=other_member, room=private, seq=-5)
    assert marker() == 2
    services.room_mark_read(actor=other_member, room=private, seq=10**12)
    assert marker() == 4


# --- Editing and deleting --------------------------------------------------------------------


def test_edit_own_message(member, private):
    message = services.message_send(actor=member, room=private, body="Réunion à 10h")
    edited = services.message_edit(actor=member, message=message, body="Réunion à **11h**")
    edited.refresh_from_db()
    assert edited.body == "Réunion à **11h**"
    assert edited.html == "<p>Réunion à <strong>11h</strong></p>"
    assert edited.edited_at is not None
    assert message_frame(edited)["edited"] is True


def test_edit_with_the_same_text_changes_nothing(member, private):
    message = services.message_send(actor=member, room=private, body="Pareil")
    assert services.message_edit(actor=member, message=message, body=" Pareil ").edited_at is None


def test_only_the_author_edits_or_deletes(member, other_member, moderator, public, private):
    message = services.message_send(actor=member, room=private, body="À moi")
    for actor in (other_member, moderator):
        with pytest.raises(PermissionDenied):
            services.message_edit(actor=actor, message=message, body="À toi")
        with pytest.raises(PermissionDenied):
            services.message_delete(actor=actor, message=message)
    # In a public room, only moderators delete other people's messages (tests/chat/
    # test_moderation.py); members do not.
    in_public = services.message_send(actor=member, room=public, body="Public")
    with pytest.raises(PermissionDenied):
        services.message_delete(actor=other_member, message=in_public)
    message.refresh_from_db()
    assert message.body == "À moi" and message.deleted_at is None


def test_edit_rules(member, other_member, private):
    message = services.message_send(actor=member, room=private, body="Texte")
    with pytest.raises(ValidationError):
        services.message_edit(actor=member, message=message, body="   ")
    with pytest.raises(ValidationError):
        services.message_edit(actor=member, message=message, body="y" * 4001)
    services.room_archive(actor=member, room=private)
    with pytest.raises(PermissionDenied):
        services.message_edit(actor=member, message=message, body="Archivé")


def test_author_who_left_a_private_room_can_no_longer_edit(member, other_member, private):
    message = services.message_send(actor=other_member, room=private, body="Avant de partir")
    services.room_leave(actor=other_member, room=private)
    with pytest.raises(PermissionDenied):
        services.message_edit(actor=other_member, message=message, body="Après")


def test_delete_leaves_a_tombstone(member, private):
    quoted = services.message_send(actor=member, room=private, body="Secret")
    reply = services.message_send(actor=member, room=private, body="Re", reply_to_id=quoted.pk)
    deleted = services.message_delete(actor=member, message=quoted)
    deleted.refresh_from_db()
    assert deleted.deleted_at is not None and deleted.body == "" and deleted.html == ""
    assert deleted.seq == 1  # the sequence keeps no hole
    frame = message_frame(deleted)
    assert frame["deleted"] is True and frame["html"] == ""
    reply = Message.objects.select_related("reply_to__author").get(pk=reply.pk)
    assert message_frame(reply)["reply_to"]["excerpt"] == ""
    with pytest.raises(ValidationError):
        services.message_edit(actor=member, message=deleted, body="Revenu")
    when = deleted.deleted_at
    assert services.message_delete(actor=member, message=deleted).deleted_at == when


def test_delete_in_an_archived_room(member, private):
    message = services.message_send(actor=member, room=private, body="Avant")
    services.room_archive(actor=member, room=private)
    assert services.message_delete(actor=member, message=message).is_deleted


# --- Persist, then publish -------------------------------------------------------------------


def test_messages_edits_and_deletions_are_published_on_commit(
    member, private, django_capture_on_commit_callbacks
):
    listener = Listener(private.group_name)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = services.message_send(actor=member, room=private, body="Un")
    assert listener.events() == []  # nothing before the commit
    for callback in callbacks:
        callback()
    [event] = listener.events()
    assert event["type"] == "chat.message" and "update" not in event
    assert event["frame"]["id"] == message.pk and event["frame"]["seq"] == 1
    # Encoded once for every socket of every member.
    assert json.loads(event["text"]) == event["frame"]

    with django_capture_on_commit_callbacks(execute=True):
        services.message_edit(actor=member, message=message, body="Un, corrigé")
    [event] = listener.events()
    assert event["update"] is True and event["frame"]["edited"] is True

    with django_capture_on_commit_callbacks(execute=True):
        services.message_delete(actor=member, message=message)
    [event] = listener.events()
    assert event["update"] is True and event["frame"]["deleted"] is True


def test_a_refused_write_publishes_nothing(member, moderator, private,
                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(PermissionDenied):
        services.message_send(actor=moderator, room=private, body="Intrus")
    assert callbacks == []


def test_membership_changes_reach_the_personal_stream(
    member, other_member, private, django_capture_on_commit_callbacks
):
    listener = Listener(f"user.{other_member.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        room = services.direct_room(actor=member, others=[other_member])
    assert listener.events() == [{"type": "chat.joined", "room": room.pk}]
    with django_capture_on_commit_callbacks(execute=True):
        services.room_leave(actor=other_member, room=private)
    assert listener.events() == [{"type": "chat.left", "room": private.pk, "public": False}]


# --- Markdown --------------------------------------------------------------------------------

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">clic</a>',
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](&#106;avascript:alert(1))",
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[clic](vbscript:msgbox(1))",
    '[clic](https://exemple.fr" onclick="alert(1))',
    "![img](https://exemple.fr/x.png)",
    "<iframe src=https://exemple.fr></iframe>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<details open ontoggle=alert(1)>",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    '<a href="https://exemple.fr" onmouseover="alert(1)">lien</a>',
    "https://exemple.fr/?q=<script>alert(1)</script>",
    '<form action="https://evil.example"><input name=x></form>',
    "<<script>script>alert(1)<</script>/script>",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_render_markdown_leaves_xss_payloads_inert(payload):
    html = render_markdown(payload)
    assert_inert(html)
    assert "<script" not in html.lower()


def test_render_markdown_light_formatting():
    html = render_markdown("**gras** *italique* ~~barré~~ `code`\n- un\n- deux\n\n> cité")
    for tag in ("<strong>gras</strong>", "<em>italique</em>", "<s>barré</s>", "<code>code</code>",
                "<li>un</li>", "<blockquote>"):
        assert tag in html
    link = render_markdown("Voir https://exemple.fr et [le site](https://catalyse.fr)")
    assert '<a href="https://exemple.fr" rel="noopener noreferrer nofollow">' in link
    assert '<a href="https://catalyse.fr" rel="noopener noreferrer nofollow">le site</a>' in link
    assert render_markdown("# Titre") == "<p># Titre</p>"
