"""Who may read, propose, publish and moderate news items. Views, services, the moderation queue
and templates (through the views) all ask here.

Every member reads the feed and the news items members see (``NewsItem.is_visible``). A pending,
rejected, hidden or scheduled item is seen only by its author and the moderators. Members
propose; their proposal waits for a moderator, and they may edit or withdraw it while it waits.
Moderators publish directly (now or at a chosen time), edit any item, pin it, and decide on it
through the moderation app (approve, reject, hide, restore). Members report what they read
(one report per member and item) and search what every member sees.
"""

from django.http import Http404

from moderation import permissions as moderation_permissions
from news.models import NewsItem


def _is_member(user) -> bool:
    return bool(getattr(user, "is_member", False))


def _is_author(user, item: NewsItem) -> bool:
    return item.author_id is not None and item.author_id == getattr(user, "pk", None)


def can_moderate_news(user) -> bool:
    """Publish directly, schedule, pin, edit any item; decisions go through the moderation app."""
    return moderation_permissions.can_moderate(user)


def can_view_feed(user) -> bool:
    return _is_member(user)


def can_propose_news(user) -> bool:
    """Members propose (the item waits for a decision); moderators publish."""
    return _is_member(user)


def can_publish_news(user) -> bool:
    return can_moderate_news(user)


def can_view_news(user, item: NewsItem) -> bool:
    if not _is_member(user):
        return False
    return item.is_visible() or can_moderate_news(user) or _is_author(user, item)


def can_edit_news(user, item: NewsItem) -> bool:
    """Moderators, always; the author, only while the item waits for a decision."""
    if not can_view_news(user, item):
        return False
    return can_moderate_news(user) or (_is_author(user, item) and item.is_pending)


def can_withdraw_news(user, item: NewsItem) -> bool:
    """The author takes back a proposal that waits for a decision."""
    return _is_author(user, item) and item.is_pending and can_view_news(user, item)


def can_schedule_news(user, item: NewsItem) -> bool:
    """Choose when it appears: while it waits, or while its time has not come yet."""
    return can_moderate_news(user) and (
        item.is_pending or (item.is_published and not item.is_visible())
    )


def can_pin_news(user, item: NewsItem) -> bool:
    return can_moderate_news(user) and item.is_published and not item.is_pinned


def can_unpin_news(user, item: NewsItem) -> bool:
    return can_moderate_news(user) and item.is_pinned


def can_report_news(user, item: NewsItem) -> bool:
    """Members report a news item they read that breaks the rules, as they report a post on a
    wall (walls/permissions.py): anyone who sees it but its author, while members see it."""
    return (moderation_permissions.can_report(user) and not _is_author(user, item)
            and item.is_visible() and can_view_news(user, item))


def can_search_news(user) -> bool:
    return _is_member(user)


def can_see_decision(user, item: NewsItem) -> bool:
    """Who decided and why: the moderators, and the author (who was told)."""
    return can_moderate_news(user) or _is_author(user, item)


def get_news_for_user(user, pk: int) -> NewsItem:
    item = NewsItem.objects.select_related("author__profile").filter(pk=pk).first()
    if item is None or not can_view_news(user, item):
        raise Http404
    return item
