"""Notifications by email at once: sent once, after commit, in French, as text and HTML, with
absolute links that work, hostile text inert; and the signed unsubscribe link."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core import signing
from django.test import Client
from django.urls import reverse

from notifications import selectors, services, unsubscribe
from notifications.models import Delivery, Notification, NotificationPreference
from notifications.tasks import send_notification_email
from tests.factories import MemberFactory, NotificationFactory

pytestmark = pytest.mark.django_db

Kind = Notification.Kind
INVITATION = Kind.ROOM_INVITATION  # by email at once unless the member chose otherwise


def invite(recipient, actor, capture, text="Claire Animatrice vous invite à « Tiers-lieux »",
           url="/chat/7/"):
    with capture(execute=True):
        return services.notify(recipient, INVITATION, actor, text, url)


def links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"<>]+", text)


def site_path(url: str) -> str:
    assert url.startswith(settings.SITE_URL + "/"), url
    return url.removeprefix(settings.SITE_URL)


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


# --- Email at once ---------------------------------------------------------------------------


def test_sent_once_after_commit_as_text_and_html(member, other_member, mailoutbox,
                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = services.notify(other_member, INVITATION, member, "Bienvenue", "/chat/7/")
    assert mailoutbox == []  # nothing before the commit: a rollback sends nothing
    for callback in callbacks:
        callback()
    [email] = mailoutbox
    assert email.to == [other_member.email]
    assert email.subject.startswith(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX)
    assert "Bienvenue" in email.subject
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    assert "Bienvenue" in email.body and "Bienvenue" in html
    # French, the platform's language, even though the test runs nowhere near a request.
    assert email.body.startswith("Bonjour Odile,")
    assert '<html lang="fr">' in html and "Bonjour Odile," in html
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    # The task again (a retry, a duplicate) sends nothing more.
    assert send_notification_email.enqueue(notification.pk).return_value is False
    assert len(mailoutbox) == 1


def test_links_are_absolute_and_work(as_user, member, other_member, mailoutbox,
                                     django_capture_on_commit_callbacks):
    notification = invite(other_member, member, django_capture_on_commit_callbacks)
    [email] = mailoutbox
    html = email.alternatives[0][0]
    tags = Tags()
    tags.feed(html)
    anchors = {name: attrs["href"] for _tag, attrs in tags.found if _tag == "a"
               for name in ("data-open", "data-preferences", "data-unsubscribe") if name in attrs}
    open_url = settings.SITE_URL + reverse("notifications:open", args=[notification.pk])
    assert anchors["data-open"] == open_url
    assert anchors["data-preferences"] == settings.SITE_URL + reverse("notifications:preferences")
    # The text part has the same links.
    assert set(anchors.values()) <= set(links(email.body))
    # The headers' unsubscribe link is the body's, with one-click POST (RFC 8058).
    assert email.extra_headers["List-Unsubscribe"] == f"<{anchors['data-unsubscribe']}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    client = as_user(other_member)
    response = client.get(site_path(anchors["data-open"]))
    assert response.status_code == 302 and response["Location"] == "/chat/7/"
    assert client.get(site_path(anchors["data-preferences"])).status_code == 200
    assert Client().get(site_path(anchors["data-unsubscribe"])).status_code == 200


def test_hostile_text_is_inert_in_html(member, other_member, mailoutbox,
                                       django_capture_on_commit_callbacks):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'
    invite(other_member, member, django_capture_on_commit_callbacks, text=payload)
    [email] = mailoutbox
    html = email.alternatives[0][0]
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
    tags = Tags()
    tags.feed(html)
    assert {tag for tag, _attrs in tags.found} <= {
        "html", "head", "meta", "title", "body", "p", "blockquote", "a", "hr", "small", "br"}
    assert not any(name.startswith("on") for _tag, attrs in tags.found for name in attrs)
    assert payload in email.body  # the text part is plain text, not HTML-escaped
    assert "\n" not in email.subject


def test_no_email_when_already_read_or_no_longer_a_member(member, other_member, mailoutbox):
    read = NotificationFactory(recipient=other_member, kind=INVITATION,
                               delivery=Delivery.EMAIL_NOW, read_at="2026-01-01T00:00:00Z")
    gone = NotificationFactory(recipient=MemberFactory(is_active=False), kind=INVITATION,
                               delivery=Delivery.EMAIL_NOW)
    digest = NotificationFactory(recipient=other_member, delivery=Delivery.DIGEST)
    for notification in (read, gone, digest):
        assert services.email_notification(notification_id=notification.pk) is False
    assert services.email_notification(notification_id=999_999) is False  # withdrawn
    assert mailoutbox == []


def test_a_failed_send_releases_the_claim(member, other_member, mailoutbox, monkeypatch):
    notification = NotificationFactory(recipient=other_member, kind=INVITATION,
                                       delivery=Delivery.EMAIL_NOW)

    def down(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("notifications.emails.EmailMultiAlternatives.send", down)
    with pytest.raises(ConnectionRefusedError):
        services.email_notification(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.emailed_at is None
    monkeypatch.undo()
    assert services.email_notification(notification_id=notification.pk) is True
    assert len(mailoutbox) == 1


# --- The unsubscribe link --------------------------------------------------------------------


def unsubscribe_path(member, kinds=(INVITATION,)) -> str:
    return reverse("notifications:unsubscribe", args=[unsubscribe.make_token(member, kinds)])


@pytest.mark.parametrize("who", ["anonymous", "applicant", "other_member"])
def test_get_asks_and_changes_nothing(as_user, request, member, who):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = as_user(user).get(unsubscribe_path(member))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form method="post"' in html and "data-unsubscribe-kinds" in html
    assert member.email not in html  # a forwarded link shows nobody's address
    assert not NotificationPreference.objects.exists()
    assert selectors.delivery_for(member, INVITATION) == Delivery.EMAIL_NOW


@pytest.mark.parametrize("who", ["anonymous", "applicant", "other_member"])
def test_post_stops_the_emails_without_login(as_user, request, member, who):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    path = unsubscribe_path(member, [INVITATION, Kind.MENTION, Kind.COMMENT])
    NotificationPreference.objects.create(member=member, kind=Kind.COMMENT,
                                          delivery=Delivery.OFF)
    response = as_user(user).post(path)
    assert response.status_code == 200
    assert "data-unsubscribe-kinds" in response.content.decode()
    prefs = selectors.preferences_for(member)
    assert prefs[INVITATION] == prefs[Kind.MENTION] == Delivery.IN_APP  # still in the app
    assert prefs[Kind.COMMENT] == Delivery.OFF  # off stays off
    assert prefs[Kind.REPLY] == Delivery.DIGEST  # not in the link: unchanged
    if user is not None:
        assert selectors.preferences_for(user) == selectors.preferences_for(MemberFactory())
    # Again: nothing more to change, same answer.
    assert as_user(user).post(path).status_code == 200


def test_one_click_post_from_a_mail_client(member):
    client = Client(enforce_csrf_checks=True)  # no cookie, no CSRF token: the signature is it
    response = client.post(unsubscribe_path(member), "List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert selectors.delivery_for(member, INVITATION) == Delivery.IN_APP


def tampered(token: str) -> str:
    value, signature = token.rsplit(":", 1)
    return f"{value}:{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"


def forged(data, *, salt=unsubscribe.SALT) -> str:
    return signing.dumps(data, salt=salt)


@pytest.mark.parametrize("case", ["tampered", "cut", "garbage", "other_salt", "unknown_kind",
                                  "no_kinds", "not_a_dict", "deleted_member", "expired"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_bad_links_are_refused(member, monkeypatch, case, method):
    good = unsubscribe.make_token(member, [INVITATION])
    if case == "expired":
        past = signing.time.time() - unsubscribe.MAX_AGE.total_seconds() - 60
        with monkeypatch.context() as patch:
            patch.setattr(signing.time, "time", lambda: past)
            token = unsubscribe.make_token(member, [INVITATION])
    else:
        token = {
            "tampered": lambda: tampered(good),
            "cut": lambda: good[:-3],
            "garbage": lambda: "pas-un-jeton",
            "other_salt": lambda: forged({"m": member.pk, "k": [INVITATION]}, salt="other"),
            "unknown_kind": lambda: forged({"m": member.pk, "k": ["launch_missiles"]}),
            "no_kinds": lambda: forged({"m": member.pk, "k": []}),
            "not_a_dict": lambda: forged([member.pk, INVITATION]),
            "deleted_member": lambda: forged({"m": member.pk + 1000, "k": [INVITATION]}),
        }[case]()
    path = reverse("notifications:unsubscribe", args=[token])
    response = getattr(Client(), method)(path)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'lang="fr"' in html and f'href="{reverse("notifications:preferences")}"' in html
    assert not NotificationPreference.objects.exists()


def test_the_page_is_in_french_and_not_indexed(member):
    html = Client().get(unsubscribe_path(member)).content.decode()
    assert 'lang="fr"' in html and '<meta name="robots" content="noindex">' in html


def test_other_methods_are_refused(member):
    assert Client().put(unsubscribe_path(member)).status_code == 405
