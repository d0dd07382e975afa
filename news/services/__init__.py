"""Every write of the news feed: news items (items.py) and the activity stream with the
members' visits of the feed (activity.py). Other apps import from here."""

from news.services.activity import (
    VISIT_GAP,
    activity_forget,
    activity_hide,
    activity_record,
    activity_restore,
    activity_update,
    feed_visit,
    member_welcomed,
)
from news.services.items import (
    KEEP,
    clean_news,
    clean_schedule,
    news_decided,
    news_edit,
    news_pin,
    news_propose,
    news_publish,
    news_schedule,
    news_unpin,
    news_withdraw,
)

__all__ = [
    "KEEP",
    "VISIT_GAP",
    "activity_forget",
    "activity_hide",
    "activity_record",
    "activity_restore",
    "activity_update",
    "clean_news",
    "clean_schedule",
    "feed_visit",
    "member_welcomed",
    "news_decided",
    "news_edit",
    "news_pin",
    "news_propose",
    "news_publish",
    "news_schedule",
    "news_unpin",
    "news_withdraw",
]
