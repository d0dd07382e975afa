"""What the moderation queue may show and do for each kind of reported thing.

The moderation app does not read other apps' tables by itself: an app whose content members can
report registers here how the queue fetches that content (one query per kind for a whole page)
and which links a given moderator gets for one item. The app decides, with its own permissions,
whether a moderator may see the item in context at all: a message of a private room gives none
(DESIGN.md §7: moderators never read private conversations they are not part of).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class TargetActions:
    """What the queue offers a moderator for one reported item."""

    view_url: str = ""  # the item in its context, or "" if the moderator may not go there
    remove_url: str = ""  # the moderator's removal page, or "" if they may not remove it
    removed: bool = False  # already removed (only said where the moderator may see the item)
    missing: bool = False  # the item no longer exists


@dataclass(frozen=True)
class ModeratedKind:
    queryset: Callable[[], QuerySet]  # the items, shaped for ``actions`` (select_related)
    actions: Callable[[Any, Any], TargetActions]  # (moderator, item) -> what they may do
    # For things with a moderation status (moderation.models.Moderated):
    author: Callable[[Any], Any] | None = None  # item -> the member told of each decision
    describe: Callable[[Any], str] | None = None  # item -> how the log and the author name it
    url: Callable[[Any], str] | None = None  # item -> where its author finds it (a site path)
    on_decided: Callable[[Any, str], None] | None = None  # (item, decision): search, feed...


_kinds: dict[str, ModeratedKind] = {}


def register(model: type[Model], *, queryset: Callable[[], QuerySet],
             actions: Callable[[Any, Any], TargetActions], **moderated: Callable) -> None:
    """Called from the owning app's ``AppConfig.ready``; ``moderated``: the optional fields of
    ModeratedKind, for things with a moderation status."""
    _kinds[model._meta.label_lower] = ModeratedKind(queryset=queryset, actions=actions,
                                                    **moderated)


def kind_for(content_type: ContentType) -> ModeratedKind | None:
    return _kinds.get(f"{content_type.app_label}.{content_type.model}")


def kind_for_model(model: type[Model]) -> ModeratedKind | None:
    return _kinds.get(model._meta.label_lower)
