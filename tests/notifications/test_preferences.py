"""Notification preferences: the defaults, the page (who may see it, its accessible radio
groups, saving), and what each delivery does to a new notification."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from notifications import selectors, services
from notifications.models import (
    DEFAULT_DELIVERY,
    Delivery,
    Notification,
    NotificationPreference,
    default_delivery,
)
from tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db

PREFERENCES = reverse("notifications:preferences")
Kind = Notification.Kind


def all_choices(**changes) -> dict:
    """A complete form: the defaults, with ``changes``."""
    return {kind: changes.get(kind, default_delivery(kind)) for kind in Kind.values}


# --- Defaults --------------------------------------------------------------------------------


def test_every_kind_has_a_default_and_none_is_off():
    assert set(DEFAULT_DELIVERY) == set(Kind.values)
    assert Delivery.OFF not in DEFAULT_DELIVERY.values()
    assert default_delivery(Kind.MODERATION_DECISION) == Delivery.EMAIL_NOW
    assert default_delivery(Kind.ROOM_INVITATION) == Delivery.EMAIL_NOW
    for kind in (Kind.MENTION, Kind.REPLY, Kind.COMMENT, Kind.QUESTION_FOR_YOU):
        assert default_delivery(kind) == Delivery.DIGEST
    assert default_delivery("a_kind_added_later") == Delivery.IN_APP


def test_preferences_without_rows_are_the_defaults(member, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert selectors.preferences_for(member) == DEFAULT_DELIVERY
    assert list(selectors.preferences_for(member)) == Kind.values  # the page's order


# --- Who may see the page --------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_goes_to_the_login_page(as_user, method):
    response = getattr(as_user(None), method)(PREFERENCES, all_choices())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")


@pytest.mark.parametrize("method", ["get", "post"])
def test_applicants_are_kept_out(as_user, applicant, method):
    response = getattr(as_user(applicant), method)(PREFERENCES, all_choices())
    assert response["Location"] == reverse("community:application_status")
    assert not NotificationPreference.objects.exists()


@pytest.mark.parametrize("role", ["member", "moderator", "admin_user"])
def test_members_see_their_page(as_user, request, role):
    user = request.getfixturevalue(role)
    client = as_user(user)
    assert client.get(PREFERENCES).status_code == 200
    assert client.put(PREFERENCES).status_code == 405


def test_linked_from_the_notifications_and_the_account_menu(as_user, member):
    client = as_user(member)
    assert f'href="{PREFERENCES}"' in client.get(reverse("notifications:index")).content.decode()
    home = client.get(reverse("community:home")).content.decode()
    menu = re.search(r'<details class="account-menu">.*?</details>', home, re.S).group(0)
    assert f'href="{PREFERENCES}"' in menu


# --- The page --------------------------------------------------------------------------------


def test_one_radio_group_per_kind_with_the_current_choice(as_user, member):
    NotificationPreference.objects.create(member=member, kind=Kind.MENTION,
                                          delivery=Delivery.OFF)
    html = as_user(member).get(PREFERENCES).content.decode()
    fieldsets = re.findall(r"<fieldset.*?</fieldset>", html, re.S)
    assert len(fieldsets) == len(Kind.values)
    for kind, fieldset in zip(Kind.values, fieldsets, strict=True):
        assert "<legend" in fieldset
        radios = re.findall(r'<input type="radio" name="([^"]+)" value="([^"]+)"[^>]*>', fieldset)
        assert [(name, value) for name, value in radios] == [(kind, d) for d in Delivery.values]
        # Each radio has its label, and the help text describes the group.
        assert fieldset.count("<label") == len(Delivery.values)
        assert f'aria-describedby="id_{kind}_helptext"' in fieldset
        expected = Delivery.OFF if kind == Kind.MENTION else default_delivery(kind)
        [checked] = re.findall(r'value="([^"]+)"[^>]*checked', fieldset)
        assert checked == expected


def test_saving_keeps_rows_only_for_what_differs_from_the_default(as_user, member):
    client = as_user(member)
    choices = all_choices(mention=Delivery.EMAIL_NOW, moderation_decision=Delivery.DIGEST,
                          comment=Delivery.OFF)
    response = client.post(PREFERENCES, choices, follow=True)
    assert response.redirect_chain == [(PREFERENCES, 302)]
    assert 'class="message message--success"' in response.content.decode()
    rows = dict(NotificationPreference.objects.filter(member=member)
                .values_list("kind", "delivery"))
    assert rows == {"mention": "email_now", "moderation_decision": "digest", "comment": "off"}
    assert selectors.preferences_for(member) == choices

    # Back to a default: its row goes, so that a better default later reaches them.
    client.post(PREFERENCES, all_choices(comment=Delivery.OFF))
    rows = dict(NotificationPreference.objects.filter(member=member)
                .values_list("kind", "delivery"))
    assert rows == {"comment": "off"}


@pytest.mark.parametrize("bad", [{"mention": "sms"}, {"mention": ""}, {"reply": None}])
def test_bad_input_shows_the_form_again(as_user, member, bad):
    data = {key: value for key, value in all_choices(**bad).items() if value is not None}
    response = as_user(member).post(PREFERENCES, data)
    assert response.status_code == 200
    assert 'class="form-errors"' in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_a_member_changes_only_their_own(member, other_member):
    with pytest.raises(PermissionDenied):
        services.preferences_update(actor=member, member=other_member,
                                    choices={"mention": Delivery.OFF})
    assert not NotificationPreference.objects.exists()


# --- What each delivery does -----------------------------------------------------------------


def test_off_creates_nothing(member, other_member, django_capture_on_commit_callbacks,
                             mailoutbox):
    services.preferences_update(actor=other_member, member=other_member,
                                choices={"room_invitation": Delivery.OFF})
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert services.notify(other_member, Kind.ROOM_INVITATION, member, "x", "/chat/1/") is None
    assert not Notification.objects.exists()
    assert callbacks == [] and mailoutbox == []  # not published, not emailed
    # Other kinds still come, and another member's choice is theirs only.
    assert services.notify(other_member, Kind.MENTION, member, "x", "/chat/1/")
    assert services.notify(member, Kind.ROOM_INVITATION, other_member, "x", "/chat/1/")


@pytest.mark.parametrize("delivery", [Delivery.IN_APP, Delivery.DIGEST])
def test_in_app_and_digest_send_no_email_at_once(member, other_member, delivery, mailoutbox,
                                                 django_capture_on_commit_callbacks):
    services.preferences_update(actor=other_member, member=other_member,
                                choices={"room_invitation": delivery})
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notify(other_member, Kind.ROOM_INVITATION, member, "x", "/")
    assert notification.delivery == delivery
    assert notification.emailed_at is None
    assert mailoutbox == []


def test_a_kind_that_stops_going_by_digest_leaves_the_next_digest(member, other_member):
    waiting = NotificationFactory(recipient=member, kind=Kind.REPLY, delivery=Delivery.DIGEST)
    other_kind = NotificationFactory(recipient=member, kind=Kind.COMMENT,
                                     delivery=Delivery.DIGEST)
    theirs = NotificationFactory(recipient=other_member, kind=Kind.REPLY,
                                 delivery=Delivery.DIGEST)
    services.preferences_update(actor=member, member=member, choices={"reply": Delivery.IN_APP})
    assert list(selectors.digest_due(member)) == [other_kind]
    waiting.refresh_from_db()
    assert waiting.delivery == Delivery.IN_APP and waiting.read_at is None  # still in the app
    assert list(selectors.digest_due(other_member)) == [theirs]
