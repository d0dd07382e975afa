"""Index sync: updates written with the change, applied after commit, never lost."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from community.services.membership import member_reactivate, member_suspend
from community.services.profiles import profile_update
from search.backends import get_backend
from search.backends.base import SearchUnavailable
from search.indexing import rebuild
from search.models import PendingUpdate
from search.query import search_index
from search.sync import backoff, flush, schedule
from tests.factories import ApplicantFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def found(user, query: str) -> set[int]:
    return {hit.document["id"] for hit in search_index("members", user=user, query=query).hits}


def test_only_approved_onboarded_members_are_indexed(member):
    ApplicantFactory(first_name="Zoé", last_name="Candidate")
    UserFactory(first_name="Zoé", last_name="Pasencore")  # member, profile not completed
    suspended = MemberFactory(first_name="Zoé", last_name="Suspendue")
    suspended.status = "suspended"
    suspended.save()
    visible = MemberFactory(first_name="Zoé", last_name="Visible")
    assert rebuild("members") == 2
    assert found(member, "Zoé") == {visible.pk}


def test_profile_edit_is_searchable_after_commit(member, django_capture_on_commit_callbacks):
    rebuild("members")
    with django_capture_on_commit_callbacks(execute=True):
        profile_update(actor=member, profile=member.profile,
                       changes={"skills": ["Budget participatif"]})
    assert member.pk in found(member, "budget participatif")
    assert not PendingUpdate.objects.exists()


def test_nothing_reaches_the_index_before_commit(member, django_capture_on_commit_callbacks):
    rebuild("members")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        profile_update(actor=member, profile=member.profile, changes={"skills": ["Compostage"]})
    assert callbacks, "the flush must wait for the commit"
    assert PendingUpdate.objects.filter(index="members", object_id=str(member.pk)).exists()
    assert member.pk not in found(member, "compostage")


def test_suspended_member_vanishes_and_comes_back(
    moderator, member, other_member, django_capture_on_commit_callbacks
):
    rebuild("members")
    assert member.pk in found(other_member, "Marc")
    with django_capture_on_commit_callbacks(execute=True):
        member_suspend(actor=moderator, member=member, reason="Propos déplacés")
    assert member.pk not in found(other_member, "Marc")
    with django_capture_on_commit_callbacks(execute=True):
        member_reactivate(actor=moderator, member=member)
    assert member.pk in found(other_member, "Marc")


def test_engine_down_keeps_updates_and_catches_up(
    member, monkeypatch, django_capture_on_commit_callbacks
):
    rebuild("members")
    backend = get_backend()

    def unavailable(*args, **kwargs):
        raise SearchUnavailable("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(backend, "index", unavailable)
        with django_capture_on_commit_callbacks(execute=True):
            profile_update(actor=member, profile=member.profile,
                           changes={"skills": ["Maraîchage"]})
        pending = PendingUpdate.objects.get(index="members", object_id=str(member.pk))
        assert pending.attempts == 1
        assert pending.next_attempt_at > timezone.now()
        assert "connection refused" in pending.last_error
        assert member.profile.skills.filter(name="Maraîchage").exists()  # the save succeeded
    assert member.pk not in found(member, "maraichage")
    assert flush() == 0  # not due yet: backoff is respected
    PendingUpdate.objects.update(next_attempt_at=timezone.now())
    assert flush() == 1
    assert member.pk in found(member, "maraichage")
    assert not PendingUpdate.objects.exists()


def test_a_change_scheduled_during_a_flush_is_kept(member, monkeypatch):
    rebuild("members")
    schedule("members", [member.pk])
    original = get_backend().index

    def index_then_change(name, documents):
        original(name, documents)
        PendingUpdate.objects.filter(object_id=str(member.pk)).update(
            scheduled_at=timezone.now() + timedelta(seconds=1)
        )

    monkeypatch.setattr(get_backend(), "index", index_then_change)
    flush()
    assert PendingUpdate.objects.filter(object_id=str(member.pk)).exists()


def test_backoff_grows_and_is_capped():
    assert backoff(1) < backoff(2) < backoff(5)
    assert backoff(50) == timedelta(minutes=10)


def test_schedule_rejects_unknown_index():
    with pytest.raises(LookupError):
        schedule("nope", [1])


def test_reindex_command_is_idempotent_and_check_agrees(member, other_member, capsys):
    call_command("search_reindex", "members")
    call_command("search_reindex")
    out = capsys.readouterr().out
    assert "members: 2 documents indexed" in out
    call_command("search_check")
    assert "ok" in capsys.readouterr().out


def test_check_fails_when_index_is_behind(member, other_member):
    rebuild("members")
    MemberFactory(first_name="Nouvelle", last_name="Arrivée")  # created without the services
    with pytest.raises(CommandError, match="members"):
        call_command("search_check")
    call_command("search_reindex", "members")
    call_command("search_check")


def test_reindex_unknown_index_is_a_clear_error():
    with pytest.raises(CommandError, match="No search index"):
        call_command("search_reindex", "nope")


def test_search_sync_command_applies_postponed_updates(member, capsys):
    rebuild("members")
    schedule("members", [member.pk])
    PendingUpdate.objects.update(next_attempt_at=timezone.now() + timedelta(hours=1), attempts=3)
    call_command("search_sync", "--now")
    assert "1 updates applied, 0 still pending" in capsys.readouterr().out
