"""The daily digest: one email per member grouping their unread digest notifications by kind,
never the same notification twice (two runs, a failure half-way), nobody emailed for nothing."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from community.models import UserStatus
from notifications import emails, selectors, services
from notifications.models import Delivery, Notification
from notifications.tasks import send_daily_digests
from tests.factories import MemberFactory, NotificationFactory

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


def due(recipient, kind=Kind.MENTION, **fields):
    return NotificationFactory(recipient=recipient, kind=kind, delivery=Delivery.DIGEST, **fields)


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def anchors(html: str, attribute: str) -> list[str]:
    tags = Tags()
    tags.feed(html)
    return [attrs["href"] for tag, attrs in tags.found if tag == "a" and attribute in attrs]


def test_one_email_grouping_everything_by_kind(member, other_member, mailoutbox):
    comment = due(member, Kind.COMMENT, text="Un commentaire")
    mentions = [due(member, Kind.MENTION, text=f"Mention {n}") for n in range(2)]
    reply = due(member, Kind.REPLY, text="Une réponse")
    due(other_member, Kind.MENTION, text="Pour Odile")
    assert services.send_digests() == (2, 0)
    [email] = [e for e in mailoutbox if e.to == [member.email]]
    html = email.alternatives[0][0]
    assert email.alternatives[0][1] == "text/html"
    assert "Pour Odile" not in email.body + html
    assert '<html lang="fr">' in html and email.body.startswith("Bonjour Marc,")
    # Grouped in the order of the kinds, each notification under its kind, once.
    kinds = re.findall(r'<h2 data-kind="([^"]+)"', html)
    assert kinds == [Kind.MENTION, Kind.REPLY, Kind.COMMENT]
    sections = dict(zip(kinds, re.split(r"<h2 data-kind=", html)[1:], strict=True))
    assert "Mention 0" in sections["mention"] and "Mention 1" in sections["mention"]
    assert "Une réponse" in sections["reply"] and "Un commentaire" in sections["comment"]
    # Each with its own absolute link, in both parts.
    expected = [settings.SITE_URL + reverse("notifications:open", args=[n.pk])
                for n in (*mentions, reply, comment)]
    assert anchors(html, "data-open") == expected
    assert all(url in email.body for url in expected)
    # Everything in it is marked as emailed: nothing left for the next one.
    assert not selectors.digest_due(member).exists()


def test_no_repeats_across_runs(member, mailoutbox):
    due(member, text="Premier")
    call_command("send_digests", stdout=(out := _Out()))
    assert out.text.startswith("1 digests sent, 0 failed")
    assert len(mailoutbox) == 1
    call_command("send_digests", stdout=_Out())  # again at once: nothing new
    assert len(mailoutbox) == 1
    due(member, text="Second")
    assert send_daily_digests.enqueue().return_value == {"sent": 1, "failed": 0}
    assert len(mailoutbox) == 2
    assert "Second" in mailoutbox[1].body and "Premier" not in mailoutbox[1].body


def test_only_unread_digest_notifications_of_members(member, other_member, mailoutbox):
    due(member, read_at="2026-01-01T00:00:00Z")  # read in the app: not mailed
    NotificationFactory(recipient=member, delivery=Delivery.IN_APP)
    NotificationFactory(recipient=member, kind=Kind.ROOM_INVITATION, delivery=Delivery.EMAIL_NOW)
    due(member, emailed_at="2026-01-01T00:00:00Z")  # in an earlier digest
    due(MemberFactory(status=UserStatus.SUSPENDED))
    due(MemberFactory(is_active=False))
    assert selectors.digest_recipient_ids() == []
    assert services.send_digests() == (0, 0)
    assert mailoutbox == []  # nobody is emailed for nothing


def test_a_failure_half_way_repeats_nothing_and_loses_nothing(member, other_member,
                                                              mailoutbox, monkeypatch):
    due(member, text="Pour Marc")
    due(other_member, text="Pour Odile")
    real = emails.send_digest_email

    def mail_server_drops_odile(recipient, *args, **kwargs):
        if recipient == other_member:
            raise ConnectionResetError
        return real(recipient, *args, **kwargs)

    monkeypatch.setattr(emails, "send_digest_email", mail_server_drops_odile)
    with pytest.raises(CommandError):
        call_command("send_digests", stdout=_Out())
    assert [e.to for e in mailoutbox] == [[member.email]]
    assert not selectors.digest_due(member).exists()
    assert selectors.digest_due(other_member).count() == 1  # released for the next run
    monkeypatch.undo()
    assert services.send_digests() == (1, 0)
    assert [e.to for e in mailoutbox] == [[member.email], [other_member.email]]
    assert "Pour Odile" in mailoutbox[1].body and "Pour Marc" not in mailoutbox[1].body


def test_a_crash_after_the_claim_never_sends_twice(member, mailoutbox):
    """The claim commits before the email leaves: if the process dies in between, the next run
    does not send them again (they stay in the notification centre)."""
    claimed = due(member, text="Réclamé")
    services._claim([claimed.pk])  # what a run that died before sending left behind
    fresh = due(member, text="Nouveau")
    assert services.send_digests() == (1, 0)
    [email] = mailoutbox
    assert "Nouveau" in email.body and "Réclamé" not in email.body
    fresh.refresh_from_db()
    assert fresh.emailed_at is not None


def test_a_digest_claims_each_notification_once(member):
    [first, second] = due(member), due(member)
    assert services._claim([first.pk]) is not None
    assert services._claim([first.pk]) is None  # a second run finds it taken
    assert services._claim([first.pk, second.pk]) is not None
    assert not selectors.digest_due(member).exists()


def test_unsubscribe_links_of_the_digest(member, mailoutbox):
    due(member, Kind.MENTION)
    due(member, Kind.COMMENT)
    services.send_digests()
    [email] = mailoutbox
    html = email.alternatives[0][0]
    # One link per kind stops that kind only…
    tags = Tags()
    tags.feed(html)
    [comment_link] = [attrs["href"] for tag, attrs in tags.found
                      if attrs.get("data-unsubscribe-kind") == Kind.COMMENT]
    assert Client().post(comment_link.removeprefix(settings.SITE_URL)).status_code == 200
    prefs = selectors.preferences_for(member)
    assert prefs[Kind.COMMENT] == Delivery.IN_APP and prefs[Kind.MENTION] == Delivery.DIGEST
    # …and the headers' one-click link stops the whole digest, every kind that goes by it.
    header = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert anchors(html, "data-unsubscribe") == [header]
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    response = Client(enforce_csrf_checks=True).post(
        header.removeprefix(settings.SITE_URL), "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert Delivery.DIGEST not in selectors.preferences_for(member).values()
    assert selectors.preferences_for(member)[Kind.MODERATION_DECISION] == Delivery.EMAIL_NOW


def test_hostile_text_is_inert_in_the_digest(member, mailoutbox):
    payload = '<script>alert(1)</script><a href="javascript:x" onclick="y">clic</a>'
    due(member, text=payload)
    services.send_digests()
    [email] = mailoutbox
    html = email.alternatives[0][0]
    assert "<script" not in html and '<a href="javascript' not in html
    assert "&lt;script&gt;" in html and "&lt;a href=&quot;javascript:x&quot;" in html
    tags = Tags()
    tags.feed(html)
    assert "script" not in {tag for tag, _attrs in tags.found}
    assert not any(name.startswith("on") for _tag, attrs in tags.found for name in attrs)
    assert all(attrs["href"].startswith(settings.SITE_URL + "/")
               for tag, attrs in tags.found if tag == "a")
    assert payload in email.body


def test_a_long_digest_is_cut_per_kind(member, mailoutbox):
    for n in range(emails.DIGEST_ITEMS_PER_KIND + 3):
        due(member, text=f"Mention {n}")
    services.send_digests()
    [email] = mailoutbox
    html = email.alternatives[0][0]
    assert len(anchors(html, "data-open")) == emails.DIGEST_ITEMS_PER_KIND
    assert f'href="{settings.SITE_URL}{reverse("notifications:index")}"' in html
    assert not selectors.digest_due(member).exists()  # all of them count as sent


def test_digest_query_count_does_not_grow(member, django_assert_max_num_queries):
    def queries_for(count: int) -> int:
        for _n in range(count):
            due(member, actor=MemberFactory())
        with django_assert_max_num_queries(100) as captured:
            services.send_digest(member_id=member.pk)
        return len(captured.captured_queries)

    assert queries_for(2) == queries_for(30)


class _Out:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass
