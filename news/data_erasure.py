"""What the news feed does when an account closes (privacy/closure/registry.py)."""

from django.utils.translation import ngettext

from moderation.models import ModerationStatus
from news.models import NewsItem
from news.services.erasure import member_news_counts, member_news_release
from privacy.closure.registry import Closure, Eraser, SummaryLine, register


def close(closure: Closure) -> None:
    if closure.deletes_content:
        closure.forget(NewsItem, NewsItem.objects.filter(author=closure.member).exclude(
            moderation_status=ModerationStatus.PUBLISHED).values_list("pk", flat=True))
    done = member_news_release(member=closure.member,
                               delete_unpublished=closure.deletes_content)
    for key, value in done.items():
        closure.count(f"news.{key}", value)


def summary(member, closure: Closure) -> list[SummaryLine]:
    counts = member_news_counts(member)
    lines = []
    if counts["pending"]:
        lines.append(SummaryLine(ngettext(
            "%(count)d news proposal awaiting the moderators is withdrawn.",
            "%(count)d news proposals awaiting the moderators are withdrawn.",
            counts["pending"]) % {"count": counts["pending"]}))
    if counts["published"]:
        lines.append(SummaryLine(ngettext(
            "%(count)d published news item stays in the network's feed, signed "
            "“Former member”.",
            "%(count)d published news items stay in the network's feed, signed "
            "“Former member”.", counts["published"]) % {"count": counts["published"]}))
    return lines


register(Eraser(name="news", order=70, close=close, summary=summary))
