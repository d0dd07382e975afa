"""Who gets what on every page of the community, chat, walls and news apps (DESIGN.md §3,
§8, §9).

One row per (URL, method); one expected outcome per role. Outcomes are status codes or the
place a redirect leads to. The URL arguments are real objects: an application, a member,
a suspended member and an invitation token made the way the service makes them.
"""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from chat import services as chat_services
from community.models import Invitation, UserStatus
from community.models.membership import hash_token
from documents.safety import check_uploads
from moderation.services import decide
from news import services as news_services
from tests.community.permission_cases import (
    ADMIN_LOGIN,
    APPLICATIONS,
    CASES,
    CHAT_INDEX,
    CHAT_NEW_ROOM,
    CHAT_ROOM,
    HOME,
    INVITATIONS,
    LOGIN,
    MATRIX,
    MEMBER_DETAIL,
    NEWS,
    STATUS,
    SUSPENDED,
    WALLS,
    Case,
    _fresh_rate_limits,  # noqa: F401  (an autouse fixture)
    _webp,
)
from tests.documents import samples
from tests.factories import ApplicantFactory, MemberFactory, ModeratorFactory
from walls import services as wall_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def targets(db) -> dict:
    """The objects behind URL arguments, distinct from the person making the request."""
    member = MemberFactory(first_name="Théo", last_name="Cible", email="theo.cible@exemple.fr")
    member.profile.photo.save("photo.webp", _webp(), save=True)
    suspended = MemberFactory(status=UserStatus.SUSPENDED, is_active=False)
    application = ApplicantFactory().application
    inviter = ModeratorFactory()
    token = Invitation.new_token()
    Invitation.objects.create(
        email="invitee@exemple.fr", token_hash=hash_token(token), invited_by=inviter
    )
    public_room = chat_services.room_create(actor=inviter, name="Tiers-lieux")
    message = chat_services.message_send(actor=member, room=public_room, body="Bonjour")
    private_room = chat_services.room_create(actor=member, name="Binôme", kind="private",
                                             members=[inviter])
    private_message = chat_services.message_send(actor=member, room=private_room, body="Entre nous")
    wall = wall_services.wall_create(actor=inviter, name="Tiers-lieux")
    post = wall_services.post_create(actor=member, wall=wall, body="Bonjour")
    wall_comment = wall_services.comment_create(actor=member, post=post, body="Précision")
    question = wall_services.question_create(actor=member, wall=wall, body="Qui sait ?",
                                             skills=["Tiers-lieux"])
    answer = wall_services.comment_create(actor=inviter, post=question, body="Moi")
    picture = check_uploads([samples.upload("atelier.png", samples.image_bytes())])
    pictured_post = wall_services.post_create(actor=member, wall=wall, body="Photo",
                                              files=picture)
    hidden_post = wall_services.post_create(
        actor=member, wall=wall, body="Hors charte",
        files=check_uploads([samples.upload("tract.png", samples.image_bytes())]))
    decide(actor=inviter, item=hidden_post, decision="hide", reason="Hors charte")
    news_item, pending_news, hidden_news = (
        news_services.news_propose(actor=member, title=title, summary="En bref.")
        for title in ("Publiée", "En attente", "Masquée")
    )
    for item in (news_item, hidden_news):
        decide(actor=inviter, item=item, decision="approve")
    decide(actor=inviter, item=hidden_news, decision="hide", reason="Hors charte")
    return {
        "member": member.pk,
        "suspended": suspended.pk,
        "application": application.pk,
        "applicant_user": application.user_id,
        "token": token,
        "unknown_token": Invitation.new_token(),
        "public_room": public_room.pk,
        "private_room": private_room.pk,
        "message": (public_room.pk, message.pk),
        "private_message": (private_room.pk, private_message.pk),
        "public_member": (public_room.pk, member.pk),
        "private_member": (private_room.pk, inviter.pk),
        "wall": wall.slug,
        "unknown_wall": "mur-inconnu",
        "post": post.pk,
        "wall_comment": wall_comment.pk,
        "hidden_post": hidden_post.pk,
        "attachment": pictured_post.attachments.get().pk,
        "hidden_attachment": hidden_post.attachments.get().pk,
        "question": question.pk,
        "answer": answer.pk,
        "news_item": news_item.pk,
        "pending_news": pending_news.pk,
        "hidden_news": hidden_news.pk,
    }


