"""After each kind of closing, look everywhere for the person: the database (every text
column of every model), every search index, the stored files and the outgoing mail; assert
exactly what remains (issue 14, item 2)."""

import pytest
from django.core import mail

from chat.models import Message
from community.models import User, UserStatus
from documents.models import Document
from events.models import Registration
from moderation.models import AuditEntry
from privacy.closure.services import account_close
from projects.models import ProjectMembership
from tests.privacy.closure_helpers import (
    database_occurrences,
    files_containing,
    index_occurrences,
    mail_containing,
    stored_files,
)
from tests.privacy.closure_scenario import EMAIL, FIRST, LAST, WORD, build_leaver
from walls.models import Comment, Post

pytestmark = pytest.mark.django_db

IDENTITY = (FIRST, LAST, EMAIL)


@pytest.fixture
def leaver(moderator, other_member, django_capture_on_commit_callbacks):
    # Every test runs what waits for the commit (index updates, files, e-mails) as it would.
    with django_capture_on_commit_callbacks(execute=True):
        return build_leaver(moderator=moderator, other=other_member)


@pytest.fixture(autouse=True)
def _commits(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def _nothing_of(found: dict) -> None:
    assert found == {needle: set() for needle in found} or all(
        not places for places in found.values()), found


def _close(leaver, mode, commits, **kwargs):
    mail.outbox.clear()
    before = {path.name for path in stored_files()}
    with commits(execute=True):
        closure = account_close(actor=leaver.member, member=leaver.member, mode=mode, **kwargs)
    return closure, before


def _assert_identity_gone(before_files):
    """The name and the address are nowhere, whatever the mode."""
    database = database_occurrences(*IDENTITY)
    assert all(not places for places in database.values()), database
    indexes = index_occurrences(*IDENTITY)
    assert all(not places for places in indexes.values()), indexes
    files = files_containing(*IDENTITY)
    assert all(not paths for paths in files.values()), files


def _assert_the_last_mail(other_member):
    """One e-mail to the address the person had, saying the account is closed, with neither
    their name nor anything they wrote; the only other one tells the member on the waitlist
    that they have the freed seat."""
    assert sorted(tuple(message.to) for message in mail.outbox) == sorted(
        [(EMAIL,), (other_member.email,)])
    (message,) = [message for message in mail.outbox if message.to == [EMAIL]]
    assert "fermé" in message.subject
    found = mail_containing(FIRST, LAST, WORD, recipients=False)
    assert all(not messages for messages in found.values()), found


def _assert_the_account_row(member):
    member.refresh_from_db()
    assert member.status == UserStatus.CLOSED and not member.is_active
    assert not member.has_usable_password()
    assert member.first_name == member.last_name == ""
    assert member.email.endswith("@closed.invalid")
    assert len(member.pseudonym) == 6
    assert not User.objects.filter(email__iexact=EMAIL).exists()  # free to apply again
    line = AuditEntry.objects.filter(action=AuditEntry.Action.ACCOUNT_CLOSED).get()
    assert line.target_repr == line.actor_name == f"Ancien membre #{member.pseudonym}"
    # The suspension lines of before: still there, with the pseudonym instead of the name.
    suspended = AuditEntry.objects.get(action=AuditEntry.Action.MEMBER_SUSPENDED)
    assert suspended.target_repr == f"Ancien membre #{member.pseudonym}"
    assert suspended.reason == f"Propos de Ancien membre #{member.pseudonym}"


def _assert_withdrawn(leaver, other_member):
    member = leaver.member
    assert not ProjectMembership.objects.filter(member=member).exists()
    assert ProjectMembership.objects.get(project=leaver.project,
                                         member=other_member).role == "owner"
    assert Registration.objects.get(event=leaver.event, member=member).status == "cancelled"
    leaver.waiting.refresh_from_db()
    assert leaver.waiting.status == "confirmed"  # the freed seat went to the waitlist
    assert not member.room_memberships.exists()


def test_anonymise_keeps_the_words_and_loses_the_person(leaver, other_member, _commits):
    _closure, before = _close(leaver, "anonymise", _commits)
    _assert_identity_gone(before)
    _assert_the_account_row(leaver.member)
    _assert_the_last_mail(other_member)
    _assert_withdrawn(leaver, other_member)
    # What they wrote stays, signed "Ancien membre" (no author), and only there.
    database = database_occurrences(WORD)[WORD]
    assert database == {
        "walls.Post.body", "walls.Post.html", "walls.Comment.body", "walls.Comment.html",
        "chat.Message.body", "chat.Message.html", "documents.Document.title",
        "documents.DocumentFile.text", "moderation.Report.excerpt",
        "notifications.Notification.text",
        # The document's title, where the feed and the log of its approval name it.
        "news.ActivityEvent.text", "moderation.AuditEntry.target_repr",
    }, database
    assert Post.objects.get(pk=leaver.post.pk).author is None
    assert Comment.objects.get(pk=leaver.comment.pk).author is None
    assert Message.objects.get(pk=leaver.message.pk).author is None
    assert Document.objects.filter(author__isnull=True).count() == 2
    assert index_occurrences(WORD)[WORD] == {"posts", "messages", "documents"}
    # Their profile photo was never set; the documents' files stay (the content stays).
    assert {path.name for path in stored_files()} == before


def test_delete_removes_the_words_and_passes_library_documents_on(leaver, other_member,
                                                                  _commits):
    _closure, before = _close(leaver, "delete", _commits)
    _assert_identity_gone(before)
    _assert_the_account_row(leaver.member)
    _assert_the_last_mail(other_member)
    _assert_withdrawn(leaver, other_member)
    post = Post.objects.get(pk=leaver.post.pk)
    assert post.is_deleted and post.body == "" and post.author is None
    comment = Comment.objects.get(pk=leaver.comment.pk)
    assert comment.is_deleted and comment.body == ""
    message = Message.objects.get(pk=leaver.message.pk)
    assert message.is_deleted and message.body == "" and message.author is None
    # The library document passes to the network; the project's document is gone, files too.
    assert Document.objects.get(pk=leaver.library_document.pk).author is None
    assert not Document.objects.filter(pk=leaver.project_document.pk).exists()
    database = database_occurrences(WORD)[WORD]
    assert database == {"documents.Document.title", "documents.DocumentFile.text",
                        "news.ActivityEvent.text", "moderation.AuditEntry.target_repr"}, database
    assert index_occurrences(WORD)[WORD] == {"documents"}
    remaining = files_containing(WORD)[WORD]
    assert len(remaining) == 1  # the library document's file, nothing else
    assert len(stored_files()) == len(before) - 1


def test_delete_everything_including_the_library(leaver, other_member, _commits):
    _closure, before = _close(leaver, "delete", _commits, keep_library=False)
    _assert_identity_gone(before)
    assert not Document.objects.filter(pk=leaver.library_document.pk).exists()
    assert database_occurrences(WORD)[WORD] == set()
    assert index_occurrences(WORD)[WORD] == set()
    assert files_containing(WORD)[WORD] == []
    assert len(stored_files()) == len(before) - 2


def test_a_proposal_awaiting_the_moderators_is_withdrawn(member, _commits):
    from documents import services as documents
    from tests.documents.helpers import card, text_file

    proposal = documents.document_propose(actor=member, **card(title=f"Projet {WORD}"),
                                          uploads=[text_file(text=f"{WORD}\n")], note="")
    assert files_containing(WORD)[WORD]
    with _commits(execute=True):
        closure = account_close(actor=member, member=member)
    assert closure.counts["documents.withdrawn"] == 1
    assert not Document.objects.filter(pk=proposal.pk).exists()
    assert files_containing(WORD)[WORD] == []
    assert database_occurrences(WORD)[WORD] == set()
