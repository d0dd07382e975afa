"""``seed_demo`` fills the chat through its services: rooms, a French history with sequences in
order, unread messages and mentions for the demo member, reports and a moderator's deletion,
and nothing more on a second run."""

from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from chat import permissions, selectors, services
from chat.models import Message, Room, RoomMembership
from community.models import User
from demo.management.commands.seed_demo import DOMAIN
from moderation.models import AuditEntry, Report
from notifications.models import Notification

pytestmark = pytest.mark.django_db

PUBLIC_ROOMS = {"Tiers-lieux", "Mécénat de compétences", "Nouveaux arrivants",
                "Évaluation d'impact"}


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_seed_creates_rooms_and_history_and_is_idempotent():
    output = _seed()
    assert "Discussions : 8 salons" in output

    public = set(Room.objects.filter(kind=Room.Kind.PUBLIC).values_list("name", flat=True))
    assert public >= PUBLIC_ROOMS
    demo = User.objects.get(email=f"membre@{DOMAIN}")
    assert Room.objects.filter(kind=Room.Kind.PRIVATE, memberships__user=demo).exists()
    directs = Room.objects.filter(kind=Room.Kind.DIRECT, memberships__user=demo)
    assert directs.count() == 3

    for room in Room.objects.all():
        messages = list(Message.objects.filter(room=room).order_by("seq"))
        assert len(messages) >= 4, room
        assert [m.seq for m in messages] == list(range(1, len(messages) + 1)), room
        assert room.last_seq == len(messages)
        dates = [m.created_at for m in messages]
        assert dates == sorted(dates), room  # the history reads in order
        assert room.last_message_at == dates[-1]
        for message in messages:
            assert message.reply_to is None or message.reply_to.room_id == room.pk
            assert message.reply_to is None or message.reply_to.seq < message.seq
            # Every author belongs to the room (posting in a public room joins it).
            assert RoomMembership.objects.filter(room=room, user=message.author).exists()
    # French text, formatted like any member's message; one edited, one deleted.
    first = Message.objects.get(room__name="Nouveaux arrivants", seq=1)
    assert "<strong>Qui peut m'aider ?</strong>" in first.html
    assert Message.objects.filter(edited_at__isnull=False).exists()
    assert Message.objects.filter(deleted_at__isnull=False, body="").exists()
    # The demo member finds a few unread messages, and public rooms have an audience.
    assert selectors.unread_total(demo) > 0
    assert Room.objects.get(name="Tiers-lieux").memberships.count() > 30

    counts = _counts()
    unread = selectors.unread_counts(demo)
    assert "Discussions : 0 salons" in _seed()
    assert _counts() == counts
    assert selectors.unread_counts(demo) == unread


def _counts() -> tuple:
    return tuple(model.objects.count() for model in (
        Room, Message, RoomMembership, Notification, Report, AuditEntry,
    ))


def test_seed_mentions_the_demo_member_and_gives_the_moderators_work():
    _seed()
    demo = User.objects.get(email=f"membre@{DOMAIN}")
    moderator = User.objects.get(email=f"animatrice@{DOMAIN}")

    # A few unread mentions in the demo member's bell, each from a message of a room they are
    # in that names them, dated like that message.
    mentions = Notification.objects.filter(recipient=demo, kind=Notification.Kind.MENTION,
                                           key__startswith="chat.message:")
    assert 3 <= mentions.filter(read_at__isnull=True).count() <= 6
    for notification in mentions:
        message = Message.objects.get(pk=int(notification.key.split(":")[1]))
        assert demo in message.mentions.all()
        assert "@Inès Moreau" in message.body and "@{" not in message.body
        assert permissions.can_view_room(demo, message.room)
        assert notification.url == f"{message.room.get_absolute_url()}#m-{message.seq}"
        assert notification.created == message.created_at
    assert not Message.objects.filter(body__contains="@{").exists()

    # Two open reports by members on messages of public rooms, still visible (other apps seed
    # reports of their own).
    on_messages = {"content_type": ContentType.objects.get_for_model(Message)}
    reports = list(Report.objects.filter(status=Report.Status.OPEN, **on_messages))
    assert len(reports) == 2
    for report in reports:
        message = report.target
        assert message.room.kind == Room.Kind.PUBLIC and not message.is_deleted
        assert report.reporter.is_member and report.reporter != message.author
        assert report.excerpt == message.body and report.reason
        assert report.created_at > message.created_at

    # One message deleted by the moderator, with a reason in the log; its report acted upon.
    [entry] = AuditEntry.objects.filter(action=AuditEntry.Action.MESSAGE_DELETED, **on_messages)
    assert entry.actor == moderator and entry.reason
    deleted = entry.target
    assert deleted.is_deleted and deleted.room.kind == Room.Kind.PUBLIC
    assert deleted.author != moderator
    [handled] = Report.objects.filter(object_id=deleted.pk, **on_messages)
    assert handled.status == Report.Status.ACTIONED and handled.resolved_by == moderator

    # The moderators' pages show them.
    client = Client()
    client.force_login(moderator)
    queue = client.get(reverse("moderation:reports")).content.decode()
    for report in reports:
        assert escape(report.reason) in queue
    journal = client.get(reverse("moderation:journal")).content.decode()
    assert escape(entry.reason) in journal


def test_seed_skips_a_room_that_exists_by_name(moderator):
    services.room_create(actor=moderator, name="Tiers-lieux")
    _seed()
    room = Room.objects.get(name="Tiers-lieux")
    assert room.created_by == moderator
    assert room.last_seq == 0
    assert Room.objects.filter(name="Nouveaux arrivants").get().last_seq > 0
