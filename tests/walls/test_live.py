"""Live walls (DESIGN.md §5, docs/realtime.md, "wall"): what the services send on commit, the
socket's ``follow`` of the topic "wall" (chat/topics.py), and the count a page asks for after
(re)connecting, so that nothing is lost while it was offline."""

import asyncio
import contextlib
from importlib import import_module

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from config.asgi import application
from moderation.services import decide
from walls import selectors, services
from walls.models import Wall

GROUP_WALL = import_module("walls.migrations.0002_group_wall").GROUP_WALL
TIMEOUT = 3
sync = database_sync_to_async


# --- What is sent ----------------------------------------------------------------------------


class Listener:
    """A channel of the in-memory layer in some groups, to see what was published."""

    def __init__(self, *groups):
        self.layer = get_channel_layer()
        async_to_sync(self.layer.flush)()
        self.channel = async_to_sync(self.layer.new_channel)()
        for group in groups:
            async_to_sync(self.layer.group_add)(group, self.channel)

    def frames(self) -> list[dict]:
        received = []
        while True:
            try:
                event = async_to_sync(self._receive_now)()
            except TimeoutError:
                return received
            assert event["type"] == "realtime.frame"
            received.append(event["frame"])

    async def _receive_now(self):
        return await asyncio.wait_for(self.layer.receive(self.channel), timeout=0.05)


