"""What the moderation queue and ``moderation.services.decide`` may do with news items
(moderation/registry.py). A member's proposal waits in the queue's "waiting for a decision"
section; approving it publishes it (``news.services.news_decided``), rejecting it tells its
author why. Hiding and restoring a published item are the same decision pages, reached from the
item's page."""

from django.utils.translation import gettext as _

from moderation.links import decision_url
from moderation.registry import TargetActions, moment, register
from news import permissions
from news.models import NewsItem
from news.services import news_decided
from news.services.reports import news_excerpt


def describe_news(item: NewsItem) -> str:
    """How the moderation log and the author's notification name a news item."""
    return _("News item “%(title)s” by %(author)s, %(time)s") % {
        "title": item.title,
        "author": item.author.display_name if item.author else _("Former member"),
        "time": moment(item.created_at),
    }


def news_actions(moderator, item: NewsItem) -> TargetActions:
    view_url = item.get_absolute_url()
    if item.is_hidden:
        return TargetActions(view_url=view_url, removed=True)
    remove_url = ""
    if permissions.can_moderate_news(moderator) and item.is_published:
        remove_url = decision_url(item, "hide")
    return TargetActions(view_url=view_url, remove_url=remove_url)


def register_moderated() -> None:
    register(
        NewsItem,
        queryset=lambda: NewsItem.objects.select_related("author"),
        actions=news_actions,
        author=lambda item: item.author,
        describe=describe_news,
        url=lambda item: item.get_absolute_url(),
        on_decided=news_decided,
        excerpt=news_excerpt,
        submitted_at=lambda item: item.created_at,
    )
