"""``notify_many``: the same rules as ``notify`` for a crowd (a news item told to every member),
at a constant number of queries whatever the number of recipients, with a live frame for each
recipient after commit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.models import User, UserStatus
from notifications import services
from notifications.models import Delivery, Notification, NotificationPreference
from tests.factories import ApplicantFactory, MemberFactory, NotificationFactory
from tests.notifications.test_services import published_to

pytestmark = pytest.mark.django_db

NEWS = Notification.Kind.NEWS_PUBLISHED
URL = "/actualites/1/"


@pytest.fixture(autouse=True)
def in_memory_layer(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def crowd(count: int) -> list[User]:
    """``count`` active members, in one insert (profiles are not needed to be notified)."""
    start = User.objects.count()
    return User.objects.bulk_create([
        User(email=f"foule{start + n}@exemple.fr", first_name="Membre", last_name=str(n),
             status=UserStatus.MEMBER)
        for n in range(count)
    ])


def tell_everyone(actor, key="news.newsitem:1", text="Nouvelle actualité"):
    return services.notify_many(User.objects.all(), NEWS, actor, text, URL, key=key)


def test_every_member_but_the_actor_is_told_once(member, other_member, moderator):
    applicant = ApplicantFactory()
    suspended = MemberFactory(status=UserStatus.SUSPENDED)
    inactive = MemberFactory(is_active=False)
    created = tell_everyone(moderator)
    assert {n.recipient_id for n in created} == {member.pk, other_member.pk}
    assert all(n.actor_id == moderator.pk and n.url == URL and n.kind == NEWS for n in created)
    assert all(n.delivery == Delivery.DIGEST for n in created)  # the kind's default
    for person in (moderator, applicant, suspended, inactive):
        assert not Notification.objects.filter(recipient=person).exists()
    # Again (a retried task, a second run): nobody is told twice.
    assert tell_everyone(moderator) == []
    assert Notification.objects.filter(kind=NEWS).count() == 2


def test_preferences_are_followed(member, other_member, moderator):
    NotificationPreference.objects.create(member=member, kind=NEWS, delivery=Delivery.OFF)
    NotificationPreference.objects.create(member=other_member, kind=NEWS,
                                          delivery=Delivery.EMAIL_NOW)
    [notification] = tell_everyone(moderator)
    assert notification.recipient_id == other_member.pk
    assert notification.delivery == Delivery.EMAIL_NOW


def test_email_at_once_is_sent_after_commit(member, moderator, mailoutbox,
                                            django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(member=member, kind=NEWS, delivery=Delivery.EMAIL_NOW)
    with django_capture_on_commit_callbacks(execute=True):
        tell_everyone(moderator, text="Rencontre nationale")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [member.email]


def test_a_key_is_required_and_bad_input_refused(moderator):
    with pytest.raises(ValueError):
        services.notify_many(User.objects.all(), NEWS, moderator, "x", URL, key="")
    with pytest.raises(ValueError):
        services.notify_many(User.objects.all(), "nope", moderator, "x", URL, key="k")
    with pytest.raises(ValueError):
        services.notify_many(User.objects.all(), NEWS, moderator, "x", "https://ailleurs.fr/",
                             key="k")


def test_each_recipient_gets_a_live_frame_with_their_unread_count(
    member, other_member, moderator, django_capture_on_commit_callbacks
):
    NotificationFactory(recipient=member)  # one unread already
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        created = tell_everyone(moderator, text="Rencontre  nationale\n à Lyon")
    mine = next(n for n in created if n.recipient_id == member.pk)

    def run():
        for callback in callbacks:
            callback()

    [event] = published_to(member, run)
    assert event["frame"] == {
        "type": "notification",
        "unread": 2,
        "notification": {
            "id": mine.pk, "kind": "news_published", "text": "Rencontre nationale à Lyon",
            "url": URL, "actor": {"id": moderator.pk, "name": "Claire Animatrice"},
            "created": mine.created.isoformat(),
        },
    }
    assert len(callbacks) == len(created)  # a frame per recipient, none before the commit


@pytest.mark.parametrize("size", [5, 350])
def test_queries_do_not_grow_with_the_number_of_members(moderator, size):
    crowd(size)
    NotificationPreference.objects.create(
        member=User.objects.members().exclude(pk=moderator.pk).first(), kind=NEWS,
        delivery=Delivery.IN_APP,
    )
    with CaptureQueriesContext(connection) as queries:
        created = tell_everyone(moderator)
    assert len(created) == size
    # The members, preferences, who was told, the insert, what it created, the unread counts,
    # and the savepoint around it all.
    assert len(queries.captured_queries) <= 8, [q["sql"][:80] for q in queries]
