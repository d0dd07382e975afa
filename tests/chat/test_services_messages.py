"""The chat services: messages, sequences, dedupe, read markers, edits and deletions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chat import services
from chat.models import Message, RoomMembership
from chat.serializers import message_frame
from tests.chat.helpers import in_memory_layer  # noqa: F401  (an autouse fixture)
from tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db


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
