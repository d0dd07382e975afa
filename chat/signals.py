"""Logging out closes the person's sockets in every tab (DESIGN.md §5)."""

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from chat.realtime import close_user_sockets


@receiver(user_logged_out)
def close_sockets_on_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        close_user_sockets(user.pk)
