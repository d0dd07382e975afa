"""Seed the walls with the history in ``demo/walls.py`` (called by ``seed_demo``).

Every wall, post, comment, reaction, pin, report and decision goes through the services, so the
HTML, mentions, notifications and the moderation log are what real use would give. Only the
dates are set afterwards (a service stamps "now"): the history then spreads over the last
weeks. The speakers are the chat's (demo/chat_seed.py), picked with the same seed.
Idempotent: a themed wall whose name is taken, or the network's wall once it has posts, is left
alone.
"""

import random
import re
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from demo import walls as data
from demo.chat_seed import SEED, cast
from moderation.services import decide
from walls import selectors, services
from walls.models import Comment, Post, Wall

MENTION = re.compile(r"@\{(\w+)\}")  # "@{p4}" in a demo text: an @mention of that speaker


@dataclass
class Result:
    walls: int = 0
    posts: int = 0
    comments: int = 0
    reactions: int = 0


def seed_walls(domain: str) -> Result | None:
    """Fill the walls; ``None`` when the demo people are missing."""
    speakers = cast(domain, random.Random(SEED))  # the same people as in the chat
    if speakers is None:
        return None
    pool = speakers.pop("_pool")
    rng = random.Random(SEED + 1)
    result = Result()
    now = timezone.now()
    with transaction.atomic():
        group = selectors.group_wall()
        if group is not None and not Post.objects.filter(wall=group).exists():
            _fill(group, data.GROUP_WALL, speakers, pool, now, rng, result)
        for spec in data.THEMED_WALLS:
            if Wall.objects.filter(name=spec["name"]).exists():
                continue
            wall = services.wall_create(actor=speakers["moderator"], name=spec["name"],
                                        description=spec["description"])
            Wall.objects.filter(pk=wall.pk).update(
                created_at=now - timedelta(days=max(p["days_ago"] for p in spec["posts"]) + 1)
            )
            _fill(wall, spec, speakers, pool, now, rng, result)
    return result


def _text(text: str, speakers: dict) -> str:
    return MENTION.sub(lambda match: f"@{speakers[match.group(1)].display_name}", text)


def _fill(wall: Wall, spec: dict, speakers: dict, pool: list, now, rng: random.Random,
          result: Result) -> None:
    moderator = speakers["moderator"]
    for item in spec["posts"]:
        post = services.post_create(actor=speakers[item["author"]], wall=wall,
                                    body=_text(item["text"], speakers))
        comments: list[Comment] = []
        for line in item["comments"]:
            parent = comments[line[2]].pk if len(line) > 2 else None
            comments.append(services.comment_create(
                actor=speakers[line[0]], post=post, body=_text(line[1], speakers),
                parent_id=parent,
            ))
        if "edited" in item:
            post = services.post_edit(actor=post.author, post=post,
                                      body=_text(item["edited"], speakers))
        for kind, count in item["reactions"].items():
            for person in rng.sample(pool, min(count, len(pool))):
                services.reaction_toggle(actor=person, post=post, kind=kind)
            result.reactions += count
        if item.get("pinned"):
            services.post_pin(actor=moderator, post=post)
        if "reported" in item:
            reporter, reason = item["reported"]
            services.post_report(actor=speakers[reporter], post=post, reason=reason)
        if "hidden" in item:
            decide(actor=moderator, item=post, decision="hide", reason=item["hidden"])
        _date(post, comments, item, now, rng)
        result.posts += 1
        result.comments += len(comments)
    result.walls += 1


def _date(post: Post, comments: list[Comment], item: dict, now, rng: random.Random) -> None:
    """The post during a working day ``days_ago`` days ago, its comments in the hours after."""
    day = timezone.localtime(now) - timedelta(days=item["days_ago"])
    posted = day.replace(hour=rng.randint(9, 16), minute=rng.randint(0, 59), second=0,
                         microsecond=0)
    changes = {"created_at": posted}
    if "edited" in item:
        changes["edited_at"] = posted + timedelta(minutes=rng.randint(5, 40))
    if item.get("pinned"):
        changes["pinned_at"] = posted + timedelta(minutes=1)
    if "hidden" in item:
        changes["decided_at"] = posted + timedelta(hours=rng.randint(1, 5))
    Post.objects.filter(pk=post.pk).update(**changes)
    when = posted
    latest = now - timedelta(minutes=30)
    for comment in comments:
        when = min(when + timedelta(minutes=rng.randint(12, 300)), latest)
        Comment.objects.filter(pk=comment.pk).update(created_at=when)
