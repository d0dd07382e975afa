"""What else than chat rooms a tab can follow over its socket (a wall, later a project).

An app registers a topic in its ``AppConfig.ready``: the channel-layer group of one item and
who may follow it. A tab sends ``{"type": "follow", "topic": "wall", "id": 3}``; the consumer
asks ``can_follow`` and adds the socket to the group. The app then publishes frames to that
group with ``chat.realtime.send_to_group_on_commit``; the consumer forwards them as they are.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    group: Callable[[int], str]  # item id -> channel-layer group name
    can_follow: Callable[[object, int], bool]  # (user, item id) -> allowed; runs in a thread


_topics: dict[str, Topic] = {}


def register(name: str, *, group: Callable[[int], str],
             can_follow: Callable[[object, int], bool]) -> None:
    _topics[name] = Topic(group=group, can_follow=can_follow)


def get(name) -> Topic | None:
    return _topics.get(name) if isinstance(name, str) else None
