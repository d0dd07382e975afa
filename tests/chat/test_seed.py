"""``seed_demo`` fills the chat through its services: rooms, a French history with sequences in
order, unread messages for the demo member, and nothing more on a second run."""

from io import StringIO

import pytest
from django.core.management import call_command

from chat import selectors, services
from chat.models import Message, Room, RoomMembership
from community.management.commands.seed_demo import DOMAIN
from community.models import User

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

    counts = (Room.objects.count(), Message.objects.count(), RoomMembership.objects.count())
    unread = selectors.unread_counts(demo)
    assert "Discussions : 0 salons" in _seed()
    assert (Room.objects.count(), Message.objects.count(),
            RoomMembership.objects.count()) == counts
    assert selectors.unread_counts(demo) == unread


def test_seed_skips_a_room_that_exists_by_name(moderator):
    services.room_create(actor=moderator, name="Tiers-lieux")
    _seed()
    room = Room.objects.get(name="Tiers-lieux")
    assert room.created_by == moderator
    assert room.last_seq == 0
    assert Room.objects.filter(name="Nouveaux arrivants").get().last_seq > 0
