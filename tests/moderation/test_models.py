"""The audit log can only grow (DESIGN.md §7): no change, no deletion, not even in bulk or from
the Django admin. Reports are one per member and item."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.urls import reverse

from community.models import User
from moderation import services
from moderation.models import AuditEntry, AuditLogIsImmutable, Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(moderator, member):
    return services.record(actor=moderator, action=AuditEntry.Action.MEMBER_SUSPENDED,
                           target=member, reason="Démarchage")


def test_an_entry_is_written_once(entry, moderator, member):
    assert entry.pk is not None
    assert entry.target == member and entry.target_repr == str(member)
    assert entry.actor_name == moderator.display_name
    entry.reason = "Réécrit"
    with pytest.raises(AuditLogIsImmutable):
        entry.save()
    with pytest.raises(AuditLogIsImmutable):
        entry.delete()
    with pytest.raises(AuditLogIsImmutable):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="Réécrit")
    with pytest.raises(AuditLogIsImmutable):
        AuditEntry.objects.all().delete()
    with pytest.raises(AuditLogIsImmutable), transaction.atomic():
        AuditEntry.objects.bulk_update([entry], ["reason"])
    assert AuditEntry.objects.get().reason == "Démarchage"


def test_unknown_actions_are_refused(moderator, member):
    with pytest.raises(ValueError):
        services.record(actor=moderator, action="erased_history", target=member)


def test_the_line_outlives_its_actor(entry, moderator):
    """An erased account leaves its name on the lines it wrote."""
    User.objects.filter(pk=moderator.pk).delete()
    entry = AuditEntry.objects.get()
    assert entry.actor is None and entry.actor_name == "Claire Animatrice"


def test_one_report_per_member_and_item(member, other_member):
    content_type = ContentType.objects.get_for_model(User)
    Report.objects.create(reporter=member, content_type=content_type, object_id=other_member.pk,
                          reason="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(reporter=member, content_type=content_type,
                              object_id=other_member.pk, reason="b")


def test_admin_shows_the_log_read_only(as_user, admin_user, entry):
    client = as_user(admin_user)
    listing = client.get(reverse("admin:moderation_auditentry_changelist"))
    assert listing.status_code == 200 and "Claire Animatrice" in listing.content.decode()
    assert client.get(reverse("admin:moderation_auditentry_add")).status_code == 403
    assert client.get(reverse("admin:moderation_auditentry_delete", args=[entry.pk])
                      ).status_code == 403
    detail = client.get(reverse("admin:moderation_auditentry_change", args=[entry.pk]))
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    client.post(reverse("admin:moderation_auditentry_change", args=[entry.pk]),
                {"reason": "Réécrit"})
    assert AuditEntry.objects.get().reason == "Démarchage"
    listing = client.post(reverse("admin:moderation_auditentry_changelist"),
                          {"action": "delete_selected", "_selected_action": [entry.pk]})
    assert AuditEntry.objects.count() == 1
    assert client.get(reverse("admin:moderation_report_changelist")).status_code == 200
    assert client.get(reverse("admin:moderation_report_add")).status_code == 403
