"""Every e-mail the platform sends links to the address it is served on, and each link works:
the tests follow them, as the person who received the e-mail.

During a request, links use the request's scheme and host (config/site.py); an e-mail sent by a
task, with no request (the digest, a command, the worker), uses SITE_URL. Both addresses below
differ from the default ``http://localhost:8000``, so that a constant left anywhere shows.
"""

import html
import re
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from chat import services as chat_services
from chat.models import Room
from community.models import Application, Invitation, User, UserStatus
from community.services.membership import application_approve, member_suspend
from notifications import selectors
from notifications import services as notification_services
from notifications.models import Delivery, Notification
from tests.community.test_applications import signup_data
from tests.factories import (
    DEFAULT_PASSWORD,
    ApplicantFactory,
    MemberFactory,
    NotificationFactory,
)

pytestmark = pytest.mark.django_db

SERVED_HOST = "reseau.catalyse.example"  # what the browser asked for
SITE_URL = "https://catalyse.example.org"  # the setting, for e-mails sent with no request
URL = re.compile(r"https?://[^\s\"'<>]+")
UNSUBSCRIBE = reverse("notifications:unsubscribe", args=["x"]).removesuffix("x/")


@pytest.fixture(autouse=True)
def _addresses(settings):
    settings.ALLOWED_HOSTS = [SERVED_HOST, "catalyse.example.org", "testserver"]
    settings.SITE_URL = SITE_URL
    cache.clear()  # allauth's rate limits
    yield
    cache.clear()


def links_of(message) -> list[str]:
    """Every link of an e-mail: its text part, its HTML part and its List-Unsubscribe header."""
    found = URL.findall(message.body)
    for content, _mimetype in message.alternatives:
        found += [html.unescape(href) for href in re.findall(r'href="([^"]*)"', content)]
    found += URL.findall(message.extra_headers.get("List-Unsubscribe", ""))
    return list(dict.fromkeys(found))


def all_on(message, site: str) -> list[str]:
    """The e-mail's links, after checking that each one is on ``site`` and none elsewhere."""
    links = links_of(message)
    assert links, message.body
    assert all(link.startswith(site + "/") or link == site for link in links), (site, links)
    return links


def follow(client: Client, url: str, method: str = "get", **kwargs):
    """Request ``url`` as a mail client's click would: same host, same scheme."""
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return getattr(client, method)(path, HTTP_HOST=parts.netloc,
                                   secure=parts.scheme == "https", **kwargs)


def one_link(message, site: str, fragment: str) -> str:
    [link] = [link for link in all_on(message, site) if fragment in link]
    return link


# --- the moderators' e-mails (community/emails.py) ----------------------------------------------


