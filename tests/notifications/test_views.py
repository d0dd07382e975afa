"""The notification pages and the header bell: the permission matrix, opening and marking read,
constant query counts, and hostile text shown inert."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chat import services as chat
from chat.models import Room
from notifications.models import Notification
from tests.factories import MemberFactory, NotificationFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("notifications:index")
ALL_READ = reverse("notifications:mark_all_read")


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# --- Who may see what ------------------------------------------------------------------------


def test_anonymous_goes_to_the_login_page(as_user, member):
    notification = NotificationFactory(recipient=member)
    for method, url in (("get", INDEX), ("get", reverse("notifications:open",
                                                        args=[notification.pk])),
                        ("post", ALL_READ)):
        response = getattr(as_user(None), method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login") + "?next=")
    assert Notification.objects.get(pk=notification.pk).read_at is None


def test_applicants_are_not_allowed(as_user, applicant):
    client = as_user(applicant)
    for method, url in (("get", INDEX), ("get", reverse("notifications:open", args=[1])),
                        ("post", ALL_READ)):
        response = getattr(client, method)(url)
        assert response["Location"] == reverse("community:application_status")
    page = client.get(reverse("community:application_status")).content.decode()
    assert "data-notifications-bell" not in page
    assert "js/notifications.js" not in page


def test_members_see_their_own_notifications_only(as_user, member, other_member):
    NotificationFactory(recipient=member, text="Pour moi")
    NotificationFactory(recipient=other_member, text="Pour Odile")
    html = as_user(member).get(INDEX).content.decode()
    assert "Pour moi" in html
    assert "Pour Odile" not in html


def test_someone_elses_notification_is_404(as_user, member, other_member, moderator):
    theirs = NotificationFactory(recipient=other_member)
    url = reverse("notifications:open", args=[theirs.pk])
    assert as_user(member).get(url).status_code == 404
    assert as_user(moderator).get(url).status_code == 404
    assert as_user(member).get(reverse("notifications:open", args=[999_999])).status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None


# --- Opening, marking read -------------------------------------------------------------------


def test_opening_marks_read_then_leads_there(as_user, member):
    notification = NotificationFactory(recipient=member, url="/chat/4/#m-12")
    client = as_user(member)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/chat/4/#m-12"
    assert Notification.objects.get(pk=notification.pk).read_at is not None
    # Once read, it opens the same way.
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == "/chat/4/#m-12"


def test_a_stored_link_off_the_site_is_not_followed(as_user, member):
    notification = NotificationFactory(recipient=member, url="//evil.example/")
    response = as_user(member).get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == INDEX


def test_mark_all_as_read(as_user, member, other_member):
    NotificationFactory.create_batch(3, recipient=member)
    theirs = NotificationFactory(recipient=other_member)
    client = english(as_user(member))
    html = client.get(INDEX).content.decode()
    assert "3 unread notifications" in html
    assert html.count("notification--unread") == 3
    assert f'action="{ALL_READ}"' in html
    assert client.get(ALL_READ).status_code == 405
    response = client.post(ALL_READ, follow=True)
    assert response.redirect_chain == [(INDEX, 302)]
    html = response.content.decode()
    assert "notification--unread" not in html
    assert f'action="{ALL_READ}"' not in html
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_empty_page(as_user, member):
    response = as_user(member).get(INDEX)
    assert response.status_code == 200
    assert 'class="empty"' in response.content.decode()


# --- The header bell -------------------------------------------------------------------------


def test_the_bell_counts_unread_notifications(as_user, member):
    client = english(as_user(member))
    html = client.get(reverse("community:home")).content.decode()
    bell = re.search(r'<a class="header-bell".*?</a>', html, re.S).group(0)
    assert f'href="{INDEX}"' in bell
    assert re.search(r"data-notifications-badge hidden", bell)
    assert "0 unread notifications" in bell
    assert "js/notifications.js" in html
    assert 'id="notifications-strings"' in html

    NotificationFactory(recipient=member)
    bell = re.search(r'<a class="header-bell".*?</a>', client.get(INDEX).content.decode(),
                     re.S).group(0)
    assert "data-notifications-badge hidden" not in bell
    assert ">1 unread notification<" in bell
    assert 'aria-current="page"' in bell
    NotificationFactory(recipient=member)
    html = client.get(reverse("community:home")).content.decode()
    assert ">2 unread notifications<" in html


def test_the_bell_in_french_by_default(as_user, member):
    html = as_user(member).get(reverse("community:home")).content.decode()
    assert 'lang="fr"' in html and "data-notifications-bell" in html


# --- Query counts ----------------------------------------------------------------------------


def test_page_query_count_does_not_grow(as_user, member, django_assert_max_num_queries):
    client = as_user(member)
    NotificationFactory.create_batch(2, recipient=member)
    client.get(INDEX)  # warm up: the session's first request records it
    with CaptureQueriesContext(connection) as small:
        assert client.get(INDEX).status_code == 200
    actors = MemberFactory.create_batch(5)
    for n in range(45):
        NotificationFactory(recipient=member, actor=actors[n % 5],
                            read_at=None if n % 2 else "2026-01-01T00:00:00Z")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(INDEX)
    assert response.content.decode().count('class="notification__link"') == 20
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(INDEX, {"page": 3}).status_code == 200


# --- Hostile text ----------------------------------------------------------------------------


def test_xss_in_names_and_messages_renders_inert(as_user, member):
    evil = MemberFactory(first_name='<img src=x onerror="alert(1)">', last_name="<script>x")
    room = chat.room_create(actor=evil, name="<b>Salle</b>", kind=Room.Kind.PRIVATE,
                            members=[member])
    body = '@Marc Membre <script>alert("xss")</script> <img src=x onerror=alert(2)>'
    chat.message_send(actor=evil, room=room, body=body)
    [notification] = Notification.objects.filter(recipient=member)
    assert "<script>" in notification.text  # stored as plain text…
    html = as_user(member).get(INDEX).content.decode()
    listing = html.split('class="notification-list"')[1].split("</ol>")[0]
    assert "<script" not in listing and "<img" not in listing  # …shown as text
    assert "&lt;script&gt;" in listing
    tags = Tags()
    tags.feed(listing)
    assert {tag for tag, _attrs in tags.found} <= {"li", "p", "span", "time", "a"}
    assert not any(name.startswith("on") for _tag, attrs in tags.found for name, _v in attrs)


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))
