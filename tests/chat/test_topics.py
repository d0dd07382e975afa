"""Following a topic other than a room over the socket (chat/topics.py): a wall, a project."""

import pytest
from channels.db import database_sync_to_async

from chat import consumers, topics
from chat.realtime import send_to_group_on_commit
from tests.chat.sockets import (  # noqa: F401  (fixtures)
    _fresh_realtime_state,
    assert_error_frame,
    recv,
    sockets,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


@pytest.fixture(autouse=True)
def board_topic():
    """A topic whose even items anybody may follow."""
    topics.register("board", group=lambda pk: f"board.{pk}",
                    can_follow=lambda user, pk: pk % 2 == 0)
    yield
    topics._topics.pop("board", None)


async def test_follow_then_receive_what_the_topic_publishes(sockets, member):  # noqa: F811
    socket = await sockets.open(member)
    await socket.send_json_to({"type": "follow", "topic": "board", "id": 4})
    assert await recv(socket) == {"type": "following", "topic": "board", "id": 4}
    frame = {"type": "board", "board": 4, "posts": 1}
    await database_sync_to_async(send_to_group_on_commit)("board.4", frame)
    assert await recv(socket) == frame
    # Following again changes nothing; after unfollowing, nothing more comes.
    await socket.send_json_to({"type": "follow", "topic": "board", "id": 4})
    assert await recv(socket) == {"type": "following", "topic": "board", "id": 4}
    await socket.send_json_to({"type": "unfollow", "topic": "board", "id": 4})
    await socket.send_json_to({"type": "ping"})  # frames are handled in order
    assert await recv(socket) == {"type": "pong"}
    await database_sync_to_async(send_to_group_on_commit)("board.4", frame)
    assert await socket.receive_nothing(timeout=0.2)


async def test_what_one_may_not_follow_is_refused(sockets, member):  # noqa: F811
    socket = await sockets.open(member)
    await assert_error_frame(socket, {"type": "follow", "topic": "board", "id": 3},
                             "forbidden_topic")
    await database_sync_to_async(send_to_group_on_commit)("board.3", {"type": "board"})
    assert await socket.receive_nothing(timeout=0.2)


@pytest.mark.parametrize("frame", [
    {"type": "follow", "topic": "nope", "id": 2},
    {"type": "follow", "topic": "board", "id": "2"},
    {"type": "follow", "topic": ["board"], "id": 2},
    {"type": "follow", "id": 2},
    {"type": "unfollow", "topic": "board"},
])
async def test_bad_follow_frames(sockets, member, frame):  # noqa: F811
    socket = await sockets.open(member)
    await assert_error_frame(socket, frame, "invalid_frame")


async def test_a_tab_follows_a_bounded_number_of_things(sockets, member):  # noqa: F811
    socket = await sockets.open(member)
    for n in range(consumers.MAX_FOLLOWED_PER_SOCKET):
        await socket.send_json_to({"type": "follow", "topic": "board", "id": 2 * n})
        assert (await recv(socket))["type"] == "following"
    await assert_error_frame(socket, {"type": "follow", "topic": "board", "id": 1000}, "too_many")
