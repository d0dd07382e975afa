"""Warning an author (services.author_warn): from a report or from a thing waiting for a
decision, the author reads the moderator's message in a notification and the audit log keeps
it. Who may, what the pages do, and what they refuse."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from chat import services as chat
from chat.models import Message
from community.services.membership import member_suspend
from moderation import services
from moderation.models import MAX_WARNING_LENGTH, AuditEntry, ModerationStatus, Report
from notifications.models import TEXT_LENGTH, Notification
from tests.moderation.test_views import PAYLOADS, _reported

pytestmark = pytest.mark.django_db

QUEUE_URL = "/animation/signalements/"


@pytest.fixture
def room(moderator):
    return chat.room_create(actor=moderator, name="Tiers-lieux")


# --- The service ------------------------------------------------------------------------------


def test_the_author_is_told_and_the_log_keeps_it(moderator, other_member, room):
    message, _report = _reported(room, other_member, body="Achetez ici")
    entry = services.author_warn(actor=moderator, author=other_member, target=message,
                                 message="  Pas de démarchage, merci.  ")
    assert (entry.action, entry.actor, entry.target, entry.reason) == (
        AuditEntry.Action.AUTHOR_WARNED, moderator, message, "Pas de démarchage, merci.")
    [told] = Notification.objects.all()
    assert (told.recipient, told.kind, told.actor) == (
        other_member, Notification.Kind.MODERATION_DECISION, moderator)
    assert told.text.endswith("Pas de démarchage, merci.")
    assert told.url == f"/chat/{room.pk}/?before={message.seq + 1}#m-{message.seq}"
    assert Report.objects.get().is_open  # a warning alone settles nothing


def test_the_longest_warning_reaches_its_author_whole(moderator, other_member, room):
    message, _report = _reported(room, other_member)
    text = "é" * MAX_WARNING_LENGTH
    services.author_warn(actor=moderator, author=other_member, target=message, message=text)
    assert text in Notification.objects.get().text
    assert MAX_WARNING_LENGTH + 60 <= TEXT_LENGTH  # room for the introduction, in any language


@pytest.mark.parametrize("text", ["", "   ", "x" * (MAX_WARNING_LENGTH + 1)])
def test_a_warning_has_a_bounded_message(moderator, other_member, room, text):
    message, _report = _reported(room, other_member)
    with pytest.raises(ValidationError):
        services.author_warn(actor=moderator, author=other_member, target=message, message=text)
    assert not AuditEntry.objects.exists() and not Notification.objects.exists()


def test_who_may_warn_whom(applicant, member, moderator, admin_user, other_member, room):
    message, _report = _reported(room, other_member)
    for actor in (applicant, member, other_member):
        with pytest.raises(PermissionDenied):
            services.author_warn(actor=actor, author=other_member, target=message, message="x")
    with pytest.raises(PermissionDenied):  # not oneself
        services.author_warn(actor=moderator, author=moderator, target=message, message="x")
    with pytest.raises(PermissionDenied):  # nobody
        services.author_warn(actor=moderator, author=None, target=message, message="x")
    member_suspend(actor=admin_user, member=other_member, reason="Insultes")
    with pytest.raises(ValidationError):  # a suspended member reads nothing
        services.author_warn(actor=moderator, author=other_member, target=message, message="x")
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [
        AuditEntry.Action.MEMBER_SUSPENDED]
    services.author_warn(actor=admin_user, author=moderator, target=message, message="Calme")
    assert Notification.objects.get().recipient == moderator


def test_a_warning_from_a_report_may_settle_it(moderator, member, other_member, room):
    message, first = _reported(room, other_member, reporter=member)
    second = chat.message_report(actor=moderator, message=message, reason="Spam")
    services.report_author_warn(actor=moderator, report=first, message="Stop",
                                settle_reports=True)
    entry = AuditEntry.objects.get()
    assert entry.target == message and member.display_name in entry.target_repr
    for report in (first, second):
        report.refresh_from_db()
        assert (report.status, report.resolved_by, report.resolution_note) == (
            Report.Status.ACTIONED, moderator, "Stop")


def test_a_warning_about_content_that_is_gone(moderator, other_member, room):
    message, report = _reported(room, other_member)
    Message.objects.filter(pk=message.pk).delete()
    report.refresh_from_db()
    services.report_author_warn(actor=moderator, report=report, message="Stop",
                                settle_reports=True)
    assert AuditEntry.objects.get().target == report
    assert Notification.objects.get().url == reverse("notifications:index")
    report.refresh_from_db()
    assert report.status == Report.Status.ACTIONED


# --- The pages --------------------------------------------------------------------------------


def test_warn_from_the_queue(as_user, moderator, member, other_member, room):
    _message, report = _reported(room, other_member, reporter=member, body="Achetez ici")
    client = as_user(moderator)
    page = client.get(QUEUE_URL).content.decode()
    url = reverse("moderation:report_warn", args=[report.pk])
    assert f'href="{url}?next=/animation/signalements/"' in page
    form = client.get(url + "?next=/animation/signalements/%3Fpage%3D1").content.decode()
    assert "Achetez ici" in form and 'name="settle_reports"' in form and "checked" in form
    response = client.post(url, {"message": "Pas de démarchage", "next": QUEUE_URL + "?page=1"})
    assert response["Location"] == QUEUE_URL + "?page=1"
    report.refresh_from_db()
    assert report.status == Report.Status.OPEN  # unticked: the report stays in the queue
    assert Notification.objects.get(recipient=other_member).text.endswith("Pas de démarchage")
    response = client.post(url, {"message": "Encore", "settle_reports": "on",
                                 "next": "//ailleurs.example/"})
    assert response["Location"] == QUEUE_URL
    report.refresh_from_db()
    assert report.status == Report.Status.ACTIONED
    assert client.get(url).status_code == 404  # handled: no longer in the queue
    assert AuditEntry.objects.filter(action=AuditEntry.Action.AUTHOR_WARNED).count() == 2


def test_a_warning_needs_a_message(as_user, moderator, other_member, room):
    _message, report = _reported(room, other_member)
    url = reverse("moderation:report_warn", args=[report.pk])
    response = as_user(moderator).post(url, {"message": " "})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    response = as_user(moderator).post(url, {"message": "x" * (MAX_WARNING_LENGTH + 1)})
    assert response.status_code == 200 and not AuditEntry.objects.exists()


def test_no_warning_to_oneself_a_former_or_suspended_member(as_user, moderator, admin_user,
                                                            member, other_member, room):
    _message, own = _reported(room, moderator)
    _message, gone = _reported(room, member)
    _message, suspended = _reported(room, other_member)
    Report.objects.filter(pk=gone.pk).update(target_author=None)
    member_suspend(actor=admin_user, member=other_member, reason="Insultes")
    client = as_user(moderator)
    page = client.get(QUEUE_URL).content.decode()
    for report in (own, gone, suspended):
        assert reverse("moderation:report_warn", args=[report.pk]) not in page
    assert client.get(reverse("moderation:report_warn", args=[own.pk])).status_code == 403
    assert client.get(reverse("moderation:report_warn", args=[gone.pk])).status_code == 404
    response = client.post(reverse("moderation:report_warn", args=[suspended.pk]),
                           {"message": "Attention"})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not Notification.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.AUTHOR_WARNED).exists()


def test_warn_the_author_of_a_waiting_item(as_user, status_kind, make_item, moderator):
    item = make_item("pending")
    author = status_kind.author(item)
    url = reverse("moderation:item_warn", args=[status_kind.label, item.pk])
    client = as_user(moderator)
    assert 'name="settle_reports"' not in client.get(url).content.decode()
    assert client.post(url, {"message": "Précisez la source"})["Location"] == QUEUE_URL
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.target, entry.reason) == (
        AuditEntry.Action.AUTHOR_WARNED, item, "Précisez la source")
    told = Notification.objects.get()
    assert told.recipient == author and told.url == status_kind.url(item)
    item.refresh_from_db()
    assert item.moderation_status == ModerationStatus.PENDING  # still waiting


# --- Inert output -----------------------------------------------------------------------------


def assert_inert(page: str, where: str) -> None:
    main = page.split('<main id="contenu"', 1)[1].split("</main>")[0]
    assert "<script" not in main, where
    assert "<img" not in main, where
    assert not re.search(r"<a\b[^>]*javascript:", main), where
    assert 'onerror="' not in main, where
    assert "&lt;script&gt;" in main, where  # shown as text


def test_xss_payloads_in_warnings_render_inert(as_user, moderator, other_member, room):
    _message, report = _reported(room, other_member)
    client = as_user(moderator)
    url = reverse("moderation:report_warn", args=[report.pk])
    refused = client.post(url, {"message": PAYLOADS * 3})  # too long: shown again
    assert refused.status_code == 200
    assert_inert(refused.content.decode(), "warning form")
    assert client.post(url, {"message": PAYLOADS}).status_code == 302
    assert_inert(client.get(reverse("moderation:journal")).content.decode(), "journal")
    told = as_user(other_member).get(reverse("notifications:index")).content.decode()
    assert_inert(told, "notifications")
