"""Moderation in the chat (DESIGN.md §7): moderators remove messages of public rooms only, with
a line in the audit log and the reports closed; members report what they see."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from chat import permissions, services
from chat.models import Message, Room
from moderation.models import AuditEntry, Report
from tests.chat.helpers import Listener
from tests.factories import MemberFactory, ModeratorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_memory_layer(settings):
    """Listener reads the layer from several event loops: only the in-memory layer allows it."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.fixture
def public(moderator):
    return services.room_create(actor=moderator, name="Tiers-lieux")


@pytest.fixture
def private(member, other_member, moderator):
    """A private room the moderator is part of: being in it does not make them its moderator."""
    return services.room_create(actor=member, name="Projet", kind=Room.Kind.PRIVATE,
                                members=[other_member, moderator])


def _reports_on(message):
    return Report.objects.filter(
        content_type=ContentType.objects.get_for_model(Message), object_id=message.pk
    )


# --- Rules -----------------------------------------------------------------------------------


def test_who_may_delete_and_report(member, other_member, moderator, admin_user, public, private):
    in_public = services.message_send(actor=member, room=public, body="Public")
    in_private = services.message_send(actor=member, room=private, body="Privé")
    direct = services.direct_room(actor=member, others=[moderator])
    in_direct = services.message_send(actor=member, room=direct, body="Direct")
    for message in (in_public, in_private, in_direct):
        assert permissions.can_delete_message(member, message)  # the author
        assert not permissions.can_delete_message(other_member, message)
        assert not permissions.can_report_message(member, message)  # not one's own
    assert permissions.can_delete_message(moderator, in_public)
    assert permissions.can_delete_message(admin_user, in_public)
    assert not permissions.can_delete_message(moderator, in_private)
    assert not permissions.can_delete_message(moderator, in_direct)
    assert permissions.can_report_message(other_member, in_public)
    assert permissions.can_report_message(moderator, in_direct)  # part of the conversation
    outsider = MemberFactory()
    assert not permissions.can_report_message(outsider, in_private)


# --- A moderator deletes a message of a public room -------------------------------------------


def test_moderator_deletes_a_public_message(member, other_member, moderator, public,
                                            django_capture_on_commit_callbacks):
    message = services.message_send(actor=member, room=public, body="Hors sujet")
    services.message_report(actor=other_member, message=message, reason="Publicité")
    services.message_report(actor=ModeratorFactory(), message=message, reason="Spam")
    listener = Listener(public.group_name)

    with django_capture_on_commit_callbacks(execute=True):
        deleted = services.message_delete(actor=moderator, message=message,
                                          reason="Démarchage commercial")

    deleted.refresh_from_db()
    assert deleted.is_deleted and deleted.body == "" and deleted.html == ""
    [event] = listener.events()
    assert event["type"] == "chat.message" and event["update"] is True
    assert event["frame"]["id"] == message.pk and event["frame"]["deleted"] is True
    [entry] = AuditEntry.objects.all()
    assert entry.action == AuditEntry.Action.MESSAGE_DELETED
    assert entry.actor == moderator and entry.actor_name == moderator.display_name
    assert entry.target == message and entry.reason == "Démarchage commercial"
    assert member.display_name in entry.target_repr and "Tiers-lieux" in entry.target_repr
    reports = _reports_on(message)
    assert {r.status for r in reports} == {Report.Status.ACTIONED}
    assert {r.resolved_by for r in reports} == {moderator}
    assert {r.resolution_note for r in reports} == {"Démarchage commercial"}
    # Again: nothing changes, nothing more is logged.
    services.message_delete(actor=moderator, message=message, reason="Encore")
    assert AuditEntry.objects.count() == 1


def test_the_author_deleting_is_not_moderation(member, other_member, public):
    message = services.message_send(actor=member, room=public, body="Oups")
    services.message_report(actor=other_member, message=message, reason="Faux")
    services.message_delete(actor=member, message=message)
    assert not AuditEntry.objects.exists()
    assert _reports_on(message).get().status == Report.Status.OPEN


def test_reason_defaults_to_empty_for_the_socket(member, moderator, public):
    """consumers.frame_delete calls message_delete(actor=..., message=...)."""
    message = services.message_send(actor=member, room=public, body="Via la socket")
    services.message_delete(actor=moderator, message=message)
    assert AuditEntry.objects.get().reason == ""


def test_moderator_cannot_delete_in_private_rooms_or_direct_conversations(
    as_user, member, moderator, private, django_capture_on_commit_callbacks
):
    in_private = services.message_send(actor=member, room=private, body="Entre nous")
    direct = services.direct_room(actor=member, others=[moderator])
    in_direct = services.message_send(actor=member, room=direct, body="Rien que nous")
    for message in (in_private, in_direct):
        with django_capture_on_commit_callbacks() as callbacks, pytest.raises(PermissionDenied):
            services.message_delete(actor=moderator, message=message, reason="Non")
        assert callbacks == []
        message.refresh_from_db()
        assert not message.is_deleted
        url = reverse("chat:message_delete", args=[message.room_id, message.pk])
        client = as_user(moderator)
        assert client.get(url).status_code == 403
        assert client.post(url, {"reason": "Non"}).status_code == 403
    assert not AuditEntry.objects.exists()


def test_outsider_moderator_gets_404_in_a_private_room(as_user, member, other_member):
    room = services.room_create(actor=member, name="Binôme", kind=Room.Kind.PRIVATE,
                                members=[other_member])
    message = services.message_send(actor=member, room=room, body="Secret")
    outsider = ModeratorFactory()
    for name in ("chat:message_delete", "chat:message_report"):
        url = reverse(name, args=[room.pk, message.pk])
        assert as_user(outsider).get(url).status_code == 404
        assert as_user(outsider).post(url, {"reason": "x"}).status_code == 404