def test_welcome_email_links_to_the_address_the_moderator_used(
    as_user, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    applicant = ApplicantFactory(first_name="Paul")
    served = f"https://{SERVED_HOST}"
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(moderator).post(
            reverse("community:application_approve", args=[applicant.application.pk]),
            HTTP_HOST=SERVED_HOST, secure=True)
    assert response.status_code == 302
    [welcome] = mailoutbox
    assert welcome.to == [applicant.email]
    login = one_link(welcome, served, reverse("account_login"))

    browser = Client()
    page = follow(browser, login)
    assert page.status_code == 200 and 'name="login"' in page.content.decode()
    logged_in = follow(browser, login, "post",
                       data={"login": applicant.email, "password": DEFAULT_PASSWORD})
    assert logged_in.status_code == 302
    assert follow(browser, served + "/", follow=True).redirect_chain[-1][0] == reverse(
        "community:onboarding")  # the new member is asked to complete their profile


def test_welcome_email_sent_with_no_request_uses_site_url(moderator, mailoutbox,
                                                          django_capture_on_commit_callbacks):
    applicant = ApplicantFactory()
    with django_capture_on_commit_callbacks(execute=True):
        application_approve(actor=moderator, application=applicant.application)
    [welcome] = mailoutbox
    login = one_link(welcome, SITE_URL, reverse("account_login"))
    assert follow(Client(), login).status_code == 200


def test_invitation_link_creates_the_account(as_user, moderator, mailoutbox,
                                             django_capture_on_commit_callbacks):
    served = f"http://{SERVED_HOST}"
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(moderator).post(
            reverse("community:invitations"), {"emails": "ines@exemple.fr", "message": ""},
            HTTP_HOST=SERVED_HOST)
    assert response.status_code == 302
    [invitation] = mailoutbox
    accept = one_link(invitation, served, "/invitation/")

    invitee = Client()
    page = follow(invitee, accept)
    assert page.status_code == 200 and "ines@exemple.fr" in page.content.decode()
    created = follow(invitee, accept, "post", data={
        "first_name": "Inès", "last_name": "Invitée",
        "password1": DEFAULT_PASSWORD, "password2": DEFAULT_PASSWORD})
    assert created.status_code == 302 and created["Location"] == reverse("community:onboarding")
    assert User.objects.get(email="ines@exemple.fr").status == UserStatus.MEMBER
    assert Invitation.objects.get(email="ines@exemple.fr").accepted_at is not None


def test_reactivation_email_leads_back_to_the_platform(as_user, moderator, member, mailoutbox,
                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        member_suspend(actor=moderator, member=member, reason="Propos déplacés.")
    [suspended] = mailoutbox
    assert links_of(suspended) == []  # it has nothing to open: one answers it
    with django_capture_on_commit_callbacks(execute=True):
        as_user(moderator).post(reverse("community:member_reactivate", args=[member.pk]),
                                HTTP_HOST=SERVED_HOST)
    reactivated = mailoutbox[-1]
    [home] = all_on(reactivated, f"http://{SERVED_HOST}")
    member.refresh_from_db()
    page = follow(as_user(member), home)
    assert page.status_code == 200 and member.first_name in page.content.decode()


def test_rejection_email_has_no_link_to_a_closed_door(as_user, moderator, mailoutbox,
                                                      django_capture_on_commit_callbacks):
    applicant = ApplicantFactory()
    with django_capture_on_commit_callbacks(execute=True):
        as_user(moderator).post(
            reverse("community:application_reject", args=[applicant.application.pk]),
            {"reason": "Le réseau réunit des structures, pas des particuliers."},
            HTTP_HOST=SERVED_HOST)
    assert Application.objects.get(pk=applicant.application.pk).status == (
        Application.Status.REJECTED)
    [rejected] = mailoutbox
    assert links_of(rejected) == []


# --- allauth's e-mails: signup confirmation and password reset -----------------------------------


def test_signup_confirmation_link_confirms_the_address(mailoutbox):
    browser = Client()
    served = f"http://{SERVED_HOST}"
    response = browser.post("/comptes/signup/", signup_data(), HTTP_HOST=SERVED_HOST)
    assert response.status_code == 302
    [confirmation] = mailoutbox
    confirm = one_link(confirmation, served, "/confirm-email/")
    page = follow(browser, confirm)
    assert page.status_code == 200 and "<form" in page.content.decode()
    follow(browser, confirm, "post")
    user = User.objects.get(email=signup_data()["email"])
    assert user.emailaddress_set.get().verified


def test_password_reset_link_sets_a_new_password(member, mailoutbox):
    browser = Client()
    served = f"https://{SERVED_HOST}"
    sent = browser.post(reverse("account_reset_password"), {"email": member.email},
                        HTTP_HOST=SERVED_HOST, secure=True)
    assert sent.status_code == 302
    [reset] = mailoutbox
    key_link = one_link(reset, served, "/password/reset/key/")
    page = follow(browser, key_link, follow=True)
    assert page.status_code == 200 and 'name="password1"' in page.content.decode()
    form_path = page.redirect_chain[-1][0]
    new_password = "un-nouveau-mot-de-passe-2026"
    done = browser.post(form_path, {"password1": new_password, "password2": new_password},
                        HTTP_HOST=SERVED_HOST, secure=True)
    assert done.status_code == 302
    member.refresh_from_db()
    assert member.check_password(new_password)


# --- notifications: at once and in the daily digest -----------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_notification_sent_during_a_request_links_to_that_address(mailoutbox):
    """Embedded mode sends at commit, still inside the request: the request's address. (A worker
    has no request: SITE_URL, as in the next tests.)"""
    creator, guest = MemberFactory(first_name="Marc"), MemberFactory(first_name="Odile")
    room = chat_services.room_create(actor=creator, name="Tiers-lieux", kind=Room.Kind.PRIVATE)
    client = Client()
    client.force_login(creator)
    response = client.post(reverse("chat:invite", args=[room.pk]),
                           {"invite-members": guest.email}, HTTP_HOST=SERVED_HOST)
    assert response.status_code == 302
    [email] = [m for m in mailoutbox if m.to == [guest.email]]
    served = f"http://{SERVED_HOST}"
    links = all_on(email, served)
    notification = Notification.objects.get(recipient=guest)
    opened = one_link(email, served, reverse("notifications:open", args=[notification.pk]))
    guest_browser = Client()
    guest_browser.force_login(guest)
    landing = follow(guest_browser, opened, follow=True)
    assert landing.status_code == 200
    assert landing.redirect_chain[-1][0] == room.get_absolute_url()
    assert len(links) >= 3  # open, preferences, unsubscribe


def test_notification_email_links_open_it_and_manage_emails(as_user, member, other_member,
                                                            mailoutbox,
                                                            django_capture_on_commit_callbacks):
    room = chat_services.room_create(actor=member, name="Mobilités", kind=Room.Kind.PRIVATE,
                                     members=[other_member])
    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_services.notify(
            other_member, Notification.Kind.ROOM_INVITATION, member,
            "Marc Membre vous invite à « Mobilités »", room.get_absolute_url())
    [email] = [m for m in mailoutbox if m.to == [other_member.email]]
    links = all_on(email, SITE_URL)
    recipient = as_user(other_member)

    opened = one_link(email, SITE_URL, reverse("notifications:open", args=[notification.pk]))
    landing = follow(recipient, opened, follow=True)
    assert landing.status_code == 200 and "Mobilités" in landing.content.decode()
    notification.refresh_from_db()
    assert notification.read_at is not None

    preferences = one_link(email, SITE_URL, reverse("notifications:preferences"))
    assert follow(recipient, preferences).status_code == 200

    [stop] = [link for link in links if UNSUBSCRIBE in link]
    assert email.extra_headers["List-Unsubscribe"] == f"<{stop}>"
    nobody = Client(enforce_csrf_checks=True)  # a mail client, logged in nowhere
    assert follow(nobody, stop).status_code == 200
    one_click = follow(nobody, stop, "post", data="List-Unsubscribe=One-Click",
                       content_type="application/x-www-form-urlencoded")
    assert one_click.status_code == 200
    assert selectors.preferences_for(other_member)[Notification.Kind.ROOM_INVITATION] != (
        Delivery.EMAIL_NOW)


def test_digest_links_each_open_their_notification(as_user, member, mailoutbox):
    notifications = [
        NotificationFactory(recipient=member, kind=Notification.Kind.MENTION,
                            delivery=Delivery.DIGEST, text=f"Mention {n}", url="/mur/")
        for n in range(2)
    ]
    assert notification_services.send_digests() == (1, 0)
    [digest] = mailoutbox
    links = all_on(digest, SITE_URL)
    reader = as_user(member)
    for notification in notifications:
        opened = one_link(digest, SITE_URL,
                          reverse("notifications:open", args=[notification.pk]))
        landing = follow(reader, opened, follow=True)
        assert landing.status_code == 200 and landing.redirect_chain[-1][0] == "/mur/"
    assert follow(reader, one_link(digest, SITE_URL, reverse("notifications:preferences")))\
        .status_code == 200
    stops = [link for link in links if UNSUBSCRIBE in link]
    assert len(stops) == 2  # one for the kind, one for the whole digest
    for stop in stops:
        assert follow(Client(), stop).status_code == 200
