"""The member's home page (*Accueil*), "what is new for me": unread notifications (their text,
link and relative time, a link to the notification centre with the count, an empty state),
questions for you and the latest news, in one accessible page that costs a constant number of
queries however many notifications there are."""

import re
from datetime import timedelta
from itertools import pairwise

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from tests.factories import MemberFactory, NotificationFactory
from walls import selectors as wall_selectors
from walls import services as wall_services

pytestmark = pytest.mark.django_db

HOME = reverse("community:home")
# A ceiling, not an exact count: about 22 for a member (session, user, profile, the header's
# counts, the unread notifications, the questions for you, the news, my projects, my rooms, the
# newest and nearby members). A new block on the home page raises it deliberately, with its own
# constant cost; test_the_cost_does_not_grow_with_the_notifications pins the growth to zero.
HOME_QUERIES = 25
XSS = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def block(html: str, section_id: str) -> str:
    return html.split(f'id="{section_id}"', 1)[1].split("</section>", 1)[0]


def shown_notifications(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-notification="(\d+)"',
                                         block(html, "home-notifications"))]


def unread_for(member, count: int, **fields) -> list[Notification]:
    return [NotificationFactory(recipient=member, **fields) for _ in range(count)]


# --- Who sees what --------------------------------------------------------------------------


def test_visitors_get_the_landing_page_and_applicants_their_status(as_user, applicant):
    html = as_user(None).get(HOME).content.decode()
    assert 'id="home-notifications"' not in html
    response = as_user(applicant).get(HOME)
    assert response.status_code == 302
    assert response["Location"] == reverse("community:application_status")


@pytest.mark.parametrize("role", ["member", "moderator", "admin_user"])
def test_every_member_sees_what_is_new_for_them(request, as_user, role):
    person = request.getfixturevalue(role)
    NotificationFactory(recipient=person, text="Anouk Martin — Une question pour vous")
    html = as_user(person).get(HOME).content.decode()
    notifications = block(html, "home-notifications")
    assert "Notifications non lues" in html
    assert "Une question pour vous" in notifications
    assert 'id="questions-for-you"' in html and "Questions pour vous" in html
    assert "Dernières actualités" in html


