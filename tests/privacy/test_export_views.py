"""The pages of the export: who sees *Mes données*, the download link matrix (its member only;
404 for anyone else, 410 once expired), once a day, and the moderators' export for a member,
logged in the audit log."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from moderation.models import AuditEntry
from notifications.models import Notification
from privacy import services
from privacy.models import DataExport
from tests.factories import MemberFactory

MY_DATA = reverse("privacy:my_data")
ASK = reverse("privacy:export_request")


def _ask(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(ASK, follow=True)


@pytest.fixture
def ready_export(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = services.data_export_request(actor=member, member=member)
    export.refresh_from_db()
    assert export.status == DataExport.Status.READY
    return export


@pytest.mark.parametrize("who, expected", [
    (None, 302), ("applicant", 302), ("member", 200), ("other_member", 200),
    ("moderator", 200), ("admin_user", 200),
])
def test_my_data_page_is_for_members(who, expected, request, as_user):
    user = request.getfixturevalue(who) if who else None
    response = as_user(user).get(MY_DATA)
    assert response.status_code == expected
    if expected == 200:
        body = response.content.decode()
        assert "Mes données" in body
        assert "Demander mon export" in body
        assert "Historique des connexions" in body  # what the export holds, listed


def test_account_menu_links_to_my_data(member, as_user):
    assert f'href="{MY_DATA}"' in as_user(member).get(reverse("community:home")).content.decode()


@pytest.mark.parametrize("who, expected", [
    (None, 302), ("applicant", 302), ("member", 200), ("other_member", 404),
    ("moderator", 404), ("admin_user", 404),
])
def test_download_link_matrix(who, expected, ready_export, request, as_user):
    user = request.getfixturevalue(who) if who else None
    url = reverse("privacy:export_download", args=[ready_export.pk])
    response = as_user(user).get(url)
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/zip"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content)[:2] == b"PK"


def test_an_unknown_export_is_a_404(member, as_user):
    assert as_user(member).get(reverse("privacy:export_download", args=[999])).status_code == 404


def test_an_expired_export_is_gone_and_nothing_is_served(ready_export, member, as_user,
                                                        django_capture_on_commit_callbacks):
    url = reverse("privacy:export_download", args=[ready_export.pk])
    DataExport.objects.filter(pk=ready_export.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1))
    response = as_user(member).get(url)
    assert response.status_code == 410
    assert "Cet export a expiré" in response.content.decode()
    # Once purged: the file is gone, the row says so, and the page still answers 410.
    name = ready_export.file.name
    with django_capture_on_commit_callbacks(execute=True):
        assert services.data_export_purge_expired(now=timezone.now(), dry_run=True) == 1
        assert DataExport.objects.get(pk=ready_export.pk).status == DataExport.Status.READY
        assert services.data_export_purge_expired(now=timezone.now()) == 1
    ready_export.refresh_from_db()
    assert ready_export.status == DataExport.Status.EXPIRED
    assert not ready_export.file
    from django.core.files.storage import default_storage
    assert not default_storage.exists(name)
    assert as_user(member).get(url).status_code == 410
    assert as_user(MemberFactory()).get(url).status_code == 404


def test_someone_elses_expired_export_is_still_a_404(ready_export, other_member, as_user):
    DataExport.objects.filter(pk=ready_export.pk).update(status=DataExport.Status.EXPIRED)
    url = reverse("privacy:export_download", args=[ready_export.pk])
    assert as_user(other_member).get(url).status_code == 404


def test_asking_builds_tells_the_member_and_offers_the_download(
        member, as_user, django_capture_on_commit_callbacks):
    client = as_user(member)
    response = _ask(client, django_capture_on_commit_callbacks)
    assert "Votre export est en préparation" in response.content.decode()
    body = client.get(MY_DATA).content.decode()
    export = DataExport.objects.get(member=member)
    assert export.status == DataExport.Status.READY
    assert export.requested_by == member
    assert export.expires_at - export.ready_at == timedelta(days=7)
    assert reverse("privacy:export_download", args=[export.pk]) in body
    notification = Notification.objects.get(recipient=member,
                                            kind=Notification.Kind.DATA_EXPORT_READY)
    assert notification.url == MY_DATA
    assert "télécharger" in notification.text
    assert any(member.email in message.to for message in mail.outbox)  # e-mail at once


def test_once_a_day_a_second_request_is_refused_and_creates_nothing(
        member, as_user, django_capture_on_commit_callbacks):
    client = as_user(member)
    _ask(client, django_capture_on_commit_callbacks)
    response = _ask(client, django_capture_on_commit_callbacks)
    body = response.content.decode()
    assert DataExport.objects.filter(member=member).count() == 1
    assert "Vous avez déjà demandé un export le" in body
    assert "un export par jour" in body
    assert "Vous pourrez demander un nouvel export à partir du" in body  # said before asking
    # A day later, a new one is possible.
    DataExport.objects.filter(member=member).update(
        created_at=timezone.now() - timedelta(hours=24, minutes=1))
    _ask(client, django_capture_on_commit_callbacks)
    assert DataExport.objects.filter(member=member).count() == 2


def test_a_failed_export_does_not_count(member, as_user, django_capture_on_commit_callbacks):
    DataExport.objects.create(member=member, requested_by=member,
                              status=DataExport.Status.FAILED)
    assert "Vous pourrez demander" not in as_user(member).get(MY_DATA).content.decode()
    _ask(as_user(member), django_capture_on_commit_callbacks)
    assert DataExport.objects.filter(member=member, status="ready").count() == 1


def test_asking_needs_a_post(member, as_user):
    assert as_user(member).get(ASK).status_code == 405
    assert not DataExport.objects.exists()


@pytest.mark.parametrize("who, expected", [
    (None, 302), ("applicant", 302), ("other_member", 403), ("member", 403),
    ("moderator", 200), ("admin_user", 200),
])
def test_moderators_export_page_matrix(who, expected, member, request, as_user):
    user = request.getfixturevalue(who) if who else None
    url = reverse("privacy:export_for_member", args=[member.pk])
    assert as_user(user).get(url).status_code == expected


def test_a_moderator_runs_an_export_for_a_member_and_never_gets_it(
        member, moderator, as_user, django_capture_on_commit_callbacks):
    client = as_user(moderator)
    detail = client.get(reverse("community:member_detail", args=[member.pk])).content.decode()
    url = reverse("privacy:export_for_member", args=[member.pk])
    assert url in detail
    response = client.post(url, {"reason": ""})
    assert "Ce champ est obligatoire" in response.content.decode()
    assert not DataExport.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Demandé par courrier le 3 décembre"},
                               follow=True)
    assert response.redirect_chain[-1][0] == reverse("community:member_detail", args=[member.pk])
    export = DataExport.objects.get(member=member)
    assert export.requested_by == moderator and export.status == DataExport.Status.READY
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DATA_EXPORT_REQUESTED)
    assert entry.actor == moderator and entry.object_id == member.pk
    assert entry.reason == "Demandé par courrier le 3 décembre"
    assert Notification.objects.filter(recipient=member, kind="data_export_ready").exists()
    download = reverse("privacy:export_download", args=[export.pk])
    assert download not in client.get(url).content.decode()
    assert client.get(download).status_code == 404
    assert as_user(member).get(download).status_code == 200
    # Once a day, whoever asked: the member cannot ask again today either.
    refused = client.post(url, {"reason": "Encore"})
    assert "a déjà été demandé" in refused.content.decode()
    assert DataExport.objects.filter(member=member).count() == 1


def test_the_export_link_is_not_on_a_members_page_for_members(member, other_member, as_user):
    detail = as_user(other_member).get(reverse("community:member_detail", args=[member.pk]))
    assert reverse("privacy:export_for_member", args=[member.pk]) not in \
        detail.content.decode()


def test_a_moderator_cannot_export_for_an_applicant_or_themselves(applicant, moderator,
                                                                  as_user):
    for person in (applicant, moderator):
        url = reverse("privacy:export_for_member", args=[person.pk])
        assert as_user(moderator).post(url, {"reason": "x"}).status_code == 403
    assert not DataExport.objects.exists()


def test_status_fragment_polls_while_in_progress(member, as_user):
    DataExport.objects.create(member=member, requested_by=member)
    body = as_user(member).get(reverse("privacy:export_status")).content.decode()
    assert "En préparation" in body
    assert 'hx-trigger="every 5s"' in body


def test_the_admin_lists_exports_without_offering_the_archive(ready_export, admin_user,
                                                              as_user):
    client = as_user(admin_user)
    listing = client.get(reverse("admin:privacy_dataexport_changelist"))
    assert listing.status_code == 200
    page = client.get(reverse("admin:privacy_dataexport_change", args=[ready_export.pk]))
    assert page.status_code == 200
    assert ready_export.token not in page.content.decode()
    assert ready_export.file.name not in page.content.decode()
