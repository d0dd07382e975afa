from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WallsConfig(AppConfig):
    name = "walls"
    verbose_name = _("Walls")

    def ready(self) -> None:
        from chat import topics
        from documents import quota
        from walls.attachments import attachment_bytes, connect_signals
        from walls.moderated import register_moderated
        from walls.permissions import can_watch_wall

        register_moderated()
        connect_signals()
        quota.register(attachment_bytes)
        # A tab showing a wall follows it over its socket ({"type": "follow", "topic": "wall"}):
        # walls/services/common.py then sends "wall" frames to the wall's group.
        topics.register("wall", group=lambda pk: f"wall.{pk}", can_follow=can_watch_wall)
