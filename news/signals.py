"""What the news feed does when things it points at are deleted: their events leave the stream
(an erased account keeps no welcome with its name)."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete

from news.models import NewsItem


def _forget(sender, instance, **kwargs) -> None:
    from news.services import activity_forget

    activity_forget(target=instance)


def connect() -> None:
    post_delete.connect(_forget, sender=get_user_model(), dispatch_uid="news.forget_user")
    post_delete.connect(_forget, sender=NewsItem, dispatch_uid="news.forget_news_item")
