from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """A member's personal data across the platform: their export, the closing of their
    account, and how long each kind of data is kept. It sits above the content apps like
    moderation does: each app says what it holds of a member in modules of its own, found here
    (``data_export``, ``data_erasure``, ``data_retention``), and privacy never reaches into their
    tables itself."""

    name = "privacy"
    verbose_name = _("Personal data")

    def ready(self) -> None:
        autodiscover_modules("data_export")
        autodiscover_modules("data_erasure")
        autodiscover_modules("data_retention")
