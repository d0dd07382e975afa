"""What the news feed does when an account closes (privacy/closure/, news/data_erasure.py).

A proposal still waiting for the moderators is withdrawn, as its author may withdraw it. A
published news item is the network's publication: it stays in both modes, signed "Ancien
membre"; in the "deleted" mode their items that never reached the feed (rejected, hidden) go.
The stream forgets who did what (its events keep their text, which names the thing, not them).
"""

from django.db import transaction

from moderation.models import ModerationStatus
from news.models import ActivityEvent, NewsItem
from news.search_indexes import NEWS_INDEX
from news.services.activity import activity_forget
from search.sync import schedule as schedule_index_update


@transaction.atomic
def member_news_release(*, member, delete_unpublished: bool) -> dict[str, int]:
    items = NewsItem.objects.filter(author=member)
    doomed = items.filter(moderation_status=ModerationStatus.PENDING)
    if delete_unpublished:
        doomed = items.exclude(moderation_status=ModerationStatus.PUBLISHED)
    doomed_ids = list(doomed.values_list("pk", flat=True))
    for item in NewsItem.objects.filter(pk__in=doomed_ids):
        activity_forget(target=item)
    NewsItem.objects.filter(pk__in=doomed_ids).delete()
    kept_ids = list(items.values_list("pk", flat=True))
    NewsItem.objects.filter(pk__in=kept_ids).update(author=None)
    for name in ("pinned_by", "edited_by"):
        NewsItem.objects.filter(**{name: member}).update(**{name: None})
    ActivityEvent.objects.filter(actor=member).update(actor=None)
    schedule_index_update(NEWS_INDEX, doomed_ids + kept_ids)
    return {"withdrawn": len(doomed_ids), "kept": len(kept_ids)}


def member_news_counts(member) -> dict[str, int]:
    items = NewsItem.objects.filter(author=member)
    return {"pending": items.filter(moderation_status=ModerationStatus.PENDING).count(),
            "published": items.filter(moderation_status=ModerationStatus.PUBLISHED).count()}
