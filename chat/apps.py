from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "chat"
    verbose_name = _("Chat")

    def ready(self) -> None:
        from chat import signals  # noqa: F401  (connects the receivers)
        from chat.moderated import register_message

        register_message()
