"""What the news feed does when things it points at are deleted: their events leave the stream
(an erased account keeps no welcome with its name); a deleted news item also leaves the search
index and the members' notifications; an erased author's items are indexed again, without
their name."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, pre_delete

from news.models import NewsItem


def _forget(sender, instance, **kwargs) -> None:
    from news.services import activity_forget

    activity_forget(target=instance)


def _forget_news_item(sender, instance, **kwargs) -> None:
    from news.services import news_key, reindex_news
    from notifications.services import withdraw

    _forget(sender, instance)
    reindex_news(instance.pk)
    withdraw(key=news_key(instance.pk))


def _reindex_items_of(sender, instance, **kwargs) -> None:
    """Before the account goes (its items keep no author afterwards): their index entries
    follow once the erasure commits, as "Former member"."""
    from news.search_indexes import NEWS_INDEX
    from search.sync import schedule

    ids = list(NewsItem.objects.filter(author=instance).values_list("pk", flat=True))
    if ids:
        schedule(NEWS_INDEX, ids)


def connect() -> None:
    pre_delete.connect(_reindex_items_of, sender=get_user_model(),
                       dispatch_uid="news.reindex_items_of_erased_author")
    post_delete.connect(_forget, sender=get_user_model(), dispatch_uid="news.forget_user")
    post_delete.connect(_forget_news_item, sender=NewsItem, dispatch_uid="news.forget_news_item")
