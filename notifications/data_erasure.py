"""What the notification centre does when an account closes (privacy/closure/registry.py)."""

from notifications.erasure import member_notifications_erase
from privacy.closure.registry import Closure, Eraser, register


def close(closure: Closure) -> None:
    done = member_notifications_erase(member=closure.member, names=closure.names,
                                      label=closure.label)
    for key, value in done.items():
        closure.count(f"notifications.{key}", value)


register(Eraser(name="notifications", order=80, close=close))
