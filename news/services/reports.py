"""Members' reports (*signalements*) of news items: into the one moderation queue."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from moderation import services as moderation
from moderation.models import Report
from news import permissions
from news.models import NewsItem


def news_excerpt(item: NewsItem) -> str:
    """What the moderator reviews: every word members will read, and the link."""
    parts = [item.title, item.summary, item.body, item.link]
    return "\n\n".join(part for part in parts if part)


@transaction.atomic
def news_report(*, actor, item: NewsItem, reason: str) -> Report:
    """A member reports someone else's published news item to the moderators, with what it
    says now. Reporting it again changes nothing (``moderation.services.report_create``)."""
    item = NewsItem.objects.select_related("author").get(pk=item.pk)
    if not permissions.can_report_news(actor, item):
        raise PermissionDenied
    return moderation.report_create(
        actor=actor, target=item, reason=reason, excerpt=news_excerpt(item),
        target_author=item.author, context_label=_("News feed"),
    )