def test_moderator_deletes_through_the_page(as_user, member, other_member, moderator, public):
    message = services.message_send(actor=member, room=public, body="À retirer")
    services.message_report(actor=other_member, message=message, reason="Insulte")
    url = reverse("chat:message_delete", args=[public.pk, message.pk])
    client = as_user(moderator)
    page = client.get(url).content.decode()
    assert 'name="reason"' in page and "À retirer" in page

    response = client.post(url, {"reason": "  "})  # a reason is required
    assert response.status_code == 200 and 'id="form-errors"' in response.content.decode()
    assert not Message.objects.get(pk=message.pk).is_deleted

    queue = reverse("moderation:reports")
    response = client.post(url, {"reason": "Insulte", "next": queue})
    assert response["Location"] == queue
    assert Message.objects.get(pk=message.pk).is_deleted
    assert AuditEntry.objects.get().reason == "Insulte"
    assert _reports_on(message).get().status == Report.Status.ACTIONED


def test_next_must_stay_on_the_site(as_user, member, moderator, public):
    message = services.message_send(actor=member, room=public, body="x")
    url = reverse("chat:message_delete", args=[public.pk, message.pk])
    response = as_user(moderator).post(url, {"reason": "r", "next": "https://ailleurs.example/"})
    assert response["Location"] == f"{public.get_absolute_url()}#m-{message.seq}"


def test_the_room_shows_the_moderation_link_to_moderators_only(as_user, member, other_member,
                                                               moderator, public, private):
    message = services.message_send(actor=member, room=public, body="Bonjour")
    delete = reverse("chat:message_delete", args=[public.pk, message.pk])
    report = reverse("chat:message_report", args=[public.pk, message.pk])
    for_moderator = as_user(moderator).get(public.get_absolute_url()).content.decode()
    assert delete in for_moderator and 'data-action="moderate"' in for_moderator
    assert report in for_moderator
    for_member = as_user(other_member).get(public.get_absolute_url()).content.decode()
    assert delete not in for_member and 'data-action="moderate"' not in for_member
    assert report in for_member
    for_author = as_user(member).get(public.get_absolute_url()).content.decode()
    assert report not in for_author and delete in for_author  # the author's own deletion
    # In a private room, the moderator is a member like any other.
    services.message_send(actor=member, room=private, body="Privé")
    in_private = as_user(moderator).get(private.get_absolute_url()).content.decode()
    assert 'data-action="moderate"' not in in_private
    assert 'data-action="report"' in in_private
    # The template chat.js clones gives the same links.
    assert 'data-report-url="/chat/' in for_member


# --- Reporting --------------------------------------------------------------------------------


def test_member_reports_a_message_through_the_page(as_user, member, other_member, public):
    message = services.message_send(actor=other_member, room=public, body="**Texte** signalé")
    url = reverse("chat:message_report", args=[public.pk, message.pk])
    client = as_user(member)
    page = client.get(url)
    assert page.status_code == 200 and 'name="reason"' in page.content.decode()

    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and 'id="form-errors"' in response.content.decode()
    response = client.post(url, {"reason": "x" * 1001})
    assert response.status_code == 200
    assert not Report.objects.exists()

    response = client.post(url, {"reason": "Propos blessants"}, follow=True)
    assert response.redirect_chain[0][0] == f"{public.get_absolute_url()}#m-{message.seq}"
    assert "votre signalement a été transmis aux animateurs" in response.content.decode()
    report = Report.objects.get()
    assert report.reporter == member and report.target == message
    assert report.excerpt == "**Texte** signalé" and report.target_author == other_member
    assert report.reason == "Propos blessants" and "Tiers-lieux" in report.context_label
    # Twice: the same report, no error.
    assert client.post(url, {"reason": "Encore"}).status_code == 302
    assert Report.objects.get().reason == "Propos blessants"


def test_reports_keep_the_text_as_it_was(member, other_member, public):
    message = services.message_send(actor=other_member, room=public, body="Avant")
    report = services.message_report(actor=member, message=message, reason="Blessant")
    services.message_edit(actor=other_member, message=message, body="Après")
    report.refresh_from_db()
    assert report.excerpt == "Avant"


def test_one_cannot_report_ones_own_or_a_deleted_message(as_user, member, other_member, public):
    own = services.message_send(actor=member, room=public, body="À moi")
    url = reverse("chat:message_report", args=[public.pk, own.pk])
    assert as_user(member).get(url).status_code == 403
    assert as_user(member).post(url, {"reason": "x"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.message_report(actor=member, message=own, reason="x")
    gone = services.message_send(actor=other_member, room=public, body="Parti")
    services.message_delete(actor=other_member, message=gone)
    assert as_user(member).get(
        reverse("chat:message_report", args=[public.pk, gone.pk])
    ).status_code == 404
    with pytest.raises(PermissionDenied):
        services.message_report(actor=member, message=gone, reason="x")
    assert not Report.objects.exists()


def test_private_reports_name_no_direct_conversation(member, moderator, private):
    direct = services.direct_room(actor=member, others=[moderator])
    message = services.message_send(actor=moderator, room=direct, body="Un mot")
    report = services.message_report(actor=member, message=message, reason="Déplacé")
    assert member.display_name not in report.context_label
    assert moderator.display_name not in report.context_label
    with pytest.raises(ValidationError):
        services.message_report(
            actor=member, message=services.message_send(actor=moderator, room=private, body="b"),
            reason=" ",
        )