@pytest.fixture
def in_memory_layer(settings):
    """The Listener reads the layer from several event loops: only the in-memory one allows it."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.mark.django_db
def test_posts_and_comments_are_sent_once_committed(
    in_memory_layer, member, other_member, moderator, django_capture_on_commit_callbacks
):
    wall = selectors.group_wall()
    listener = Listener(wall.group_name)
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_create(actor=member, wall=wall, body="Bonjour")
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.comment_create(actor=other_member, post=post, body="Salut")
    # Edits, reactions, pins and deletions change nothing that the bar counts.
    with django_capture_on_commit_callbacks(execute=True):
        services.post_edit(actor=member, post=post, body="Bonjour à tous")
        services.reaction_toggle(actor=other_member, post=post, kind="bravo")
        services.post_pin(actor=moderator, post=post)
        services.comment_delete(actor=other_member, comment=comment)
    assert listener.frames() == [
        {"type": "wall", "wall": wall.pk, "post": post.pk, "comment": None,
         "posts": 1, "comments": 0, "author": member.pk},
        {"type": "wall", "wall": wall.pk, "post": post.pk, "comment": comment.pk,
         "posts": 0, "comments": 1, "author": other_member.pk},
    ]


@pytest.mark.django_db
def test_nothing_is_sent_for_a_write_that_rolls_back(
    in_memory_layer, member, django_capture_on_commit_callbacks
):
    wall = selectors.group_wall()
    listener = Listener(wall.group_name)
    with (django_capture_on_commit_callbacks(execute=True) as callbacks,
          contextlib.suppress(RuntimeError), transaction.atomic()):
        services.post_create(actor=member, wall=wall, body="Annulé")
        raise RuntimeError
    assert callbacks == [] and listener.frames() == []


# --- What a page missed ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_asks_what_others_published_since_its_marks(as_user, member, other_member,
                                                             moderator):
    wall = selectors.group_wall()
    marks = selectors.activity_marks()
    mine = services.post_create(actor=member, wall=wall, body="Le mien")
    theirs = services.post_create(actor=other_member, wall=wall, body="Le leur")
    services.comment_create(actor=other_member, post=mine, body="Commentaire")
    services.comment_create(actor=member, post=theirs, body="Ma réponse")
    hidden = services.post_create(actor=other_member, wall=wall, body="Masqué")
    decide(actor=moderator, item=hidden, decision="hide", reason="Hors charte")
    services.post_create(actor=other_member, wall=services.wall_create(
        actor=moderator, name="Ailleurs"), body="Autre mur")

    client = as_user(member)
    url = reverse("walls:activity", args=[wall.slug])
    response = client.get(url, {"billet": marks["post"], "commentaire": marks["comment"]})
    data = response.json()
    assert "no-store" in response["Cache-Control"]
    assert (data["wall"], data["posts"], data["comments"]) == (wall.pk, 1, 1)
    assert (data["last_post"], data["last_comment"]) == tuple(
        selectors.activity_marks().values())
    # Only that post's comments, for a post's page; no marks, no count.
    on_mine = client.get(url, {"billet": marks["post"], "commentaire": marks["comment"],
                               "post": theirs.pk}).json()
    assert (on_mine["posts"], on_mine["comments"]) == (0, 0)
    assert client.get(url, {"billet": "x"}).json()["posts"] == 0
    # Moderators count what they see, hidden posts included.
    seen = as_user(moderator).get(url, {"billet": marks["post"]}).json()
    assert seen["posts"] == 3


# --- The socket ------------------------------------------------------------------------------


@pytest.fixture
async def sockets():
    cache.clear()
    await get_channel_layer().flush()

    class Sockets:
        def __init__(self):
            self.opened = []

        async def open(self, user):
            client = Client()
            await sync(client.force_login)(user)
            headers = [(b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()),
                       (b"origin", b"http://localhost")]
            socket = WebsocketCommunicator(application, "/ws/", headers=headers)
            self.opened.append(socket)
            connected, code = await socket.connect(timeout=TIMEOUT)
            assert connected, code
            assert (await recv(socket))["type"] == "hello"
            return socket

    helper = Sockets()
    yield helper
    for socket in helper.opened:
        with contextlib.suppress(Exception):
            await socket.disconnect()
    cache.clear()


async def recv(socket) -> dict:
    return await socket.receive_json_from(timeout=TIMEOUT)


async def follow(socket, wall_id: int) -> dict:
    await socket.send_json_to({"type": "follow", "topic": "wall", "id": wall_id})
    return await recv(socket)


live = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _group_wall(request):
    """A transactional test empties every table afterwards, the data migration's wall too:
    each live test puts it back as the migration does (serialized_rollback would clash with
    the content types that the flush of earlier transactional tests recreated)."""
    if request.node.get_closest_marker("django_db") is None:
        return
    if not request.node.get_closest_marker("django_db").kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    Wall.objects.get_or_create(kind=GROUP_WALL["kind"], defaults=GROUP_WALL)


@live
@pytest.mark.asyncio
async def test_a_tab_that_follows_a_wall_gets_its_new_posts_and_comments(sockets, member,
                                                                          other_member,
                                                                          moderator):
    wall = await sync(selectors.group_wall)()
    socket = await sockets.open(member)
    assert await follow(socket, wall.pk) == {"type": "following", "topic": "wall", "id": wall.pk}

    post = await sync(services.post_create)(actor=other_member, wall=wall, body="Nouveau")
    assert await recv(socket) == {"type": "wall", "wall": wall.pk, "post": post.pk,
                                  "comment": None, "posts": 1, "comments": 0,
                                  "author": other_member.pk}
    comment = await sync(services.comment_create)(actor=other_member, post=post, body="Oui")
    assert (await recv(socket))["comment"] == comment.pk
    # Another wall is another group.
    themed = await sync(services.wall_create)(actor=moderator, name="Tiers-lieux")
    await sync(services.post_create)(actor=other_member, wall=themed, body="Ailleurs")
    assert await socket.receive_nothing(timeout=0.2)

    await socket.send_json_to({"type": "unfollow", "topic": "wall", "id": wall.pk})
    await socket.send_json_to({"type": "ping"})  # frames are handled in order
    assert await recv(socket) == {"type": "pong"}
    await sync(services.post_create)(actor=other_member, wall=wall, body="Plus suivi")
    assert await socket.receive_nothing(timeout=0.2)


@live
@pytest.mark.asyncio
async def test_an_unknown_wall_cannot_be_followed(sockets, member):
    socket = await sockets.open(member)
    answer = await follow(socket, 987654)
    assert (answer["type"], answer["code"]) == ("error", "forbidden_topic")
