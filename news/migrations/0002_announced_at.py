"""``NewsItem.announced_at``: when members were told of an item and the search index took it.

Items already visible were published before members were told of news at all: they are marked
announced (at their publication time), so that the first due check does not tell everyone
about old news. Scheduled items stay unannounced: they are told when their time comes."""

from django.db import migrations, models
from django.db.models import F, Q
from django.utils import timezone


def mark_past_items_announced(apps, schema_editor):
    NewsItem = apps.get_model("news", "NewsItem")
    NewsItem.objects.filter(
        moderation_status="published", published_at__lte=timezone.now(),
    ).update(announced_at=F("published_at"))


class Migration(migrations.Migration):

    dependencies = [
        ("news", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="newsitem",
            name="announced_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="announced on"),
        ),
        migrations.AddIndex(
            model_name="newsitem",
            index=models.Index(
                condition=Q(("announced_at__isnull", True), ("moderation_status", "published")),
                fields=["published_at"], name="news_item_unannounced",
            ),
        ),
        migrations.RunPython(mark_past_items_announced, migrations.RunPython.noop),
    ]
