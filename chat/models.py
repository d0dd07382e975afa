"""Rooms, their members and messages. The database is the truth; the socket carries the news."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

MAX_MESSAGE_LENGTH = 4000
MAX_DIRECT_MEMBERS = 8


class Room(models.Model):
    class Kind(models.TextChoices):
        PUBLIC = "public", _("Public room")
        PRIVATE = "private", _("Private room")
        DIRECT = "direct", _("Direct messages")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.PUBLIC)
    name = models.CharField(_("name"), max_length=80, blank=True)
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    # For direct conversations: the sorted member ids, so that one group has one room.
    direct_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_message_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    # Its members follow another app's (a project's room follows the project's members,
    # chat.services.room_sync_members): nobody joins, leaves or invites from the chat.
    managed_elsewhere = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("chat:room", args=[self.pk])

    @property
    def group_name(self) -> str:
        return f"chat.room.{self.pk}"

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class RoomMembership(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="room_memberships"
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    last_read_seq = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["room", "user"], name="unique_room_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.room_id}"


class Message(models.Model):
    """A message; ``seq`` only increases within its room, so a client can resume after it."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="messages")
    seq = models.PositiveBigIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(max_length=MAX_MESSAGE_LENGTH)
    html = models.TextField()
    reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Chosen by the sender's browser: a resent frame after a reconnect is not stored twice.
    client_id = models.CharField(max_length=64, blank=True)
    # The members its @mentions named when it was written or last edited (chat/mentions.py).
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="chat_mentions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["room", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["room", "seq"], name="unique_message_seq"),
            models.UniqueConstraint(
                fields=["room", "author", "client_id"],
                condition=~models.Q(client_id=""),
                name="unique_message_client_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room_id}:{self.seq}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
