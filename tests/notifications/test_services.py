"""The notification centre's services and selectors: who is notified, the live frame published
once the transaction commits, read markers, and the guards on kinds and links."""

import asyncio

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.exceptions import PermissionDenied

from chat.realtime import user_group
from community.models import UserStatus
from notifications import selectors, services
from notifications.models import Notification
from tests.factories import ApplicantFactory, MemberFactory, NotificationFactory

pytestmark = pytest.mark.django_db

MENTION = Notification.Kind.MENTION


@pytest.fixture(autouse=True)
def in_memory_layer(settings):
    """The listener reads the layer from several event loops: only the in-memory layer allows it
    (as in tests/chat/helpers.py)."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def published_to(user, callbacks_run) -> list[dict]:
    """What reached the user's personal group while ``callbacks_run()`` ran."""
    layer = get_channel_layer()
    async_to_sync(layer.flush)()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(user_group(user.pk), channel)
    callbacks_run()

    async def receive_now():
        return await asyncio.wait_for(layer.receive(channel), timeout=0.05)

    received = []
    while True:
        try:
            received.append(async_to_sync(receive_now)())
        except TimeoutError:
            return received


def test_notify_stores_and_publishes_after_commit(member, other_member,
                                                  django_capture_on_commit_callbacks):
    NotificationFactory(recipient=other_member, read_at="2026-01-01T00:00:00Z")
    NotificationFactory(recipient=other_member)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = services.notify(other_member, MENTION, member,
                                       "Marc Membre — Bonjour  \n @Odile Autre", "/chat/3/#m-7")
    assert notification.recipient == other_member and notification.actor == member
    assert notification.text == "Marc Membre — Bonjour @Odile Autre"  # one line
    assert notification.read_at is None

    def run():
        for callback in callbacks:
            callback()

    [event] = published_to(other_member, run)
    assert event == {
        "type": "realtime.frame",
        "frame": {
            "type": "notification",
            "unread": 2,
            "notification": {
                "id": notification.pk,
                "kind": "mention",
                "text": "Marc Membre — Bonjour @Odile Autre",
                "url": "/chat/3/#m-7",
                "actor": {"id": member.pk, "name": "Marc Membre"},
                "created": notification.created.isoformat(),
            },
        },
    }


def test_nothing_is_published_for_a_rolled_back_notification(member, other_member,
                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.notify(other_member, MENTION, member, "x", "/")
    assert len(callbacks) == 1  # waits for the commit: a rollback drops it with the row


def test_a_notification_without_actor(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notify(member, MENTION, None, "Système", "/notifications/")
    assert notification.actor is None


@pytest.mark.parametrize("who", ["actor", "applicant", "suspended", "inactive"])
def test_nobody_is_notified_who_should_not_be(member, who):
    recipient = {
        "actor": member,
        "applicant": ApplicantFactory(),
        "suspended": MemberFactory(status=UserStatus.SUSPENDED),
        "inactive": MemberFactory(is_active=False),
    }[who]
    assert services.notify(recipient, MENTION, member, "x", "/chat/1/") is None
    assert not Notification.objects.exists()


def test_a_key_is_notified_once(member, other_member):
    def tell(text, key):
        return services.notify(other_member, MENTION, member, text, "/chat/1/", key=key)

    first, again, other = tell("a", "chat.message:1"), tell("b", "chat.message:1"), tell("c", "")
    assert first and other and again is None
    assert Notification.objects.count() == 2


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)",
                                 "/\\evil.example", "chat/1/", ""])
def test_links_stay_on_the_site(member, other_member, url):
    with pytest.raises(ValueError):
        services.notify(other_member, MENTION, member, "x", url)


def test_unknown_kinds_are_refused(member, other_member):
    with pytest.raises(ValueError):
        services.notify(other_member, "launch_missiles", member, "x", "/")


def test_long_text_is_cut(member, other_member):
    notification = services.notify(other_member, MENTION, member, "mot " * 200, "/")
    assert len(notification.text) <= 300 and notification.text.endswith("…")


def test_mark_read_is_the_recipients_only(member, other_member):
    notification = NotificationFactory(recipient=member)
    with pytest.raises(PermissionDenied):
        services.mark_read(other_member, notification)
    notification.refresh_from_db()
    assert notification.read_at is None
    services.mark_read(member, notification)
    read_at = Notification.objects.get(pk=notification.pk).read_at
    assert read_at is not None
    services.mark_read(member, notification)  # again: nothing moves
    assert Notification.objects.get(pk=notification.pk).read_at == read_at


def test_mark_all_read_touches_only_ones_own(member, other_member, applicant):
    mine = NotificationFactory.create_batch(3, recipient=member)
    theirs = NotificationFactory(recipient=other_member)
    assert services.mark_all_read(member) == 3
    assert services.mark_all_read(member) == 0
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    with pytest.raises(PermissionDenied):
        services.mark_all_read(applicant)


def test_selectors(member, other_member, django_assert_num_queries):
    older = NotificationFactory(recipient=member)
    newer = NotificationFactory(recipient=member, read_at="2026-01-01T00:00:00Z")
    NotificationFactory(recipient=other_member)
    with django_assert_num_queries(1):
        assert selectors.unread_count(member) == 1
    with django_assert_num_queries(1):
        listed = list(selectors.for_user(member))
        assert [n.actor.display_name for n in listed]  # actors come with the same query
    assert listed == [newer, older]
