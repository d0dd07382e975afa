"""Questions to peers (*demandes d'aide*): asking with skills, trade and region; the members
who may help (who_can_help) and telling a few of them; answers, accepting one; the list of
questions and its filters; "Questions for you" on the home page. Asserts on structure and
data, not on the English strings (translated later)."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.selectors import who_can_help
from notifications.models import Notification
from search.indexing import rebuild
from tests.chat.inert import assert_inert
from tests.factories import MemberFactory
from walls import selectors, services
from walls.models import Post

pytestmark = pytest.mark.django_db

QFY = Notification.Kind.QUESTION_FOR_YOU
# A script or an event handler that the browser would run (escaped text does not match).
LIVE = re.compile(r"<script>alert|<img[^>]*onerror", re.IGNORECASE)


@pytest.fixture
def wall():
    return selectors.group_wall()


def ask(actor, wall, body="Comment monter un tiers-lieu rural ?", skills=("Tiers-lieux",),
        **fields):
    return services.question_create(actor=actor, wall=wall, body=body, skills=list(skills),
                                    **fields)


def peer(first_name, skills=("Tiers-lieux",), region="occitanie"):
    return MemberFactory(first_name=first_name, last_name="Pair", onboarded__region=region,
                         onboarded__skills=list(skills))


def ids_on(html: str, prefix: str) -> list[int]:
    return [int(pk) for pk in re.findall(rf'id="{prefix}-(\d+)"', html)]


def notified(kind, recipient=None, **filters):
    found = Notification.objects.filter(kind=kind, **filters)
    if recipient is not None:
        found = found.filter(recipient=recipient)
    return found


# --- Asking -----------------------------------------------------------------------------------


def test_a_question_has_skills_a_trade_and_a_region(member, wall):
    question = ask(member, wall, skills=["Tiers-lieux", " tiers-lieux ", "Mécénat"],
                   metier="accompagnement", region="bretagne")
    question.refresh_from_db()
    assert question.kind == Post.Kind.QUESTION and question.is_question
    assert sorted(tag.name for tag in question.skills.all()) == ["Mécénat", "Tiers-lieux"]
    assert question.metier_id == "accompagnement" and question.region == "bretagne"
    assert question.accepted_answer is None and question.answered_at is None
    assert services.post_create(actor=member, wall=wall, body="Bonjour").kind == Post.Kind.POST


@pytest.mark.parametrize("fields", [{"region": "atlantide"}, {"metier": "astronaute"},
                                    {"body": "   "}, {"skills": ["x" * 200]}])
def test_a_question_is_checked_like_a_post(member, wall, fields):
    with pytest.raises(ValidationError):
        ask(member, wall, **fields)
    assert not Post.objects.exists()


def test_asking_through_the_form_leads_to_who_can_help(as_user, member, wall):
    response = as_user(member).post(reverse("walls:question_create"), {
        "body": "Qui a déjà ouvert un tiers-lieu ?", "skills": "Tiers-lieux, Mécénat",
        "metier": "gestion-d-un-lieu", "region": "occitanie",
    })
    question = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("walls:question_help", args=[question.pk])
    assert question.is_question and question.wall == wall and question.author == member
    assert question.metier_id == "gestion-d-un-lieu" and question.region == "occitanie"
    assert {tag.name for tag in question.skills.all()} == {"Tiers-lieux", "Mécénat"}


def test_the_form_shows_its_errors(as_user, member):
    response = as_user(member).post(reverse("walls:question_create"), {"body": "", "region": "x"})
    assert response.status_code == 200
    assert not Post.objects.exists()
    assert 'id="question-form"' in response.content.decode()


def test_a_question_has_a_badge_on_the_wall(as_user, member, other_member, wall):
    question = ask(other_member, wall)
    post = services.post_create(actor=other_member, wall=wall, body="Un simple billet")
    html = as_user(member).get(reverse("walls:group")).content.decode()
    article = html.split(f'id="p-{question.pk}"', 1)[1].split("</article>", 1)[0]
    assert 'data-kind="question"' in article
    plain = html.split(f'id="p-{post.pk}"', 1)[1].split("</article>", 1)[0]
    assert 'data-kind="question"' not in plain


# --- Who can help, and telling them ---------------------------------------------------------------


def test_suggestions_are_who_can_help_and_never_the_asker(as_user, wall):
    asker = peer("Marc", region="bretagne")
    helpers = [peer(f"Aide{i}") for i in range(3)]
    peer("Rien", skills=["Open Badges"])
    rebuild("members")
    question = ask(asker, wall)
    expected = [s.id for s in who_can_help(asker=asker, text=question.body,
                                           tags=["Tiers-lieux"])]
    html = as_user(asker).get(reverse("walls:question_help", args=[question.pk])).content.decode()
    shown = ids_on(html, "member")
    assert shown == expected
    assert asker.pk not in shown
    assert {helper.pk for helper in helpers} <= set(shown)
    assert 'type="checkbox" name="members"' in html


def test_only_the_asker_sees_who_can_help(as_user, member, other_member, wall):
    question = ask(member, wall)
    url = reverse("walls:question_help", args=[question.pk])
    assert as_user(other_member).get(url).status_code == 403
    assert as_user(other_member).post(url, {"members": [member.pk]}).status_code == 403
    plain = services.post_create(actor=member, wall=wall, body="Billet")
    assert as_user(member).get(reverse("walls:question_help", args=[plain.pk])).status_code == 404


def test_the_asker_tells_at_most_five_members_once_each(member, wall):
    question = ask(member, wall)
    people = [MemberFactory() for _ in range(6)]
    with pytest.raises(ValidationError):
        services.question_notify_members(actor=member, question=question, members=people)
    assert not notified(QFY).exists()
    told = services.question_notify_members(actor=member, question=question,
                                            members=[*people[:3], member])
    assert {person.pk for person in told} == {person.pk for person in people[:3]}
    again = services.question_notify_members(actor=member, question=question,
                                             members=people[:2])
    assert again == []
    assert notified(QFY).count() == 3
    services.question_notify_members(actor=member, question=question, members=people[2:5])
    assert notified(QFY).count() == 5
    assert set(notified(QFY).values_list("recipient_id", flat=True)) == {
        person.pk for person in people[:5]}
    with pytest.raises(ValidationError):
        services.question_notify_members(actor=member, question=question, members=[people[5]])
    with pytest.raises(PermissionDenied):
        services.question_notify_members(actor=people[0], question=question, members=[member])


def test_the_page_tells_only_suggested_members(as_user, wall):
    asker = peer("Marc", region="bretagne")
    helpers = [peer(f"Aide{i}") for i in range(2)]
    rebuild("members")
    stranger = peer("Autre", skills=["Open Badges"])  # not in the index: never suggested
    question = ask(asker, wall)
    suggested = [s.id for s in who_can_help(asker=asker, text=question.body,
                                            tags=["Tiers-lieux"])]
    assert helpers[0].pk in suggested and stranger.pk not in suggested
    url = reverse("walls:question_help", args=[question.pk])
    response = as_user(asker).post(url, {"members": [helpers[0].pk, stranger.pk, asker.pk]})
    assert response.status_code == 302 and response["Location"] == question.get_absolute_url()
    assert list(notified(QFY).values_list("recipient_id", flat=True)) == [helpers[0].pk]
    assert notified(QFY).get().url == question.get_absolute_url()


def test_choosing_too_many_members_on_the_page_is_refused(as_user, wall):
    asker = peer("Marc", region="bretagne")
    helpers = [peer(f"Aide{i}") for i in range(6)]
    rebuild("members")
    question = ask(asker, wall)
    url = reverse("walls:question_help", args=[question.pk])
    response = as_user(asker).post(url, {"members": [helper.pk for helper in helpers]})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not notified(QFY).exists()


# --- Answers and accepting one ---------------------------------------------------------------


def test_an_answer_notifies_the_asker(member, other_member, moderator, wall):
    question = ask(member, wall)
    answer = services.comment_create(actor=other_member, post=question, body="Voici")
    assert notified(Notification.Kind.ANSWER, member).get().url == answer.get_absolute_url()
    services.comment_create(actor=moderator, post=question, body="Merci",
                            parent_id=answer.pk)
    assert notified(Notification.Kind.ANSWER, member).count() == 1  # a reply is no answer
    post = services.post_create(actor=member, wall=wall, body="Billet")
    services.comment_create(actor=other_member, post=post, body="Commentaire")
    assert notified(Notification.Kind.ANSWER, member).count() == 1
    assert notified(Notification.Kind.COMMENT, member).count() == 2


def test_only_the_asker_accepts_an_answer(as_user, member, other_member, moderator, wall):
    question = ask(member, wall)
    answer = services.comment_create(actor=other_member, post=question, body="Voici")
    url = reverse("walls:answer_accept", args=[answer.pk])
    for someone in (other_member, moderator):
        assert as_user(someone).post(url).status_code == 403
    with pytest.raises(PermissionDenied):
        services.answer_accept(actor=other_member, question=question, answer=answer)
    question.refresh_from_db()
    assert question.accepted_answer is None

    response = as_user(member).post(url)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#c-{answer.pk}")
    question.refresh_from_db()
    assert question.accepted_answer == answer and question.answered_at is not None
    accepted = notified(Notification.Kind.ANSWER_ACCEPTED, other_member).get()
    assert accepted.url == answer.get_absolute_url()


def test_the_asker_may_accept_another_answer(member, other_member, moderator, wall):
    question = ask(member, wall)
    first = services.comment_create(actor=other_member, post=question, body="Un")
    second = services.comment_create(actor=moderator, post=question, body="Deux")
    services.answer_accept(actor=member, question=question, answer=first)
    services.answer_accept(actor=member, question=question, answer=second)
    question.refresh_from_db()
    assert question.accepted_answer == second
    services.answer_accept(actor=member, question=question, answer=first)
    services.answer_accept(actor=member, question=question, answer=first)
    question.refresh_from_db()
    assert question.accepted_answer == first
    assert notified(Notification.Kind.ANSWER_ACCEPTED, other_member).count() == 1
    assert notified(Notification.Kind.ANSWER_ACCEPTED, moderator).count() == 1


def test_only_a_published_answer_of_the_question_is_accepted(member, other_member, wall):
    question = ask(member, wall)
    answer = services.comment_create(actor=other_member, post=question, body="Voici")
    reply = services.comment_create(actor=other_member, post=question, body="Et",
                                    parent_id=answer.pk)
    other = ask(member, wall, body="Autre question")
    elsewhere = services.comment_create(actor=other_member, post=other, body="Ailleurs")
    gone = services.comment_create(actor=other_member, post=question, body="Retiré")
    services.comment_delete(actor=other_member, comment=gone)
    for comment in (reply, elsewhere, gone):
        with pytest.raises(ValidationError):
            services.answer_accept(actor=member, question=question, answer=comment)
    post = services.post_create(actor=member, wall=wall, body="Billet")
    comment = services.comment_create(actor=other_member, post=post, body="Commentaire")
    with pytest.raises(PermissionDenied):
        services.answer_accept(actor=member, question=post, answer=comment)


def test_the_accepted_answer_is_marked(as_user, member, other_member, moderator, wall):
    question = ask(member, wall)
    first = services.comment_create(actor=other_member, post=question, body="Un")
    second = services.comment_create(actor=moderator, post=question, body="Deux")
    reply = services.comment_create(actor=moderator, post=question, body="Re",
                                    parent_id=first.pk)
    url = question.get_absolute_url()
    html = as_user(member).get(url).content.decode()
    for comment in (first, second):
        assert reverse("walls:answer_accept", args=[comment.pk]) in html
    assert reverse("walls:answer_accept", args=[reply.pk]) not in html
    assert 'data-accepted="true"' not in html

    services.answer_accept(actor=member, question=question, answer=second)
    for reader in (member, other_member):
        html = as_user(reader).get(url).content.decode()
        marked = html.split(f'id="c-{second.pk}"', 1)[1].split("</article>", 1)[0]
        assert 'data-accepted="true"' in marked and 'class="wall-accepted"' in marked
        assert html.count('data-accepted="true"') == 1
        assert reverse("walls:answer_accept", args=[second.pk]) not in html
        assert 'data-answered="true"' in html
    html = as_user(other_member).get(url).content.decode()
    assert reverse("walls:answer_accept", args=[first.pk]) not in html


# --- The list of questions ------------------------------------------------------------------------


def test_the_list_shows_open_questions_and_filters_them(as_user, member, other_member, wall):
    rural = ask(other_member, wall, skills=["Tiers-lieux"], region="bretagne",
                metier="gestion-d-un-lieu")
    funding = ask(other_member, wall, body="Financer ?", skills=["Mécénat"],
                  region="occitanie", metier="accompagnement")
    answered = ask(other_member, wall, body="Résolue", skills=["Tiers-lieux"])
    answer = services.comment_create(actor=member, post=answered, body="Oui")
    services.answer_accept(actor=other_member, question=answered, answer=answer)
    services.post_create(actor=other_member, wall=wall, body="Un billet, pas une question")
    client = as_user(member)
    url = reverse("walls:questions")

    def listed(query=""):
        response = client.get(url + query)
        assert response.status_code == 200
        return ids_on(response.content.decode(), "q")

    assert listed() == [funding.pk, rural.pk]
    assert listed("?region=bretagne") == [rural.pk]
    assert listed("?metier=accompagnement") == [funding.pk]
    assert listed("?competence=tiers-lieux") == [rural.pk]
    assert listed("?competence=tiers-lieux&statut=resolues") == [answered.pk]
    assert listed("?statut=resolues") == [answered.pk]
    assert listed("?region=corse") == []
    assert listed("?region=nowhere") == [funding.pk, rural.pk]  # an unknown filter is ignored


def test_the_list_costs_the_same_whatever_it_holds(as_user, member, other_member, wall):
    client = as_user(member)
    url = reverse("walls:questions")
    ask(other_member, wall)
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        client.get(url + "?region=&competence=")
    for index in range(6):
        question = ask(other_member, wall, body=f"Question {index}",
                       skills=[f"Compétence {index}", "Tiers-lieux"], region="bretagne",
                       metier="accompagnement")
        services.comment_create(actor=member, post=question, body="Réponse")
    with CaptureQueriesContext(connection) as many:
        html = client.get(url + "?region=&competence=").content.decode()
    assert len(ids_on(html, "q")) == 7
    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]


def test_question_text_and_skills_stay_inert(as_user, member, other_member, wall):
    script = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    question = ask(other_member, wall, body=f"Aide {script}", skills=[f"Tag{script}"[:60]])
    client = as_user(member)
    for url in (reverse("walls:questions"), question.get_absolute_url(),
                reverse("walls:group")):
        html = client.get(url).content.decode()
        assert not LIVE.search(html), url
    assert_inert(question.html)
    services.question_notify_members(actor=other_member, question=question, members=[member])
    html = client.get(reverse("community:home")).content.decode()
    assert f'id="q-{question.pk}"' in html
    assert not LIVE.search(html)


# --- Questions for you, on the home page ------------------------------------------------------


def test_home_shows_questions_for_the_member(as_user, other_member, wall):
    reader = MemberFactory(onboarded__skills=["Tiers-lieux"])
    matching = ask(other_member, wall, skills=["Tiers-lieux"])
    told = ask(other_member, wall, body="Pour toi", skills=["Open Badges"])
    services.question_notify_members(actor=other_member, question=told, members=[reader])
    unrelated = ask(other_member, wall, body="Autre", skills=["Open Badges"])
    own = ask(reader, wall, body="La mienne", skills=["Tiers-lieux"])
    answered = ask(other_member, wall, body="Résolue", skills=["Tiers-lieux"])
    answer = services.comment_create(actor=reader, post=answered, body="Oui")
    services.answer_accept(actor=other_member, question=answered, answer=answer)
    html = as_user(reader).get(reverse("community:home")).content.decode()
    block = html.split('id="questions-for-you"', 1)[1].split("</section>", 1)[0]
    assert ids_on(block, "q") == [told.pk, matching.pk]  # told first
    assert {unrelated.pk, own.pk, answered.pk}.isdisjoint(ids_on(block, "q"))


def test_home_shows_at_most_five_questions_in_constant_queries(as_user, other_member, wall):
    reader = MemberFactory(onboarded__skills=["Tiers-lieux"])
    client = as_user(reader)
    ask(other_member, wall)
    client.get(reverse("community:home"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("community:home"))
    for index in range(7):
        ask(other_member, wall, body=f"Q{index}", skills=["Tiers-lieux", f"C{index}"])
    with CaptureQueriesContext(connection) as many:
        html = client.get(reverse("community:home")).content.decode()
    block = html.split('id="questions-for-you"', 1)[1].split("</section>", 1)[0]
    assert len(ids_on(block, "q")) == 5
    assert len(many) == len(few)
