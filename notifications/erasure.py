"""The notification centre's services for a closing account (privacy/closure/,
notifications/data_erasure.py); kept beside notifications/services.py, which is near the size
where a file splits.

Mail stops: everything addressed to the member goes (pending e-mails and digests included,
since they are sent from these rows), with their preferences. What others received about the
member's actions forgets who acted; a name quoted in its text becomes ``label``.
"""

from django.db import transaction
from django.db.models import Q

from config.redaction import replace_names
from notifications.models import Notification, NotificationPreference


@transaction.atomic
def member_notifications_erase(*, member, names: list[str], label: str) -> dict[str, int]:
    received, _by_model = Notification.objects.filter(recipient=member).delete()
    NotificationPreference.objects.filter(member=member).delete()
    quoting = Q(actor=member)
    for name in filter(None, names):
        quoting |= Q(text__icontains=name)
    renamed = 0
    for notification in Notification.objects.filter(quoting).only("pk", "text", "actor_id"):
        Notification.objects.filter(pk=notification.pk).update(
            text=replace_names(notification.text, names, label),
            actor_id=None if notification.actor_id == member.pk else notification.actor_id,
        )
        renamed += 1
    return {"received": received, "renamed": renamed}

