"""What the news feed holds of a member, for their export (privacy/export/registry.py): the news
items they proposed."""

from django.utils.translation import gettext_lazy as _

from news.models import NewsItem
from privacy.export.registry import CHUNK, Column, ExportSection, register


def news_rows(member):
    for item in NewsItem.objects.filter(author=member).order_by("pk").iterator(chunk_size=CHUNK):
        yield {"id": item.pk, "title": item.title, "summary": item.summary, "text": item.body,
               "link": item.link, "status": item.get_moderation_status_display(),
               "created_at": item.created_at, "published_at": item.published_at}


register(ExportSection(
    key="actualites", title=_("News items"), order=35, rows=news_rows,
    description=_("the news items you proposed"),
    columns=(
        Column("id", _("Number")),
        Column("title", _("Title")),
        Column("summary", _("Summary")),
        Column("text", _("Text")),
        Column("link", _("Link")),
        Column("status", _("Moderation")),
        Column("created_at", _("Proposed on")),
        Column("published_at", _("Published on")),
    ),
))
