"""Telling the members when a news item becomes visible (news/services/announce.py): a
``news_published`` notification for every active member but its author and the moderator who
published it, once per item, at the moment members can see it: published directly, approved,
or when a scheduled item's time comes (the pages' due check, the deferred task, the command).
At a constant number of queries whatever the number of members."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.models import User, UserStatus
from moderation.services import decide
from news import services
from news.models import NewsItem
from notifications.models import Notification
from tests.factories import ApplicantFactory, MemberFactory
from tests.news.helpers import FEED
from tests.notifications.test_services import published_to

pytestmark = pytest.mark.django_db

NEWS = Notification.Kind.NEWS_PUBLISHED
FIELDS = {"title": "Rencontre nationale à Lyon", "summary": "Deux jours entre pairs."}


@pytest.fixture(autouse=True)
def in_memory_layer(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def told(item: NewsItem) -> set[int]:
    return set(Notification.objects.filter(kind=NEWS, key=services.news_key(item.pk))
               .values_list("recipient_id", flat=True))


def scheduled(moderator, hours: float = 2) -> NewsItem:
    return services.news_publish(actor=moderator, **FIELDS,
                                 scheduled_for=timezone.now() + timedelta(hours=hours))


def time_comes(item: NewsItem) -> None:
    """The scheduled time of ``item`` passes (its event follows the same way in the feed)."""
    NewsItem.objects.filter(pk=item.pk).update(published_at=timezone.now() - timedelta(minutes=1))


def test_a_direct_publication_tells_every_member_but_its_author(member, other_member, moderator):
    applicant = ApplicantFactory()
    suspended = MemberFactory(status=UserStatus.SUSPENDED)
    item = services.news_publish(actor=moderator, **FIELDS)
    assert told(item) == {member.pk, other_member.pk}
    notification = Notification.objects.get(recipient=member, kind=NEWS)
    assert notification.text == (  # with French typography (config/typography.py)
        "Nouveau sur le fil d'actualité\u00a0: «\u00a0Rencontre nationale à Lyon\u00a0»")
    assert notification.url == item.get_absolute_url()
    assert notification.actor == moderator
    assert notification.delivery == "digest"  # the kind's default
    assert not Notification.objects.filter(recipient__in=[applicant, suspended]).exists()
    item.refresh_from_db()
    assert item.announced_at is not None


def test_an_approval_tells_everyone_but_the_author_and_the_moderator(member, other_member,
                                                                     moderator):
    third = MemberFactory()
    item = services.news_propose(actor=member, **FIELDS)
    assert told(item) == set()  # waiting: nobody
    decide(actor=moderator, item=item, decision="approve")
    assert told(item) == {other_member.pk, third.pk}
    # The author hears of the decision, not of "news published".
    assert Notification.objects.filter(recipient=member, kind="moderation_decision").exists()
    assert not Notification.objects.filter(recipient=member, kind=NEWS).exists()
    assert Notification.objects.get(recipient=third, kind=NEWS).actor == member


def test_rejected_and_withdrawn_proposals_tell_nobody(member, other_member, moderator):
    rejected = services.news_propose(actor=member, **FIELDS)
    decide(actor=moderator, item=rejected, decision="reject", reason="Hors sujet")
    withdrawn = services.news_propose(actor=member, **FIELDS)
    services.news_withdraw(actor=member, item=withdrawn)
    assert not Notification.objects.filter(kind=NEWS).exists()


def test_each_item_is_told_once(member, other_member, moderator):
    item = services.news_publish(actor=moderator, **FIELDS)
    services.news_edit(actor=moderator, item=item, title="Rencontre nationale (programme)",
                       summary="Le programme est en ligne.")
    services.news_pin(actor=moderator, item=item)
    assert services.news_announce(item_id=item.pk) is False
    assert services.news_announce_due() == 0
    assert Notification.objects.filter(kind=NEWS, recipient=other_member).count() == 1


def test_hiding_withdraws_the_notifications_and_restoring_does_not_repeat_them(
    member, other_member, moderator
):
    item = services.news_publish(actor=moderator, **FIELDS)
    decide(actor=moderator, item=item, decision="hide", reason="Erreur de date")
    assert told(item) == set()
    decide(actor=moderator, item=item, decision="restore")
    assert told(item) == set()


def test_the_live_bell_is_rung_for_each_member_after_commit(member, other_member, moderator,
                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        item = services.news_propose(actor=member, **FIELDS)
        decide(actor=moderator, item=item, decision="approve")

    def run():
        for callback in callbacks:
            callback()

    frames = [event["frame"] for event in published_to(other_member, run)]
    [frame] = [frame for frame in frames if frame["notification"]["kind"] == NEWS]
    assert frame["unread"] == 1
    assert frame["notification"]["url"] == item.get_absolute_url()


# --- A scheduled item is told when its time comes -------------------------------------------


def test_a_scheduled_item_is_told_when_its_time_comes_by_the_pages_due_check(
    as_user, member, other_member, moderator, due_check_pending
):
    item = scheduled(moderator)
    assert told(item) == set()
    assert as_user(member).get(FEED).status_code == 200  # the due check: nothing is due yet
    assert told(item) == set()
    time_comes(item)
    # A page within the minute does not check again: no storm of checks.
    as_user(member).get(FEED)
    assert told(item) == set()
    due_check_pending()
    as_user(other_member).get(item.get_absolute_url())
    assert told(item) == {member.pk, other_member.pk}


def test_the_pages_due_check_costs_one_query_when_nothing_is_due(as_user, member,
                                                                 due_check_pending):
    services.news_publish(actor=MemberFactory(role="moderator"), **FIELDS)
    with CaptureQueriesContext(connection) as queries:
        assert services.announce_due_soon() == 0
    assert len(queries.captured_queries) == 1
    with CaptureQueriesContext(connection) as queries:
        assert services.announce_due_soon() == 0  # within the minute: the cache says no
    assert len(queries.captured_queries) == 0


def test_the_command_announces_what_is_due(member, moderator):
    item = scheduled(moderator)
    call_command("news_announce")
    assert told(item) == set()
    time_comes(item)
    call_command("news_announce")
    assert told(item) == {member.pk}
    call_command("news_announce")
    assert Notification.objects.filter(kind=NEWS).count() == 1


def test_a_queue_that_can_defer_gets_a_task_at_the_publication_time(
    settings, moderator, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        item = scheduled(moderator, hours=3)
    [task] = DBTaskResult.objects.all()
    assert task.task_path == "news.tasks.announce_due_news"
    assert task.run_after == item.published_at


def test_a_scheduled_item_moved_to_now_is_told_at_once(member, moderator):
    item = scheduled(moderator)
    services.news_schedule(actor=moderator, item=item, scheduled_for=None)
    assert told(item) == {member.pk}


def test_approving_a_proposal_scheduled_for_later_waits_for_its_time(member, other_member,
                                                                      moderator):
    item = services.news_propose(actor=member, **FIELDS)
    services.news_schedule(actor=moderator, item=item,
                           scheduled_for=timezone.now() + timedelta(days=1))
    decide(actor=moderator, item=item, decision="approve")
    assert told(item) == set()
    time_comes(item)
    assert services.news_announce_due() == 1
    assert told(item) == {other_member.pk}


def test_hidden_before_its_time_and_restored_after_is_told_on_restore(member, moderator):
    item = scheduled(moderator)
    decide(actor=moderator, item=item, decision="hide", reason="À revoir")
    time_comes(item)
    assert services.news_announce_due() == 0  # hidden: not visible
    decide(actor=moderator, item=item, decision="restore")
    assert told(item) == {member.pk}


# --- 350 members: the same queries as 5 ---------------------------------------------------------


def crowd(count: int, *, start: int) -> None:
    """``count`` more active members, in one insert (no profile: not needed to be told)."""
    User.objects.bulk_create([
        User(email=f"foule{n}@exemple.fr", first_name="Membre", last_name=str(n),
             status=UserStatus.MEMBER)
        for n in range(start, start + count)
    ])


def approval_queries(member, moderator) -> int:
    item = services.news_propose(actor=member, **FIELDS)
    with CaptureQueriesContext(connection) as queries:
        decide(actor=moderator, item=item, decision="approve")
    assert len(told(item)) == User.objects.members().count() - 2
    return len(queries.captured_queries)


def due_check_queries(moderator) -> int:
    item = scheduled(moderator)
    time_comes(item)
    with CaptureQueriesContext(connection) as queries:
        assert services.news_announce_due() == 1
    assert len(told(item)) == User.objects.members().count() - 1
    return len(queries.captured_queries)


def test_an_approval_costs_the_same_queries_for_5_or_350_members(member, moderator):
    """Approving (the decision, the log, the author told, the stream, the index and every
    member told) costs the same with 5 members or 350."""
    crowd(5, start=0)
    small = approval_queries(member, moderator)
    crowd(345, start=5)
    assert User.objects.members().count() == 352
    assert approval_queries(member, moderator) == small
    assert small <= 40


def test_the_due_check_costs_the_same_queries_for_5_or_350_members(moderator):
    crowd(5, start=0)
    small = due_check_queries(moderator)
    crowd(345, start=5)
    assert due_check_queries(moderator) == small
    assert small <= 20


def test_a_hostile_title_is_inert_in_the_bell_and_the_notification_centre(as_user, member,
                                                                           moderator):
    payload = '<script>alert(1)</script><img src=x onerror=alert(1)>'
    services.news_publish(actor=moderator, title=f"Rencontre {payload}", summary="…")
    html = as_user(member).get("/notifications/").content.decode()
    assert "Rencontre" in html
    assert "<script>alert(1)" not in html and "<img src=x" not in html