@pytest.fixture
def user_for_role(request):
    def make(role: str):
        if role == "anonymous":
            return None
        fixture = {"admin": "admin_user"}.get(role, role)
        return request.getfixturevalue(fixture)

    return make


def _url(case: Case, targets: dict) -> str:
    if case.url.startswith("/"):
        return case.url
    target = targets[case.target] if case.target else ()
    args = list(target) if isinstance(target, tuple) else [target]
    return reverse(case.url, args=args)


def assert_outcome(response, expected, *, targets: dict) -> None:
    location = response.get("Location", "")
    if isinstance(expected, int):
        assert response.status_code == expected, (response.status_code, location)
        return
    assert response.status_code == 302, (response.status_code, location)
    if expected == LOGIN:
        assert location.startswith(reverse("account_login") + "?next="), location
        return
    if expected == ADMIN_LOGIN:
        assert location.startswith(f"/{settings.ADMIN_URL}login/"), location
        return
    if expected == CHAT_NEW_ROOM:
        assert re.fullmatch(r"/chat/\d+/", location), location
        return
    if expected == CHAT_ROOM:
        room = reverse("chat:room", args=[targets["public_room"]])
        assert location == room or location.startswith((room + "#m-", room + "?")), location
        return
    if expected == WALLS:
        assert re.fullmatch(r"/mur/[\w/-]*(#[pc]-\d+)?", location), location
        return
    if expected == NEWS:
        assert re.fullmatch(r"/actualites/(\d+/|mes-propositions/)", location), location
        return
    wanted = {
        STATUS: reverse("community:application_status"),
        HOME: reverse("community:home"),
        APPLICATIONS: reverse("community:applications"),
        INVITATIONS: reverse("community:invitations"),
        SUSPENDED: reverse("community:suspended_members"),
        MEMBER_DETAIL: reverse("community:member_detail", args=[targets["member"]]),
        CHAT_INDEX: reverse("chat:index"),
    }[expected]
    assert location == wanted, (location, wanted)


@pytest.mark.parametrize(("case", "role"), MATRIX)
def test_permission_matrix(case, role, targets, user_for_role, as_user):
    client = as_user(user_for_role(role))
    path = _url(case, targets)
    response = client.post(path, case.data or {}) if case.method == "POST" else client.get(path)
    response.close()  # the photo view streams a file
    assert_outcome(response, case.expected[role], targets=targets)


def test_matrix_covers_every_community_url():
    from community import urls

    names = {f"community:{pattern.name}" for pattern in urls.urlpatterns}
    covered = {case.url for case in CASES}
    assert names <= covered, names - covered
    for name in names:
        assert {case.method for case in CASES if case.url == name} == {"GET", "POST"} or (
            name in {"community:home", "community:application_status"}
        ), name


def test_matrix_covers_every_walls_url():
    from walls import urls

    names = {f"walls:{pattern.name}" for pattern in urls.urlpatterns}
    covered = {case.url for case in CASES}
    assert names <= covered, names - covered
    for name in names:
        assert {case.method for case in CASES if case.url == name} == {"GET", "POST"}, name


def test_matrix_covers_every_chat_url():
    from chat import urls

    names = {f"chat:{pattern.name}" for pattern in urls.urlpatterns}
    covered = {case.url for case in CASES}
    assert names <= covered, names - covered
    for name in names:
        assert {case.method for case in CASES if case.url == name} == {"GET", "POST"}, name


def test_matrix_covers_every_news_url():
    from news import urls

    names = {f"news:{pattern.name}" for pattern in urls.urlpatterns}
    covered = {case.url for case in CASES}
    assert names <= covered, names - covered
    for name in names:
        assert {case.method for case in CASES if case.url == name} == {"GET", "POST"}, name
