"""Seed the chat with the history in ``demo/chat.py`` (called by ``seed_demo``).

Every room and message goes through chat.services, so sequence numbers, memberships and read
markers are what real use would give. Only the dates are set afterwards (a service stamps
"now"): the demo history then spreads over the last days. Idempotent: a room whose name is
taken, or a direct conversation that already has messages, is left alone, with its mentions,
reports and moderation (they are made with the room's history, never on their own).
"""

import random
import re
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from chat import services
from chat.models import Message, Room
from community.models import User
from demo import chat as data
from demo import people
from moderation.models import Report
from notifications.models import Notification

SEED = 2026
# Who the generated speakers must be for their lines to make sense (region, gender).
SPEAKERS = {
    "p1": {"region": "occitanie", "female": True},
    "p2": {"region": "hauts-de-france"},
    "p4": {"region": "bretagne", "female": True},
    "p5": {"region": "bretagne"},
    "p7": {"region": "la-reunion"},
}
GENERATED_SPEAKERS = [f"p{n}" for n in range(1, 15)]
MENTION = re.compile(r"@\{(\w+)\}")  # "@{member}" in a demo text: an @mention of that speaker
WORKDAY_START_HOUR, WORKDAY_END_HOUR = 9, 19


@dataclass
class Result:
    rooms: int = 0
    messages: int = 0


def cast(domain: str, rng: random.Random) -> dict[str, User] | None:
    """Speaker keys to people of the seeded network, the same ones at every run."""
    special = {
        "admin": f"admin@{domain}",
        "moderator": f"animatrice@{domain}",
        "member": f"membre@{domain}",
    }
    found = {u.email: u for u in User.objects.members().filter(email__in=special.values())}
    if len(found) != len(special):
        return None
    speakers = {key: found[email] for key, email in special.items()}
    pool = list(
        User.objects.members()
        .filter(profile__onboarded_at__isnull=False)
        .exclude(email__in=special.values())
        .select_related("profile")
        .order_by("email")
    )
    used: set[int] = set()
    for key in GENERATED_SPEAKERS:
        wanted = SPEAKERS.get(key, {})
        candidates = [
            person for person in pool
            if person.pk not in used
            and (not wanted.get("region") or person.profile.region == wanted["region"])
            and (not wanted.get("female") or person.first_name in people.FEMALE_FIRST_NAMES)
        ] or [person for person in pool if person.pk not in used]
        if not candidates:
            return None
        speakers[key] = rng.choice(candidates)
        used.add(speakers[key].pk)
    speakers["_pool"] = [person for person in pool if person.pk not in used]
    return speakers


def seed_chat(domain: str) -> Result | None:
    """Create the demo rooms and their history; ``None`` when the demo people are missing."""
    rng = random.Random(SEED)
    speakers = cast(domain, rng)
    if speakers is None:
        return None
    pool = speakers.pop("_pool")
    result = Result()
    now = timezone.now()
    with transaction.atomic():
        for spec in data.PUBLIC_ROOMS:
            if Room.objects.filter(kind=Room.Kind.PUBLIC, name=spec["name"]).exists():
                continue
            room = services.room_create(actor=speakers["moderator"], name=spec["name"],
                                        topic=spec["topic"])
            result.messages += _history(room, spec, speakers, now, rng)
            for person in rng.sample(pool, min(spec["joiners"], len(pool))):
                services.room_join(actor=person, room=room)
            if spec.get("member_joins"):
                services.room_join(actor=speakers["member"], room=room)
            _leave_unread(room, spec, speakers["member"])
            result.rooms += 1
        for spec in data.PRIVATE_ROOMS:
            if Room.objects.filter(kind=Room.Kind.PRIVATE, name=spec["name"]).exists():
                continue
            room = services.room_create(
                actor=speakers[spec["creator"]], name=spec["name"], topic=spec["topic"],
                kind=Room.Kind.PRIVATE, members=[speakers[key] for key in spec["members"]],
            )
            result.messages += _history(room, spec, speakers, now, rng)
            _leave_unread(room, spec, speakers["member"])
            result.rooms += 1
        for spec in data.DIRECT_CONVERSATIONS:
            room = services.direct_room(actor=speakers["member"],
                                        others=[speakers[key] for key in spec["with"]])
            if room.last_seq:
                continue
            result.messages += _history(room, spec, speakers, now, rng)
            _leave_unread(room, spec, speakers["member"])
            result.rooms += 1
    return result