def test_only_my_unread_notifications_newest_first(as_user, member, other_member):
    now = timezone.now()
    old, new = unread_for(member, 2)
    Notification.objects.filter(pk=old.pk).update(created=now - timedelta(hours=3))
    Notification.objects.filter(pk=new.pk).update(created=now - timedelta(minutes=5))
    read = NotificationFactory(recipient=member, read_at=now)
    theirs = NotificationFactory(recipient=other_member)
    html = as_user(member).get(HOME).content.decode()
    assert shown_notifications(html) == [new.pk, old.pk]
    notifications = block(html, "home-notifications")
    assert read.text not in notifications and theirs.text not in notifications
    # Its text, what kind it is, a link through the notification centre, the time in French.
    assert new.text in notifications
    assert "Mention" in notifications
    assert f'href="{reverse("notifications:open", args=[new.pk])}"' in notifications
    assert "il y a 5\xa0minutes" in notifications
    assert "il y a 3\xa0heures" in notifications
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT[^"]+"', notifications)
    assert 'href="/notifications/"' in notifications
    assert "Voir toutes vos notifications non lues (2)" in notifications


def test_a_few_are_shown_and_the_link_counts_them_all(as_user, member):
    unread_for(member, 8)
    html = as_user(member).get(HOME).content.decode()
    assert len(shown_notifications(html)) == 5
    assert "Voir toutes vos notifications non lues (8)" in block(html, "home-notifications")


def test_nothing_unread_says_so(as_user, member):
    NotificationFactory(recipient=member, read_at=timezone.now())
    html = as_user(member).get(HOME).content.decode()
    notifications = block(html, "home-notifications")
    assert shown_notifications(html) == []
    assert "Rien de nouveau : vous avez lu toutes vos notifications." in notifications
    assert 'href="/notifications/"' in notifications
    assert "Voir toutes vos notifications" in notifications


def test_opening_a_notification_from_home_marks_it_read(as_user, member):
    notification = NotificationFactory(recipient=member, url="/mur/")
    client = as_user(member)
    html = client.get(HOME).content.decode()
    link = reverse("notifications:open", args=[notification.pk])
    assert f'href="{link}"' in html
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == "/mur/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert shown_notifications(client.get(HOME).content.decode()) == []


def test_someone_else_cannot_open_my_notification(as_user, member, other_member):
    notification = NotificationFactory(recipient=member)
    assert as_user(other_member).get(
        reverse("notifications:open", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_notification_text_stays_inert(as_user, member):
    NotificationFactory(recipient=member, text=f"Anouk — {XSS}")
    html = as_user(member).get(HOME).content.decode()
    notifications = block(html, "home-notifications")
    assert "<script>alert" not in notifications and "<img src=x" not in notifications
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in notifications


# --- Cost ------------------------------------------------------------------------------------


def _fill(member, size: int) -> None:
    """``size`` unread notifications, a question for the member and a post to read."""
    author = MemberFactory()
    wall = wall_selectors.group_wall()
    for index in range(size):
        question = wall_services.question_create(
            actor=author, wall=wall, body=f"Question {index}", skills=["Tiers-lieux"])
        wall_services.question_notify_members(actor=author, question=question,
                                              members=[member])
    unread_for(member, size)


@pytest.mark.parametrize("size", [1, 30])
def test_home_stays_under_its_ceiling(as_user, django_assert_max_num_queries, size):
    reader = MemberFactory(onboarded__skills=["Tiers-lieux"])
    _fill(reader, size)
    client = as_user(reader)
    client.get(HOME)  # sessions, caches
    with django_assert_max_num_queries(HOME_QUERIES):
        html = client.get(HOME).content.decode()
    assert len(shown_notifications(html)) == min(2 * size, 5)  # told of each question, too
    assert len(re.findall(r'id="q-\d+"', block(html, "questions-for-you"))) == min(size, 5)


def test_the_cost_does_not_grow_with_the_notifications(as_user, django_assert_max_num_queries):
    """With 40 unread notifications and questions, no more queries than with 2."""
    reader = MemberFactory(onboarded__skills=["Tiers-lieux"])
    client = as_user(reader)
    _fill(reader, 1)
    client.get(HOME)
    with CaptureQueriesContext(connection) as few:
        client.get(HOME)
    _fill(reader, 39)
    with django_assert_max_num_queries(len(few)):
        html = client.get(HOME).content.decode()
    assert len(shown_notifications(html)) == 5
    assert "Voir toutes vos notifications non lues (80)" in block(html, "home-notifications")


# --- Structure -------------------------------------------------------------------------------


def test_headings_are_in_order_with_one_h1(as_user, member, other_member):
    NotificationFactory(recipient=member)
    wall_services.question_create(actor=other_member, wall=wall_selectors.group_wall(),
                                  body="Besoin d'aide", skills=["Tiers-lieux"])
    html = as_user(member).get(HOME).content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", main)]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(after - before <= 1 for before, after in pairwise(levels))
    # Each block is a section named by its heading.
    for section_id, title_id in (("home-notifications", "home-notifications-title"),
                                 ("questions-for-you", "questions-for-you-title")):
        assert re.search(rf'aria-labelledby="{title_id}"[^>]*id="{section_id}"'
                         rf'|id="{section_id}"[^>]*aria-labelledby="{title_id}"', main)
        assert f'id="{title_id}"' in main


# --- My rooms ----------------------------------------------------------------------------------


def test_my_rooms_with_their_unread_messages(as_user, member, other_member, moderator):
    from chat import services as chat_services

    pair = chat_services.room_create(actor=other_member, name="Binôme", kind="private",
                                     members=[member])
    for body in ("Bonjour", "Tu es là ?"):
        chat_services.message_send(actor=other_member, room=pair, body=body)
    chat_services.room_create(actor=other_member, name="Entre nous", kind="private")
    chat_services.room_create(actor=moderator, name="Tiers-lieux")  # public, not joined
    rooms = block(as_user(member).get(HOME).content.decode(), "home-rooms")
    assert f'href="{pair.get_absolute_url()}">Binôme</a>' in rooms
    assert '2<span class="visually-hidden"> messages non lus</span>' in rooms
    assert "Entre nous" not in rooms and "Tiers-lieux" not in rooms
    assert 'href="/chat/">Tous vos salons</a>' in rooms


def test_no_room_yet_says_where_to_find_one(as_user):
    rooms = block(as_user(MemberFactory()).get(HOME).content.decode(), "home-rooms")
    assert "Vous n'êtes encore dans aucun salon" in rooms and 'href="/chat/"' in rooms


def test_the_rooms_block_costs_the_same_with_1_or_12_rooms(as_user, member, other_member,
                                                          django_assert_max_num_queries):
    from chat import services as chat_services

    client = as_user(member)
    chat_services.room_create(actor=other_member, name="Salon 0", kind="private",
                              members=[member])
    client.get(HOME)
    with CaptureQueriesContext(connection) as few:
        client.get(HOME)
    for index in range(1, 12):
        chat_services.room_create(actor=other_member, name=f"Salon {index}", kind="private",
                                  members=[member])
    with django_assert_max_num_queries(len(few)):
        rooms = block(client.get(HOME).content.decode(), "home-rooms")
    assert rooms.count("<li>") == 5
