"""Every write of the news feed: news items (items.py), the activity stream with the members'
visits of the feed (activity.py), announcing items when they become visible (announce.py) and
members' reports (reports.py). Other apps import from here."""

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
from news.services.announce import (
    announce_due_soon,
    news_announce,
    news_announce_due,
    news_key,
    reindex_news,
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
from news.services.reports import news_report

__all__ = [
    "KEEP",
    "VISIT_GAP",
    "activity_forget",
    "activity_hide",
    "activity_record",
    "activity_restore",
    "activity_update",
    "announce_due_soon",
    "clean_news",
    "clean_schedule",
    "feed_visit",
    "member_welcomed",
    "news_announce",
    "news_announce_due",
    "news_decided",
    "news_edit",
    "news_key",
    "news_pin",
    "news_propose",
    "news_publish",
    "news_report",
    "news_schedule",
    "news_unpin",
    "news_withdraw",
    "reindex_news",
]
