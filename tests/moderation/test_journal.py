"""The moderation log names what each line is about (issue 10, item 9): the reported thing as its
app describes it, with what the report shared of it, in French (dates, elision, spaces); never
the content of a private conversation that nobody reported (DESIGN.md §7); at a constant number
of queries."""

import re
from datetime import UTC, datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from chat import services as chat
from chat.models import Message, Room
from moderation import services
from moderation.models import AuditEntry
from tests.factories import MemberFactory, PostFactory

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
ISO = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


@pytest.fixture
def ines():
    return MemberFactory(first_name="Inès", last_name="Moreau")


@pytest.fixture
def public(moderator):
    return chat.room_create(actor=moderator, name="Tiers-lieux")


def _journal(client) -> str:
    html = client.get(reverse("moderation:journal")).content.decode()
    return html.split('<main id="contenu"', 1)[1].split("</main>")[0]


def test_a_deleted_message_is_named_in_french_with_what_its_report_shared(
        as_user, moderator, ines, public):
    message = chat.message_send(actor=ines, room=public, body="Achetez ma formation miracle")
    Message.objects.filter(pk=message.pk).update(
        created_at=datetime(2026, 12, 7, 16, 36, tzinfo=UTC))  # 17:36 in Paris
    chat.message_report(actor=MemberFactory(), message=message, reason="Publicité")
    chat.message_delete(actor=moderator, message=message, reason="Publicité répétée")
    [entry] = AuditEntry.objects.all()
    assert entry.target_repr == (
        f"Message d'Inès Moreau dans «{NBSP}Tiers-lieux{NBSP}», 07/12/2026 17:36")
    page = _journal(as_user(moderator))
    assert "Message d&#x27;Inès Moreau dans «\u00a0Tiers-lieux\u00a0», 07/12/2026 17:36" in page
    assert "Achetez ma formation miracle" in page  # what the report shared
    assert f"Tel que signalé{NBSP}:" in page
    assert not ISO.search(page)


def test_a_dismissed_report_names_the_post_and_its_excerpt(as_user, moderator, ines, member):
    post = PostFactory(author=ines, body="Un billet très discutable")
    report = services.report_create(actor=member, target=post, reason="Doute",
                                    excerpt=post.body, target_author=ines)
    services.report_dismiss(actor=moderator, report=report, note="Rien d'anormal")
    [entry] = AuditEntry.objects.all()
    assert entry.target_repr.startswith(
        f"Signalement de {member.display_name}{NBSP}: Message d'Inès Moreau sur «{NBSP}"
    )
    page = _journal(as_user(moderator))
    assert "Un billet très discutable" in page and "Rien d&#x27;anormal" in page


def test_a_private_conversation_stays_private_unless_reported(as_user, moderator, ines,
                                                              other_member):
    room = chat.room_create(actor=other_member, name="Groupe PTCE", kind=Room.Kind.PRIVATE,
                            members=[ines])
    reported = chat.message_send(actor=ines, room=room, body="Ce que le membre a partagé")
    chat.message_send(actor=ines, room=room, body="Ce que personne n'a signalé")
    report = chat.message_report(actor=other_member, message=reported, reason="Insulte")
    services.report_dismiss(actor=moderator, report=report)
    # A line about the room itself (an archived private room is not logged: use a record).
    services.record(actor=moderator, action=AuditEntry.Action.ROOM_ARCHIVED, target=room,
                    target_repr=room.name)
    page = _journal(as_user(moderator))
    assert "Ce que le membre a partagé" in page  # reported: shared with the moderators
    assert "personne n" not in page
    assert reverse("chat:room", args=[room.pk]) not in page


def test_a_hidden_post_that_was_never_reported_is_named_without_excerpt(as_user, moderator,
                                                                        ines):
    post = PostFactory(author=ines, body="Texte jamais signalé")
    services.decide(actor=moderator, item=post, decision="hide", reason="Hors sujet")
    page = _journal(as_user(moderator))
    assert "Message d&#x27;Inès Moreau sur «\u00a0" in page
    assert "Texte jamais signalé" not in page and "Tel que signalé" not in page


def test_the_log_costs_the_same_with_many_reported_lines(as_user, moderator, public,
                                                         django_assert_max_num_queries):
    client = as_user(moderator)

    def reported_and_handled(n):
        author = MemberFactory()
        message = chat.message_send(actor=author, room=public, body=f"Message {n}")
        report = chat.message_report(actor=MemberFactory(), message=message, reason="Spam")
        if n % 2:
            services.report_dismiss(actor=moderator, report=report, note=f"Non {n}")
        else:
            chat.message_delete(actor=moderator, message=message, reason=f"Oui {n}")
        post = PostFactory(author=author)
        services.report_create(actor=MemberFactory(), target=post, reason="Spam",
                               excerpt=post.body, target_author=author)
        services.decide(actor=moderator, item=post, decision="hide", reason=f"Masqué {n}")

    reported_and_handled(0)
    reported_and_handled(1)
    with django_assert_max_num_queries(50) as small:
        client.get(reverse("moderation:journal"))
    for n in range(2, 14):
        reported_and_handled(n)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(reverse("moderation:journal")).content.decode()
    assert "Message 13" in page and "Message 12" in page


def test_a_line_written_with_an_iso_date_reads_in_french(as_user, moderator, ines, public):
    """Lines are never rewritten: one written before dates were French is read in French."""
    message = chat.message_send(actor=ines, room=public, body="Ancien")
    AuditEntry.objects.create(  # as services.record wrote it then, without typography
        actor=moderator, actor_name=moderator.display_name,
        action=AuditEntry.Action.MESSAGE_DELETED,
        content_type=ContentType.objects.get_for_model(message), object_id=message.pk,
        target_repr="Message de Inès Moreau dans « Tiers-lieux », 2026-12-07 17:36")
    page = _journal(as_user(moderator))
    assert "Message d&#x27;Inès Moreau dans «\u00a0Tiers-lieux\u00a0», 07/12/2026 17:36" in page
    assert not ISO.search(page)
