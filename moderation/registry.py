"""What the moderation queue may show and do for each kind of reported thing.

The moderation app does not read other apps' tables by itself: an app whose content members can
report registers here how the queue fetches that content (one query per kind for a whole page)
and which links a given moderator gets for one item. The app decides, with its own permissions,
whether a moderator may see the item in context at all: a message of a private room gives none
(DESIGN.md §7: moderators never read private conversations they are not part of).

Things with a moderation status (``moderation.models.Moderated``: posts, comments...) also say who
their author is, how to name them and where to find them, so that ``services.decide`` can tell
the author; and which of them wait for a decision, for the queue's first section.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.utils import formats, timezone

from config.typography import typeset
from moderation.models import Moderated, ModerationStatus


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
    # For the queue's "waiting for a decision" section (things with a moderation status):
    pending: Callable[[], QuerySet] | None = None  # pending items, shaped for ``author``,
    # ``describe``, ``excerpt`` and ``actions`` (default: ``queryset()`` filtered on pending)
    excerpt: Callable[[Any], str] | None = None  # item -> the plain text the moderator reviews
    submitted_at: Callable[[Any], datetime | None] | None = None  # item -> when it was sent
    # (items, moderator) -> None: reads once for a whole batch what ``actions`` would ask item
    # by item (a project's membership of the moderator), so that a page of the queue costs
    # the same queries whatever it holds.
    prepare: Callable[[list, Any], None] | None = None
    model: type[Model] | None = None  # set by ``register``

    @property
    def label(self) -> str:
        """"app_label.model", as in the decision URLs."""
        return self.model._meta.label_lower if self.model else ""

    @property
    def has_status(self) -> bool:
        """A thing with a moderation status (moderation.models.Moderated), which ``decide``
        moves from status to status; a chat message has none: it is only reported."""
        return self.model is not None and issubclass(self.model, Moderated)

    def pending_items(self) -> QuerySet:
        """The items waiting for a decision, oldest first (by primary key: the order they
        came in, whatever the model calls its date)."""
        queryset = self.pending() if self.pending else self.queryset().filter(
            moderation_status=ModerationStatus.PENDING
        )
        return queryset.order_by("pk")

    def name_of(self, item) -> str:
        """How the queue, the log and the author's notification name ``item``: its app's
        ``describe``, with French typography ("Message d'Inès", config/typography.py)."""
        return typeset(self.describe(item) if self.describe else str(item))

    def date_of(self, item) -> datetime | None:
        if self.submitted_at:
            return self.submitted_at(item)
        return getattr(item, "created_at", None) or getattr(item, "created", None)


_kinds: dict[str, ModeratedKind] = {}


def moment(when: datetime) -> str:
    """A date and time as the descriptions of moderated things give it ("29/11/2026 14:33" in
    French): in the queue, the log and the author's notification."""
    return formats.date_format(timezone.localtime(when), "SHORT_DATETIME_FORMAT")


def register(model: type[Model], *, queryset: Callable[[], QuerySet],
             actions: Callable[[Any, Any], TargetActions], **moderated: Callable) -> None:
    """Called from the owning app's ``AppConfig.ready``; ``moderated``: the optional fields of
    ModeratedKind, for things with a moderation status."""
    _kinds[model._meta.label_lower] = ModeratedKind(queryset=queryset, actions=actions,
                                                    model=model, **moderated)


def kind_for(content_type: ContentType) -> ModeratedKind | None:
    return _kinds.get(f"{content_type.app_label}.{content_type.model}")


def kind_for_model(model: type[Model]) -> ModeratedKind | None:
    return _kinds.get(model._meta.label_lower)


def kind_for_label(label: str) -> ModeratedKind | None:
    """The kind named "app_label.model" (as in a decision URL), or None."""
    return _kinds.get(label)


def status_kinds() -> list[ModeratedKind]:
    """The registered kinds with a moderation status, in a stable order."""
    return [kind for _label, kind in sorted(_kinds.items()) if kind.has_status]
