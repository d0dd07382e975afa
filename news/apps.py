from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News feed")

    def ready(self) -> None:
        from news import signals
        from news.moderated import register_moderated

        register_moderated()
        signals.connect()