def _history(room: Room, spec: dict, speakers: dict, now, rng: random.Random) -> int:
    """Send the messages in order, then spread their dates from ``days_ago`` until an hour ago."""
    sent: list[Message] = []
    for line in spec["messages"]:
        speaker, text = line[0], _with_mentions(line[1], speakers)
        reply_to = sent[line[2]].pk if len(line) > 2 else None
        sent.append(services.message_send(actor=speakers[speaker], room=room, body=text,
                                          reply_to_id=reply_to))
    for index, body in spec.get("edited", {}).items():
        sent[index] = services.message_edit(actor=sent[index].author, message=sent[index],
                                            body=body)
    for index in spec.get("deleted", []):
        sent[index] = services.message_delete(actor=sent[index].author, message=sent[index])
    for index, reporter, reason in spec.get("reported", []):
        services.message_report(actor=speakers[reporter], message=sent[index], reason=reason)
    moderated = {index for index, _reason in spec.get("moderated", [])}
    for index, reason in spec.get("moderated", []):  # the moderation log keeps today's date
        sent[index] = services.message_delete(actor=speakers["moderator"], message=sent[index],
                                              reason=reason)
    dates = _working_hours(spec["days_ago"], len(sent), now, rng)
    message_type = ContentType.objects.get_for_model(Message)
    for index, (message, when) in enumerate(zip(sent, dates, strict=True)):
        changes = {"created_at": when}
        if message.edited_at:
            changes["edited_at"] = when + timedelta(minutes=rng.randint(2, 30))
        if message.deleted_at and index not in moderated:
            changes["deleted_at"] = when + timedelta(minutes=rng.randint(1, 5))
        Message.objects.filter(pk=message.pk).update(**changes)
        # What the message set off dates from it too: mentions in the bell, reports.
        Notification.objects.filter(
            kind=Notification.Kind.MENTION, key=f"chat.message:{message.pk}"
        ).update(created=when)
        Report.objects.filter(content_type=message_type, object_id=message.pk).update(
            created_at=when + timedelta(minutes=rng.randint(5, 90))
        )
    Room.objects.filter(pk=room.pk).update(created_at=dates[0] - timedelta(hours=2),
                                           last_message_at=dates[-1])
    return len(sent)


def _with_mentions(text: str, speakers: dict) -> str:
    """``@{p4}`` becomes "@" and that speaker's name: the service resolves it as a mention."""
    return MENTION.sub(lambda match: f"@{speakers[match.group(1)].display_name}", text)


def _working_hours(days_ago: int, count: int, now, rng: random.Random) -> list:
    """``count`` increasing dates between 9:00 and 19:00 (local time), from ``days_ago`` days
    ago until yesterday evening: people chat at work, not at 3 in the morning."""
    day_minutes = WORKDAY_END_HOUR * 60 - WORKDAY_START_HOUR * 60
    available = days_ago * day_minutes - 1
    average = available * 0.9 / count
    first_day = timezone.localtime(now).replace(
        hour=WORKDAY_START_HOUR, minute=0, second=0, microsecond=0
    ) - timedelta(days=days_ago)
    dates, elapsed = [], 0.0
    for _ in range(count):
        elapsed = min(elapsed + average * rng.uniform(0.2, 1.8), available)
        day, minute = divmod(int(elapsed), day_minutes)
        dates.append(first_day + timedelta(days=day, minutes=minute,
                                           seconds=rng.randint(0, 59)))
    return dates


def _leave_unread(room: Room, spec: dict, member: User) -> None:
    """The demo member has read all but the last few messages: the badges have something."""
    room.refresh_from_db(fields=["last_seq"])
    services.room_mark_read(actor=member, room=room,
                            seq=room.last_seq - spec.get("unread_for_member", 0))
